package dev.coffer.crypto;

import dev.coffer.crypto.primitive.AesGcmAead;
import dev.coffer.crypto.primitive.SecretBytes;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's master key: it wraps every stored key version with AES-256-GCM, binding owner, key
 * name, type, version and purpose as associated data, so a wrapped row moved onto another key, user
 * or version no longer unwraps.
 */
final class MasterKey {

  static final String FILE_NAME = "master.key";

  private static final Logger log = LoggerFactory.getLogger(MasterKey.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final AesGcmAead aead;
  private final String fingerprint;
  private final String source;

  MasterKey(SecretBytes key, String source) {
    this.aead = new AesGcmAead(key);
    this.fingerprint = fingerprintOf(key);
    this.source = source;
  }

  /**
   * The key from {@code coffer.crypto.master-key} when set, else from {@code <storage>/master.key},
   * which is created (mode 0600) on the first start.
   *
   * @throws IllegalArgumentException naming the file when it exists but is malformed
   */
  static MasterKey load(CryptoProperties properties, Path storageDir) {
    if (properties.masterKey() != null) {
      byte[] raw =
          CryptoProperties.decodeMasterKey(
              properties.masterKey(), CryptoProperties.MASTER_KEY_SETTING);
      return new MasterKey(SecretBytes.copyOf(raw), CryptoProperties.MASTER_KEY_SETTING);
    }
    Path file = storageDir.resolve(FILE_NAME).toAbsolutePath();
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      String text = Files.readString(file, StandardCharsets.US_ASCII);
      byte[] raw = CryptoProperties.decodeMasterKey(text, "The master key file " + file);
      return new MasterKey(SecretBytes.copyOf(raw), "the master key file " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the master key file " + file, e);
    }
  }

  /**
   * Writes a fresh key to a private temporary file, then links it into place, so that two nodes
   * starting at once on shared storage cannot overwrite each other's key.
   */
  private static void create(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(FILE_NAME + "." + System.nanoTime() + ".tmp");
    try {
      try {
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } catch (UnsupportedOperationException e) {
        Files.createFile(temp);
      }
      Files.writeString(
          temp,
          Base64.getEncoder().encodeToString(SecretBytes.random(32).toByteArray()) + "\n",
          StandardCharsets.US_ASCII);
      Files.createLink(file, temp);
      log.info("Generated a new master key in {} (mode 0600); back it up.", file);
    } catch (FileAlreadyExistsException e) {
      log.info("Another node created the master key file {} first; using it.", file);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  byte[] wrap(SecretBytes material, byte[] associatedData) {
    return aead.encrypt(material.toByteArray(), associatedData);
  }

  /**
   * @throws GeneralSecurityException when the wrapped bytes are not authentic for this context
   */
  SecretBytes unwrap(byte[] wrapped, byte[] associatedData) throws GeneralSecurityException {
    return SecretBytes.copyOf(aead.decrypt(wrapped, associatedData));
  }

  /** Where this key came from, for messages. */
  String source() {
    return source;
  }

  /** A value that identifies this key without revealing anything about it. */
  String fingerprint() {
    return fingerprint;
  }

  /** The associated data that ties a wrapped value to exactly one place. */
  static byte[] context(String owner, String name, KeyType type, int version, String purpose) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF("coffer-key-wrap-v1");
      out.writeUTF(owner);
      out.writeUTF(name);
      out.writeUTF(type.id());
      out.writeInt(version);
      out.writeUTF(purpose);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static String fingerprintOf(SecretBytes key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key.toKeySpec("HmacSHA256"));
      return HexFormat.of()
          .formatHex(
              mac.doFinal("coffer master key fingerprint v1".getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JDK", e);
    }
  }
}

package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.crypto.primitive.SecretBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

  @TempDir Path storage;

  @Test
  void loadWhenSettingGivenThenUsesItAndWritesNoFile() throws GeneralSecurityException {
    String encoded = Base64.getEncoder().encodeToString(new byte[32]);
    MasterKey fromSetting = MasterKey.load(properties(encoded), storage);
    MasterKey again = MasterKey.load(properties(encoded), storage);
    assertThat(Files.exists(storage.resolve(MasterKey.FILE_NAME))).isFalse();
    assertThat(fromSetting.fingerprint()).isEqualTo(again.fingerprint());
    byte[] context = MasterKey.context("alice", "k", KeyType.FERNET, 1, "material");
    byte[] wrapped = fromSetting.wrap(SecretBytes.copyOf(new byte[] {1, 2}), context);
    assertThat(again.unwrap(wrapped, context).toByteArray()).containsExactly(1, 2);
  }

  @Test
  void loadWhenNoSettingThenGeneratesOwnerOnlyFileAndReusesIt() throws Exception {
    MasterKey first = MasterKey.load(properties(null), storage.resolve("new"));
    Path file = storage.resolve("new").resolve(MasterKey.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).hasSize(32);
    assertThat(MasterKey.load(properties(null), storage.resolve("new")).fingerprint())
        .isEqualTo(first.fingerprint());
    try (var siblings = Files.list(file.getParent())) {
      assertThat(siblings).containsExactly(file);
    }
  }

  @Test
  void loadWhenFileMalformedThenFailsNamingTheFile() throws Exception {
    Files.writeString(storage.resolve(MasterKey.FILE_NAME), "too short\n");
    assertThatThrownBy(() -> MasterKey.load(properties(null), storage))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(storage.resolve(MasterKey.FILE_NAME).toString())
        .hasMessageContaining("32");
  }

  @Test
  void settingWhenMalformedThenFailsNamingTheSettingWithoutEchoingIt() {
    for (String bad :
        new String[] {"not-base64!", Base64.getEncoder().encodeToString(new byte[16])}) {
      assertThatThrownBy(() -> properties(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("COFFER_MASTER_KEY")
          .hasMessageContaining("coffer.crypto.master-key")
          .hasMessageNotContaining(bad);
    }
    assertThat(properties(Base64.getEncoder().encodeToString(new byte[32])).toString())
        .doesNotContain("AAAA");
  }

  @Test
  void unwrapWhenMovedToAnotherOwnerNameTypeVersionOrPurposeThenFails() {
    MasterKey master = new MasterKey(SecretBytes.random(32), "test");
    byte[] wrapped =
        master.wrap(
            SecretBytes.random(32), MasterKey.context("alice", "k", KeyType.AES256_GCM, 1, "m"));
    for (byte[] elsewhere :
        new byte[][] {
          MasterKey.context("bob", "k", KeyType.AES256_GCM, 1, "m"),
          MasterKey.context("alice", "k2", KeyType.AES256_GCM, 1, "m"),
          MasterKey.context("alice", "k", KeyType.CHACHA20_POLY1305, 1, "m"),
          MasterKey.context("alice", "k", KeyType.AES256_GCM, 2, "m"),
          MasterKey.context("alice", "k", KeyType.AES256_GCM, 1, "hmac"),
          MasterKey.context("alic", "ek", KeyType.AES256_GCM, 1, "m")
        }) {
      assertThatThrownBy(() -> master.unwrap(wrapped, elsewhere))
          .isInstanceOf(GeneralSecurityException.class);
    }
    MasterKey other = new MasterKey(SecretBytes.random(32), "other");
    assertThatThrownBy(
            () ->
                other.unwrap(wrapped, MasterKey.context("alice", "k", KeyType.AES256_GCM, 1, "m")))
        .isInstanceOf(GeneralSecurityException.class);
  }

  static CryptoProperties properties(String masterKey) {
    return new CryptoProperties(masterKey, 1000, 100, Duration.ofMinutes(10));
  }
}

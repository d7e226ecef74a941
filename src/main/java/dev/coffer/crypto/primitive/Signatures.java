package dev.coffer.crypto.primitive;

import java.io.IOException;
import java.io.InputStream;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.EdDSAParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.jspecify.annotations.Nullable;

/**
 * Signatures through the JDK providers, the algorithm chosen by the key: RSA keys sign with
 * RSASSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt, trailer 1), Ed25519 keys with Ed25519 (pure),
 * P-256 keys with ECDSA over SHA-256, the signature in ASN.1 DER ({@code SEQUENCE {r, s}}), as
 * {@code openssl dgst -sha256 -verify} expects.
 *
 * <p>{@link #verify} answers false for any signature that does not verify, malformed ones included,
 * and never throws for a bad signature. ECDSA signatures must be strict DER (no BER, no padding, no
 * trailing bytes).
 */
public final class Signatures {

  /** The signature algorithms; each key type has exactly one. */
  public enum Algorithm {
    RSA_PSS_SHA256,
    ED25519,
    ECDSA_P256_SHA256;

    /** The algorithm of a supported key; an {@link IllegalArgumentException} for any other. */
    public static Algorithm of(Key key) {
      if ("RSA".equals(key.getAlgorithm()) && key instanceof RSAKey) {
        return RSA_PSS_SHA256;
      }
      if (AsymmetricKeys.isEd25519(key)) {
        return ED25519;
      }
      if (key instanceof ECKey ec && isP256(ec.getParams())) {
        return ECDSA_P256_SHA256;
      }
      throw new IllegalArgumentException("unsupported signing key (use RSA, Ed25519 or P-256)");
    }
  }

  private static final int ED25519_SIGNATURE_BYTES = 64;
  private static final int STREAM_BUFFER = 64 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ECParameterSpec P256 = p256();
  private static final PSSParameterSpec PSS =
      new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

  private Signatures() {}

  /** A new Ed25519 key pair. */
  public static KeyPair generateEd25519() {
    return generate("Ed25519", null);
  }

  /** A new ECDSA key pair on P-256 (secp256r1). */
  public static KeyPair generateEcdsaP256() {
    return generate("EC", new ECGenParameterSpec("secp256r1"));
  }

  /** A new RSA key pair of 2048, 3072 or 4096 bits (the same keys encrypt with RSA-OAEP). */
  public static KeyPair generateRsa(int bits) {
    return RsaOaepHybrid.generateKeyPair(bits);
  }

  /** Signs {@code message} with the algorithm of the key (see the class comment). */
  public static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature signer = signature(Algorithm.of(key));
      signer.initSign(key, RANDOM);
      signer.update(message);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the key cannot sign", e);
    }
  }

  /**
   * Signs everything {@code in} delivers, reading it in 64 KiB pieces so that memory stays flat
   * whatever its size. RSA-PSS and ECDSA hash the stream with SHA-256 as they do a message, so the
   * signature is the one {@link #sign} gives for the same bytes; Ed25519 signs in its pre-hashed
   * form, Ed25519ph (RFC 8032 section 5.1, SHA-512, empty context), because pure Ed25519 hashes the
   * message twice and so needs all of it at once.
   *
   * @throws IOException when the stream cannot be read to its end
   */
  public static byte[] signStream(PrivateKey key, InputStream in) throws IOException {
    try {
      Signature signer = streamSignature(Algorithm.of(key));
      signer.initSign(key, RANDOM);
      byte[] buffer = new byte[STREAM_BUFFER];
      for (int n; (n = in.read(buffer)) != -1; ) {
        signer.update(buffer, 0, n);
      }
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the key cannot sign", e);
    }
  }

  /**
   * True only when {@code signature} is what {@link #signStream} gives for the bytes of {@code in}
   * under the key; reads the stream to its end either way, in flat memory.
   *
   * @throws IOException when the stream cannot be read to its end
   */
  public static boolean verifyStream(PublicKey key, InputStream in, byte[] signature)
      throws IOException {
    Algorithm algorithm = Algorithm.of(key);
    if (algorithm == Algorithm.ECDSA_P256_SHA256) {
      return verifyEcdsaDigest(key, sha256(in), signature);
    }
    Signature verifier;
    try {
      verifier = streamSignature(algorithm);
      verifier.initVerify(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the key cannot verify", e);
    }
    byte[] buffer = new byte[STREAM_BUFFER];
    try {
      for (int n; (n = in.read(buffer)) != -1; ) {
        verifier.update(buffer, 0, n);
      }
      return (algorithm != Algorithm.ED25519 || signature.length == ED25519_SIGNATURE_BYTES)
          && verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** True only when {@code signature} is a valid signature of {@code message} under the key. */
  public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    Algorithm algorithm = Algorithm.of(key);
    try {
      return switch (algorithm) {
        case ECDSA_P256_SHA256 -> verifyEcdsa(key, message, signature);
        // JDK 17 accepts an Ed25519 signature with trailing bytes; a signature is 64 bytes.
        case ED25519 ->
            signature.length == ED25519_SIGNATURE_BYTES
                && verifyJdk(algorithm, key, message, signature);
        case RSA_PSS_SHA256 -> verifyJdk(algorithm, key, message, signature);
      };
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean verifyJdk(
      Algorithm algorithm, PublicKey key, byte[] message, byte[] signature)
      throws GeneralSecurityException {
    Signature verifier = signature(algorithm);
    verifier.initVerify(key);
    verifier.update(message);
    return verifier.verify(signature);
  }

  /**
   * ECDSA verification through Bouncy Castle: JDK 17's SunEC rejects valid signatures whose nonce
   * point has an x-coordinate at or above the group order (Wycheproof cases 350 and 479). Signing
   * stays with the JDK.
   */
  private static boolean verifyEcdsa(PublicKey key, byte[] message, byte[] signature)
      throws IOException {
    SHA256Digest sha256 = new SHA256Digest();
    sha256.update(message, 0, message.length);
    byte[] digest = new byte[sha256.getDigestSize()];
    sha256.doFinal(digest, 0);
    return verifyEcdsaDigest(key, digest, signature);
  }

  private static boolean verifyEcdsaDigest(PublicKey key, byte[] digest, byte[] signature)
      throws IOException {
    if (!isStrictDerEcdsa(signature)) {
      return false;
    }
    ASN1Sequence rs = ASN1Sequence.getInstance(signature);
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, PublicKeyFactory.createKey(key.getEncoded()));
    return verifier.verifySignature(
        digest,
        ASN1Integer.getInstance(rs.getObjectAt(0)).getValue(),
        ASN1Integer.getInstance(rs.getObjectAt(1)).getValue());
  }

  /** The JDK's SHA-256, intrinsified, where it counts: over a whole stream. */
  private static byte[] sha256(InputStream in) throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
    byte[] buffer = new byte[STREAM_BUFFER];
    for (int n; (n = in.read(buffer)) != -1; ) {
      sha256.update(buffer, 0, n);
    }
    return sha256.digest();
  }

  /**
   * As {@link #signature}, but Ed25519 in its pre-hashed form, which takes input piece by piece.
   */
  private static Signature streamSignature(Algorithm algorithm) throws GeneralSecurityException {
    Signature signature = signature(algorithm);
    if (algorithm == Algorithm.ED25519) {
      signature.setParameter(new EdDSAParameterSpec(true));
    }
    return signature;
  }

  private static Signature signature(Algorithm algorithm) throws GeneralSecurityException {
    return switch (algorithm) {
      case RSA_PSS_SHA256 -> {
        Signature pss = Signature.getInstance("RSASSA-PSS", "SunRsaSign");
        pss.setParameter(PSS);
        yield pss;
      }
      case ED25519 -> Signature.getInstance("Ed25519", "SunEC");
      case ECDSA_P256_SHA256 -> Signature.getInstance("SHA256withECDSA", "SunEC");
    };
  }

  /** {@code SEQUENCE { INTEGER r, INTEGER s }} with r, s positive, in its one DER encoding. */
  static boolean isStrictDerEcdsa(byte[] signature) {
    try {
      ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(signature));
      if (sequence.size() != 2) {
        return false;
      }
      for (int i = 0; i < 2; i++) {
        if (!(sequence.getObjectAt(i) instanceof ASN1Integer integer)
            || integer.getValue().signum() <= 0) {
          return false;
        }
      }
      return Arrays.equals(sequence.getEncoded(ASN1Encoding.DER), signature);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean isP256(ECParameterSpec params) {
    return params.getCurve().equals(P256.getCurve())
        && params.getGenerator().equals(P256.getGenerator())
        && params.getOrder().equals(P256.getOrder())
        && params.getCofactor() == P256.getCofactor();
  }

  private static KeyPair generate(String algorithm, @Nullable ECGenParameterSpec spec) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, "SunEC");
      if (spec != null) {
        generator.initialize(spec, RANDOM);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " key generation is unavailable", e);
    }
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC", "SunEC");
      params.init(new ECGenParameterSpec("secp256r1"));
      return params.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is unavailable", e);
    }
  }
}

package dev.coffer.crypto.primitive;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Object;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/**
 * Encoding of the asymmetric keys Coffer supports (RSA, Ed25519, ECDSA P-256): PEM and DER in the
 * standard containers (SubjectPublicKeyInfo for public keys, PKCS#8 for private keys), and the
 * public key of a private key. Every key that comes out is a JDK key (SunRsaSign or SunEC), so the
 * JDK providers do the work; Bouncy Castle only parses.
 *
 * <p>Malformed or unsupported input is an {@link IllegalArgumentException} whose message is safe to
 * show to the caller (it never quotes key material). Supported: {@code rsaEncryption} keys,
 * Ed25519, and EC keys on the named curve P-256 (secp256r1); PEM private keys as {@code PRIVATE
 * KEY} (PKCS#8), {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC 1), unencrypted;
 * PEM public keys as {@code PUBLIC KEY} or {@code RSA PUBLIC KEY}.
 */
public final class AsymmetricKeys {

  private static final ASN1ObjectIdentifier RSA = PKCSObjectIdentifiers.rsaEncryption;
  private static final ASN1ObjectIdentifier EC = X9ObjectIdentifiers.id_ecPublicKey;
  private static final ASN1ObjectIdentifier P256 = SECObjectIdentifiers.secp256r1;
  private static final ASN1ObjectIdentifier ED25519 = EdECObjectIdentifiers.id_Ed25519;

  private AsymmetricKeys() {}

  /** PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo), 64-character lines, LF line ends. */
  public static String toPem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  /** PEM {@code PRIVATE KEY} (unencrypted PKCS#8), 64-character lines, LF line ends. */
  public static String toPem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  /** Parses one PEM public key. */
  public static PublicKey publicKeyFromPem(String pem) {
    Object parsed = readPem(pem);
    if (parsed instanceof SubjectPublicKeyInfo info) {
      return publicKeyFromDer(encoded(info));
    }
    throw new IllegalArgumentException("expected a PEM public key (BEGIN PUBLIC KEY)");
  }

  /** Parses one PEM private key; see the class comment for the accepted forms. */
  public static PrivateKey privateKeyFromPem(String pem) {
    Object parsed = readPem(pem);
    if (parsed instanceof PrivateKeyInfo info) {
      return privateKeyFromDer(encoded(info));
    }
    if (parsed instanceof PEMKeyPair pair) {
      return privateKeyFromDer(encoded(pair.getPrivateKeyInfo()));
    }
    throw new IllegalArgumentException(
        "expected an unencrypted PEM private key (BEGIN PRIVATE KEY)");
  }

  /** Parses a DER SubjectPublicKeyInfo. */
  public static PublicKey publicKeyFromDer(byte[] der) {
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(der);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed public key");
    }
    String algorithm = jdkAlgorithm(info.getAlgorithm());
    try {
      return keyFactory(algorithm).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("malformed public key");
    }
  }

  /**
   * Parses a DER PKCS#8 private key (version 1 or 2; an embedded public key is ignored, the public
   * key is always derived from the private one). {@code key.getEncoded()} of the result is the
   * canonical form to store.
   */
  public static PrivateKey privateKeyFromDer(byte[] der) {
    PrivateKeyInfo info;
    PrivateKeyInfo v1;
    try {
      info = PrivateKeyInfo.getInstance(der);
      v1 = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("malformed private key");
    }
    String algorithm = jdkAlgorithm(info.getPrivateKeyAlgorithm());
    PrivateKey key;
    try {
      key = keyFactory(algorithm).generatePrivate(new PKCS8EncodedKeySpec(encoded(v1)));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("malformed private key");
    }
    if (key instanceof RSAKey && !(key instanceof RSAPrivateCrtKey)) {
      throw new IllegalArgumentException("RSA private keys must carry their CRT parameters");
    }
    return key;
  }

  /** The public key that belongs to a private key made by this class or the generators here. */
  public static PublicKey publicKeyOf(PrivateKey key) {
    try {
      if (key instanceof RSAPrivateCrtKey rsa) {
        return keyFactory("RSA")
            .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      }
      AsymmetricKeyParameter privateParameters = PrivateKeyFactory.createKey(key.getEncoded());
      AsymmetricKeyParameter publicParameters;
      if (privateParameters instanceof Ed25519PrivateKeyParameters ed) {
        publicParameters = ed.generatePublicKey();
      } else if (privateParameters instanceof ECPrivateKeyParameters ec) {
        BigInteger d = ec.getD();
        publicParameters =
            new ECPublicKeyParameters(
                new FixedPointCombMultiplier().multiply(ec.getParameters().getG(), d).normalize(),
                ec.getParameters());
      } else {
        throw new IllegalArgumentException("unsupported private key");
      }
      return publicKeyFromDer(
          SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicParameters).getEncoded());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("unsupported private key");
    }
  }

  /** {@code "RSA"}, {@code "Ed25519"} or {@code "EC"} for a supported key; otherwise refused. */
  static String jdkAlgorithm(AlgorithmIdentifier id) {
    ASN1ObjectIdentifier oid = id.getAlgorithm();
    if (RSA.equals(oid)) {
      return "RSA";
    }
    if (ED25519.equals(oid)) {
      return "Ed25519";
    }
    if (EC.equals(oid)) {
      if (!P256.equals(id.getParameters())) {
        throw new IllegalArgumentException("EC keys must be on the named curve P-256");
      }
      return "EC";
    }
    throw new IllegalArgumentException("unsupported key algorithm (use RSA, Ed25519 or P-256)");
  }

  static KeyFactory keyFactory(String algorithm) throws GeneralSecurityException {
    return KeyFactory.getInstance(algorithm, "RSA".equals(algorithm) ? "SunRsaSign" : "SunEC");
  }

  /** True when the key is an Ed25519 key (JDK keys report the family name "EdDSA"). */
  static boolean isEd25519(Key key) {
    return key instanceof EdECKey ed && "Ed25519".equals(ed.getParams().getName());
  }

  private static Object readPem(String pem) {
    Object first;
    Object second;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      first = parser.readObject();
      second = first == null ? null : parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("malformed PEM");
    }
    if (first == null) {
      throw new IllegalArgumentException("no PEM block found");
    }
    if (second != null) {
      throw new IllegalArgumentException("expected exactly one PEM block");
    }
    return first;
  }

  private static byte[] encoded(ASN1Object object) {
    try {
      return object.getEncoded("DER");
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed key");
    }
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }
}

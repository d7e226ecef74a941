package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** sign, hmac and verify over HTTP, with rotation and minimum versions. */
class SigningEndToEndTest extends CryptoEndToEndTest {

  private static final String MESSAGE = b64("pay 100 EUR to bob".getBytes());
  private static final String OTHER = b64("pay 900 EUR to eve".getBytes());

  @ParameterizedTest
  @ValueSource(strings = {"rsa-2048", "ed25519", "ecdsa-p256"})
  void signWhenVerifiedThenValidAndTamperedInputOrSignatureInvalid(String type) {
    String alice = newUser("alice");
    createKey(alice, "k", type);
    String signature = sign(alice, "k", MESSAGE);
    assertThat(signature).startsWith("coffer:v1:");

    assertThat(verify(alice, "k", Map.of("input", MESSAGE, "signature", signature))).isTrue();
    assertThat(verify(alice, "k", Map.of("input", OTHER, "signature", signature))).isFalse();
    String flipped = flipLastBase64Char(signature);
    assertThat(verify(alice, "k", Map.of("input", MESSAGE, "signature", flipped))).isFalse();
    assertThat(verify(alice, "k", Map.of("input", MESSAGE, "signature", "coffer:v1:AAAA")))
        .isFalse();
    assertThat(verify(alice, "k", Map.of("input", MESSAGE, "signature", "coffer:v1:"))).isFalse();
    String text =
        json(alice)
            .body(Map.of("text", "pay 100 EUR to bob"))
            .post("/api/v1/keys/k/sign")
            .then()
            .statusCode(200)
            .body("keyVersion", equalTo(1))
            .extract()
            .path("signature");
    assertThat(verify(alice, "k", Map.of("input", MESSAGE, "signature", text))).isTrue();
  }

  @Test
  void signWhenRotatedThenNewVersionAndOldSignaturesVerifyUntilMinDecryptionVersionRaised() {
    String alice = newUser("alice");
    createKey(alice, "k", "ed25519");
    String v1 = sign(alice, "k", MESSAGE);
    String h1 = hmac(alice, "k", MESSAGE);
    json(alice).post("/api/v1/keys/k/rotate").then().statusCode(200);
    String v2 = sign(alice, "k", MESSAGE);
    String h2 = hmac(alice, "k", MESSAGE);
    assertThat(v2).startsWith("coffer:v2:");
    assertThat(h2).startsWith("coffer:v2:").isNotEqualTo("coffer:v2:" + h1.substring(10));
    assertThat(verify(alice, "k", Map.of("input", MESSAGE, "signature", v1))).isTrue();
    assertThat(verify(alice, "k", Map.of("input", MESSAGE, "hmac", h1))).isTrue();
    // a v1 signature relabelled as v2 does not verify under v2's key
    assertThat(
            verify(
                alice, "k", Map.of("input", MESSAGE, "signature", "coffer:v2:" + v1.substring(10))))
        .isFalse();

    json(alice)
        .body(Map.of("minDecryptionVersion", 2))
        .patch("/api/v1/keys/k")
        .then()
        .statusCode(200);
    for (Map<String, String> body :
        List.of(Map.of("input", MESSAGE, "signature", v1), Map.of("input", MESSAGE, "hmac", h1))) {
      json(alice)
          .body(body)
          .post("/api/v1/keys/k/verify")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body(
              "detail",
              equalTo(
                  body.keySet().stream().filter(f -> !f.equals("input")).findFirst().orElseThrow()
                      + ": version 1 is below the key's minDecryptionVersion 2"));
    }
    assertThat(verify(alice, "k", Map.of("input", MESSAGE, "signature", v2))).isTrue();
    json(alice)
        .body(Map.of("input", MESSAGE, "keyVersion", 1))
        .post("/api/v1/keys/k/sign")
        .then()
        .statusCode(400)
        .body("detail", startsWith("keyVersion:"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"aes256-gcm", "chacha20-poly1305", "fernet", "rsa-2048", "ed25519", "ecdsa-p256"})
  void hmacWhenAnyKeyTypeThenPerVersionTagThatVerifies(String type) {
    String alice = newUser("alice");
    createKey(alice, "k", type);
    createKey(alice, "other", type);
    String tag = hmac(alice, "k", MESSAGE);
    assertThat(tag).startsWith("coffer:v1:");
    assertThat(java.util.Base64.getDecoder().decode(tag.substring(10))).hasSize(32);
    assertThat(hmac(alice, "k", MESSAGE)).isEqualTo(tag);
    assertThat(hmac(alice, "other", MESSAGE)).isNotEqualTo(tag);

    assertThat(verify(alice, "k", Map.of("input", MESSAGE, "hmac", tag))).isTrue();
    assertThat(verify(alice, "k", Map.of("input", OTHER, "hmac", tag))).isFalse();
    assertThat(verify(alice, "other", Map.of("input", MESSAGE, "hmac", tag))).isFalse();
    assertThat(verify(alice, "k", Map.of("input", MESSAGE, "hmac", flipLastBase64Char(tag))))
        .isFalse();
  }

  @Test
  void signOrVerifyWhenInputBadThen400NamingTheFieldNever500() {
    String alice = newUser("alice");
    createKey(alice, "sig", "ecdsa-p256");
    createKey(alice, "aes", "aes256-gcm");
    String signature = sign(alice, "sig", MESSAGE);
    record Case(String key, String path, Map<String, Object> body, String detailStart) {}
    List<Case> cases =
        List.of(
            new Case("aes", "sign", Map.of("input", MESSAGE), "Keys of type 'aes256-gcm' do not"),
            new Case("aes", "verify", Map.of("input", MESSAGE, "signature", signature), "Keys of"),
            new Case("sig", "sign", Map.of(), "input:"),
            new Case("sig", "sign", Map.of("input", "!!"), "input:"),
            new Case("sig", "sign", Map.of("input", MESSAGE, "text", "x"), "input:"),
            new Case("sig", "hmac", Map.of("input", "%%%"), "input:"),
            new Case("sig", "verify", Map.of("input", MESSAGE), "signature:"),
            new Case(
                "sig",
                "verify",
                Map.of("input", MESSAGE, "signature", signature, "hmac", signature),
                "signature:"),
            new Case("sig", "verify", Map.of("input", MESSAGE, "signature", "junk"), "signature:"),
            new Case(
                "sig",
                "verify",
                Map.of("input", MESSAGE, "signature", "coffer:v1:!!"),
                "signature:"),
            new Case("sig", "verify", Map.of("input", MESSAGE, "hmac", "coffer:v9:AAAA"), "hmac:"),
            new Case(
                "sig",
                "verify",
                Map.of("input", MESSAGE, "signature", "coffer:v0:AAAA"),
                "signature:"),
            new Case("sig", "verify", Map.of("signature", signature), "input:"),
            new Case("sig", "sign", Map.of("input", List.of()), "input:"));
    for (Case c : cases) {
      json(alice)
          .body(c.body())
          .post("/api/v1/keys/" + c.key() + "/" + c.path())
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("detail", startsWith(c.detailStart()));
    }
    String bob = newUser("bob");
    json(bob).body(Map.of("input", MESSAGE)).post("/api/v1/keys/sig/sign").then().statusCode(404);
    json(bob)
        .body(Map.of("input", MESSAGE, "signature", signature))
        .post("/api/v1/keys/sig/verify")
        .then()
        .statusCode(404);
  }

  private String sign(String user, String key, String input) {
    return json(user)
        .body(Map.of("input", input))
        .post("/api/v1/keys/" + key + "/sign")
        .then()
        .statusCode(200)
        .extract()
        .path("signature");
  }

  private String hmac(String user, String key, String input) {
    return json(user)
        .body(Map.of("input", input))
        .post("/api/v1/keys/" + key + "/hmac")
        .then()
        .statusCode(200)
        .extract()
        .path("hmac");
  }

  private boolean verify(String user, String key, Map<String, String> body) {
    return json(user)
        .body(body)
        .post("/api/v1/keys/" + key + "/verify")
        .then()
        .statusCode(200)
        .extract()
        .path("valid");
  }

  /** Changes the last significant base64 character before any padding. */
  private static String flipLastBase64Char(String value) {
    int i = value.length() - 1;
    while (value.charAt(i) == '=') {
      i--;
    }
    char c = value.charAt(i - 1);
    char replaced = c == 'A' ? 'B' : 'A';
    return value.substring(0, i - 1) + replaced + value.substring(i);
  }
}

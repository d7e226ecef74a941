package dev.coffer.crypto.primitive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class FernetTest {

  static Stream<Arguments> generate() {
    return vectors("generate.json");
  }

  static Stream<Arguments> verify() {
    return vectors("verify.json");
  }

  static Stream<Arguments> invalid() {
    return vectors("invalid.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generate")
  void generateVectorWhenEncryptedWithItsIvAndTimeThenTokenMatches(JsonNode v) {
    Fernet fernet = fernetAt(v);
    byte[] iv = new byte[16];
    for (int i = 0; i < 16; i++) {
      iv[i] = (byte) v.get("iv").get(i).asInt();
    }
    String token =
        fernet.encrypt(
            v.get("src").asString().getBytes(StandardCharsets.UTF_8), now(v).toEpochSecond(), iv);
    assertThat(token).isEqualTo(v.get("token").asString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verify")
  void verifyVectorWhenDecryptedThenGivesSource(JsonNode v) throws GeneralSecurityException {
    Fernet.Decrypted decrypted =
        fernetAt(v)
            .decrypt(v.get("token").asString(), Duration.ofSeconds(v.get("ttl_sec").asLong()));
    assertThat(new String(decrypted.plaintext(), StandardCharsets.UTF_8))
        .isEqualTo(v.get("src").asString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidVectorWhenDecryptedThenFails(JsonNode v) {
    Fernet fernet = fernetAt(v);
    String token = v.get("token").asString();
    Duration ttl = Duration.ofSeconds(v.get("ttl_sec").asLong());
    assertThatThrownBy(() -> fernet.decrypt(token, ttl))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void tokenWhenOlderThanTtlThenRefusedButAcceptedWithoutTtl() throws GeneralSecurityException {
    SecretBytes key = SecretBytes.random(Fernet.KEY_LENGTH);
    Clock then = Clock.fixed(java.time.Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC);
    String token = new Fernet(key, then).encrypt("old".getBytes(StandardCharsets.UTF_8));
    Fernet today = new Fernet(key);
    assertThatThrownBy(() -> today.decrypt(token, Duration.ofDays(1)))
        .isInstanceOf(GeneralSecurityException.class);
    assertThat(today.decrypt(token, null).plaintext()).asString().isEqualTo("old");
    assertThat(today.decrypt(token, Duration.ofSeconds(Long.MAX_VALUE)).plaintext())
        .asString()
        .isEqualTo("old");
  }

  @Test
  void tokenWhenDecryptedWithAnotherKeyThenFails() {
    String token = new Fernet(SecretBytes.random(32)).encrypt(new byte[] {1, 2, 3});
    Fernet other = new Fernet(SecretBytes.random(32));
    assertThatThrownBy(() -> other.decrypt(token, null))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void keyWhenFormattedThenParsesBackAndRejectsWrongLengths() {
    SecretBytes key = SecretBytes.random(32);
    assertThat(Fernet.parseKey(Fernet.formatKey(key)).equalsSecret(key)).isTrue();
    assertThat(Fernet.formatKey(key)).hasSize(44).doesNotContain("+", "/");
    assertThatThrownBy(() -> Fernet.parseKey("c2hvcnQ="))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fernet.parseKey("not base64 at all!"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Fernet fernetAt(JsonNode v) {
    return new Fernet(
        Fernet.parseKey(v.get("secret").asString()),
        Clock.fixed(now(v).toInstant(), ZoneOffset.UTC));
  }

  private static OffsetDateTime now(JsonNode v) {
    return OffsetDateTime.parse(v.get("now").asString());
  }

  private static Stream<Arguments> vectors(String file) {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonNode v : Vectors.load("fernet/" + file)) {
      String name = v.has("desc") ? v.get("desc").asString() : file + " #" + i;
      out.add(Arguments.of(Named.of(name, v)));
      i++;
    }
    assertThat(out).isNotEmpty();
    return out.stream();
  }
}

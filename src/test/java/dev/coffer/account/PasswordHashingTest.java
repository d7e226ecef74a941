package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PasswordHashingTest {

  private final PasswordHashing hashing =
      new PasswordHashing(
          new AccountProperties(
              "admin",
              null,
              null,
              Duration.ofMinutes(5),
              5,
              50,
              Duration.ofMinutes(5),
              1,
              3650,
              TokenCache.Mode.AUTO));

  @Test
  void hashWhenNewPasswordThenArgon2idAtOwaspParameters() {
    String hash = hashing.hash("correct horse battery staple");
    assertThat(hash).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(hashing.matches("correct horse battery staple", hash)).isTrue();
    assertThat(hashing.matches("Correct horse battery staple", hash)).isFalse();
    assertThat(hashing.needsUpgrade(hash)).isFalse();
  }

  @Test
  void hashWhenSamePasswordTwiceThenDifferentSalts() {
    assertThat(hashing.hash("same-password")).isNotEqualTo(hashing.hash("same-password"));
  }

  @Test
  void matchesWhenLegacySha256HexThenVerifiesAndNeedsUpgrade() {
    // sha256("password") from the original socket server's user table
    String legacy = "{SHA-256}5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";
    assertThat(hashing.matches("password", legacy)).isTrue();
    assertThat(hashing.matches("Password", legacy)).isFalse();
    assertThat(hashing.needsUpgrade(legacy)).isTrue();
  }

  @Test
  void matchesWhenLegacyHashMalformedThenFalse() {
    assertThat(hashing.matches("password", "{SHA-256}not-hex")).isFalse();
    assertThat(hashing.matches("password", "{SHA-256}")).isFalse();
  }
}

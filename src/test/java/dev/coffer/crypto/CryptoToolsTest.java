package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Random bytes and hashes, no key needed. */
class CryptoToolsTest {

  private final CryptoTools tools = new CryptoTools();

  @Test
  void randomWhenBase64OrHexThenThatManyFreshBytes() {
    assertThat(Base64.getDecoder().decode(tools.random(32, null))).hasSize(32);
    assertThat(Base64.getDecoder().decode(tools.random(1, "base64"))).hasSize(1);
    assertThat(HexFormat.of().parseHex(tools.random(1024, "hex"))).hasSize(1024);
    assertThat(tools.random(32, "hex")).isNotEqualTo(tools.random(32, "hex"));
  }

  @Test
  void randomWhenTheCountOrFormatIsOutOfRangeThenInvalid() {
    for (Integer bytes : new Integer[] {null, 0, 1025}) {
      assertThatThrownBy(() -> tools.random(bytes, "hex"))
          .isInstanceOf(CryptoProblem.class)
          .hasMessageContaining("bytes");
    }
    assertThatThrownBy(() -> tools.random(8, "base32"))
        .isInstanceOf(CryptoProblem.class)
        .hasMessageContaining("format");
  }

  @Test
  void hashWhenKnownInputThenTheStandardDigests() {
    String abc = Base64.getEncoder().encodeToString("abc".getBytes());
    assertThat(tools.hash(abc, null))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(tools.hash(abc, "sha3-256"))
        .isEqualTo("3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
    assertThat(tools.hash(abc, "sha2-512")).hasSize(128).startsWith("ddaf35a193617aba");
  }

  @Test
  void hashWhenNoInputOrAnUnknownAlgorithmThenInvalid() {
    assertThatThrownBy(() -> tools.hash(null, null))
        .isInstanceOf(CryptoProblem.class)
        .hasMessageContaining("input");
    assertThatThrownBy(() -> tools.hash("YWJj", "md5"))
        .isInstanceOf(CryptoProblem.class)
        .hasMessageContaining("algorithm");
  }
}

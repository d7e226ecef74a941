package dev.coffer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeTest {

  @Test
  void idWhenConfiguredThenThatOne() {
    assertThat(Node.idOf("web1", 8080)).isEqualTo("web1");
  }

  @Test
  void idWhenUnsetThenHostAndPortAsAValidStableId() {
    String id = Node.idOf(null, 8080);
    assertThat(id).endsWith("-8080").matches(Node.ID_PATTERN).isEqualTo(Node.idOf("", 8080));
  }

  @Test
  void idWhenUnsetAndPortRandomThenRandomPerStart() {
    assertThat(Node.idOf(null, 0)).matches(Node.ID_PATTERN).isNotEqualTo(Node.idOf(null, 0));
  }

  @ParameterizedTest
  @CsvSource({
    "jdbc:postgresql://db:5432/coffer, true",
    "JDBC:POSTGRESQL://db/coffer, true",
    "jdbc:h2:file:./storage/db/coffer, false",
    "'', false"
  })
  void sharedOnlyOnPostgres(String url, boolean shared) {
    assertThat(Node.postgres(url)).isEqualTo(shared);
  }
}

package dev.coffer.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the disk protection reads from the database URL: the reserve goes beside an embedded
 * database file (nowhere for any other database), whose commits are written at once.
 */
class DiskGuardTest {

  @ParameterizedTest
  @CsvSource({
    "'jdbc:h2:file:./storage/db/coffer;MODE=PostgreSQL;WRITE_DELAY=0', ./storage/db/coffer",
    "jdbc:h2:file:/var/lib/coffer/db/coffer, /var/lib/coffer/db/coffer",
    "'jdbc:h2:/data/coffer;MODE=PostgreSQL', /data/coffer",
    "JDBC:H2:FILE:/data/Coffer, /data/Coffer"
  })
  void databaseFileWhenH2FileUrlThenTheFileItNames(String url, String file) {
    assertThat(DiskGuard.embeddedDatabaseFile(url)).isEqualTo(Path.of(file));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:postgresql://127.0.0.1:5432/test",
        "jdbc:h2:mem:coffer;DB_CLOSE_DELAY=-1",
        "jdbc:h2:tcp://db.example/coffer",
        "jdbc:h2:ssl://db.example/coffer",
        ""
      })
  void databaseFileWhenNotAnEmbeddedFileThenNone(String url) {
    assertThat(DiskGuard.embeddedDatabaseFile(url)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "jdbc:h2:file:/data/coffer;MODE=PostgreSQL, jdbc:h2:file:/data/coffer;MODE=PostgreSQL;WRITE_DELAY=0",
    "jdbc:h2:file:/data/coffer;write_delay=100, jdbc:h2:file:/data/coffer;write_delay=100",
    "jdbc:h2:mem:coffer, jdbc:h2:mem:coffer",
    "jdbc:postgresql://db/coffer, jdbc:postgresql://db/coffer"
  })
  void urlWhenEmbeddedFileWithoutWriteDelayThenCommitsAreWrittenAtOnce(String url, String used) {
    assertThat(DatabaseRecovery.writeThrough(url)).isEqualTo(used);
  }
}

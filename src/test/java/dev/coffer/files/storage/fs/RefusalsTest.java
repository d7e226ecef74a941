package dev.coffer.files.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the file system's errors (as the JDK reports them on Linux) mean to a caller. */
class RefusalsTest {

  static Stream<Arguments> raceErrors() {
    return Stream.of(
        Arguments.of(new NoSuchFileException("/x"), Reason.NOT_FOUND),
        Arguments.of(new DirectoryNotEmptyException("/x"), Reason.NOT_EMPTY),
        Arguments.of(new FileSystemException("/x", null, "Directory not empty"), Reason.NOT_EMPTY),
        Arguments.of(new NotDirectoryException("/x"), Reason.NOT_A_FOLDER),
        Arguments.of(new FileSystemException("/x", null, "Not a directory"), Reason.NOT_A_FOLDER),
        Arguments.of(new FileSystemException("/x", null, "Is a directory"), Reason.IS_A_FOLDER),
        Arguments.of(new FileAlreadyExistsException("/x"), Reason.ALREADY_EXISTS),
        Arguments.of(
            new FileSystemException(
                "/x", null, "Too many levels of symbolic links or unable to access attributes"),
            Reason.UNSAFE_PATH),
        Arguments.of(new IOException("Too many levels of symbolic links"), Reason.UNSAFE_PATH),
        Arguments.of(new IOException("No space left on device"), Reason.NO_SPACE));
  }

  @ParameterizedTest
  @MethodSource("raceErrors")
  void meaningOfWhenARaceOrAFullDiskThenARefusal(IOException error, Reason reason) {
    assertThatThrownBy(() -> Refusals.meaningOf(error, StoragePath.parse("a/b")))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @ParameterizedTest
  @MethodSource("otherErrors")
  void meaningOfWhenAnythingElseThenTheSameIoError(IOException error) {
    assertThat(Refusals.meaningOf(error, StoragePath.ROOT)).isSameAs(error);
  }

  static Stream<IOException> otherErrors() {
    return Stream.of(
        new IOException("Input/output error"),
        new FileSystemException("/x", null, "Read-only file system"),
        new IOException((String) null));
  }
}

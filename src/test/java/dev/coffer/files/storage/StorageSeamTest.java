package dev.coffer.files.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seam a second backend implements leaks no local path: nothing that {@link Storage} or what it
 * returns offers takes or gives a file-system type or a type of the file-system backend.
 */
class StorageSeamTest {

  private static final List<Class<?>> LOCAL = List.of(Path.class, File.class, FileChannel.class);

  @ParameterizedTest
  @ValueSource(
      classes = {
        Storage.class,
        OpenFile.class,
        FileInfo.class,
        Written.class,
        Listing.class,
        WriteOptions.class,
        SpaceReservation.class,
        PartialUploads.class
      })
  void noMethodOfTheSeamTakesOrGivesALocalPath(Class<?> type) {
    List<String> leaks = new ArrayList<>();
    for (Method method : type.getMethods()) {
      if (method.getDeclaringClass() == Object.class) {
        continue;
      }
      Stream.concat(
              Stream.of(method.getGenericReturnType()),
              Arrays.stream(method.getGenericParameterTypes()))
          .filter(StorageSeamTest::local)
          .forEach(t -> leaks.add(method.getName() + ": " + t.getTypeName()));
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void anOpenFileOffersItsBytesOnlyAsStreamsAndChannels() {
    assertThat(Arrays.stream(OpenFile.class.getMethods()).map(Method::getName))
        .containsExactlyInAnyOrder("info", "transferTo", "stream", "close");
  }

  private static boolean local(Type type) {
    String name = type.getTypeName();
    return LOCAL.stream().anyMatch(c -> name.contains(c.getName()))
        || name.contains(Storage.class.getPackageName() + ".fs.");
  }
}

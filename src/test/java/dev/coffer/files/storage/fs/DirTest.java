package dev.coffer.files.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirTest {

  @TempDir Path root;

  @Test
  void openTopWhenASymbolicLinkThenRefused() throws IOException {
    Path real = Files.createDirectory(root.resolve("real"));
    Path link = Files.createSymbolicLink(root.resolve("link"), real);
    assertThatThrownBy(() -> Dir.openTop(link))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("symbolic link is refused");
    assertThatThrownBy(() -> Dir.openTop(Files.writeString(root.resolve("file"), "x")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a folder");
  }

  @Test
  void openWhenEntryIsALinkThenFailsRatherThanFollowing() throws IOException {
    Path outside = Files.createDirectory(root.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "secret");
    Path top = Files.createDirectory(root.resolve("top"));
    Files.createSymbolicLink(top.resolve("dirlink"), outside);
    Files.createSymbolicLink(top.resolve("filelink"), outside.resolve("secret"));
    try (Dir dir = Dir.openTop(top)) {
      assertThatThrownBy(() -> dir.open("dirlink"))
          .isInstanceOfSatisfying(IOException.class, e -> assertThat(Refusals.isLink(e)).isTrue());
      assertThatThrownBy(() -> dir.openFile("filelink", StandardOpenOption.READ))
          .isInstanceOfSatisfying(IOException.class, e -> assertThat(Refusals.isLink(e)).isTrue());
      assertThat(dir.statOrNull("dirlink").isSymbolicLink()).isTrue();
      assertThat(dir.statOrNull("filelink").isSymbolicLink()).isTrue();
      assertThat(dir.statOrNull("absent")).isNull();
    }
  }

  @Test
  void writeInOpenedFolderWhenItsNameIsSwappedForALinkThenStaysInTheOriginal() throws IOException {
    Path outside = Files.createDirectory(root.resolve("outside"));
    Path top = Files.createDirectory(root.resolve("top"));
    Files.createDirectory(top.resolve("sub"));
    try (Dir dir = Dir.openTop(top);
        Dir sub = dir.open("sub")) {
      Files.move(top.resolve("sub"), top.resolve("moved"));
      Files.createSymbolicLink(top.resolve("sub"), outside);
      try (FileChannel out =
          sub.openFile("f", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(ByteBuffer.wrap("inside".getBytes(StandardCharsets.UTF_8)));
      }
    }
    assertThat(top.resolve("moved/f")).hasContent("inside");
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void renameMovesBetweenOpenedFoldersAndNamesSeesEachChange() throws IOException {
    Path a = Files.createDirectory(root.resolve("a"));
    Path b = Files.createDirectory(root.resolve("b"));
    Files.writeString(a.resolve("f"), "x");
    try (Dir from = Dir.openTop(a);
        Dir to = Dir.openTop(b)) {
      assertThat(from.names()).containsExactly("f");
      from.rename("f", to, "g");
      assertThat(from.names()).isEmpty();
      assertThat(to.names()).containsExactly("g");
      to.deleteFile("g");
      assertThat(to.names()).isEmpty();
    }
    assertThat(b).isEmptyDirectory();
  }
}

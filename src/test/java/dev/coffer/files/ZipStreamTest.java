package dev.coffer.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.crypto.primitive.ExternalTool;
import dev.coffer.support.RepeatedBytes;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-rolled streaming zip, read back by the JDK's streaming reader ({@link ZipInputStream},
 * which follows the local headers and data descriptors), its central-directory reader ({@link
 * ZipFile}), Python's {@code zipfile} and Info-ZIP's {@code unzip -t}.
 */
class ZipStreamTest {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path UNZIP = Path.of("/usr/bin/unzip");
  private static final Instant MODIFIED = Instant.parse("2026-11-30T13:45:06Z");

  /** Lists each entry as name, size and SHA-256 after {@code testzip} found no bad CRC. */
  private static final String PYTHON_LIST =
      """
      import hashlib, sys, zipfile
      z = zipfile.ZipFile(sys.argv[1])
      assert z.testzip() is None
      for i in z.infolist():
          print(i.filename, i.file_size, hashlib.sha256(z.read(i)).hexdigest(), sep='\\t')
      """;

  @TempDir Path dir;

  @Test
  void finishWhenUtf8NamesEmptyFilesFoldersAndMegabytesThenEveryReaderGetsTheSameEntries()
      throws Exception {
    byte[] random = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(random);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("docs/café.txt", "crème brûlée".getBytes(StandardCharsets.UTF_8));
    files.put("docs/🎉 party/empty.txt", new byte[0]);
    files.put("random.bin", random);
    files.put("text.txt", "hello ".repeat(10_000).getBytes(StandardCharsets.UTF_8));
    Path zip = dir.resolve("out.zip");
    Path spill = dir.resolve("spill");
    Files.createDirectory(spill);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(zip));
        ZipStream stream = new ZipStream(out, spill)) {
      stream.folder("docs", MODIFIED);
      stream.file("docs/café.txt", MODIFIED, 14, in(files.get("docs/café.txt")));
      stream.folder("docs/🎉 party", MODIFIED);
      stream.file("docs/🎉 party/empty.txt", MODIFIED, 0, in(new byte[0]));
      stream.folder("empty folder", MODIFIED);
      stream.file("random.bin", MODIFIED, random.length, in(random));
      stream.file("text.txt", MODIFIED, 60_000, in(files.get("text.txt")));
      stream.finish();
    }
    List<String> names =
        List.of(
            "docs/",
            "docs/café.txt",
            "docs/🎉 party/",
            "docs/🎉 party/empty.txt",
            "empty folder/",
            "random.bin",
            "text.txt");

    Map<String, byte[]> streamed = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        streamed.put(e.getName(), in.readAllBytes());
        assertThat(e.getLastModifiedTime().toInstant()).isEqualTo(MODIFIED);
      }
    }
    assertThat(streamed.keySet()).containsExactlyElementsOf(names);
    files.forEach((name, bytes) -> assertThat(streamed.get(name)).isEqualTo(bytes));

    try (ZipFile central = new ZipFile(zip.toFile())) {
      List<String> centralNames = new ArrayList<>();
      for (ZipEntry e : Collections.list(central.entries())) {
        centralNames.add(e.getName());
        assertThat(e.isDirectory()).isEqualTo(e.getName().endsWith("/"));
        assertThat(e.getLastModifiedTime().toInstant()).isEqualTo(MODIFIED);
        try (InputStream in = central.getInputStream(e)) {
          byte[] bytes = in.readAllBytes();
          assertThat(e.getSize()).isEqualTo(bytes.length);
          if (!e.isDirectory()) {
            assertThat(bytes).isEqualTo(files.get(e.getName()));
            assertThat(e.getMethod()).isEqualTo(ZipEntry.DEFLATED);
          }
        }
      }
      assertThat(centralNames).containsExactlyElementsOf(names);
    }
    assertThat(Files.readAllBytes(zip).length)
        .as("the random megabytes stay about their size, the text shrinks")
        .isLessThan(random.length + 40_000);

    ExternalTool.require(PYTHON, "python3");
    List<String> expected = new ArrayList<>();
    for (String name : names) {
      byte[] bytes = files.getOrDefault(name, new byte[0]);
      expected.add(name + "\t" + bytes.length + "\t" + sha256(bytes));
    }
    String listed = ExternalTool.runOk(dir, PYTHON.toString(), "-c", PYTHON_LIST, zip.toString());
    assertThat(listed.lines()).containsExactlyElementsOf(expected);

    assertUnzipTestsClean(zip);
  }

  @Test
  void finishWhenMoreThan65535EntriesThenZip64EndRecordsAndAllEntriesRead() throws Exception {
    int count = 70_000;
    Path zip = dir.resolve("many.zip");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(zip));
        ZipStream stream = new ZipStream(out, dir)) {
      for (int i = 0; i < count; i++) {
        if (i % 1000 == 0) {
          stream.folder("f" + i / 1000, MODIFIED);
        }
        stream.file("f" + i / 1000 + "/" + i + ".txt", MODIFIED, 8, in(bytes("n" + i)));
      }
      stream.finish();
    }
    int entries = count + count / 1000;

    byte[] all = Files.readAllBytes(zip);
    ByteBuffer tail = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    int end = all.length - 22;
    assertThat(tail.getInt(end)).as("classic end record").isEqualTo(0x06054b50);
    assertThat(tail.getShort(end + 10) & 0xFFFF).as("count there: see ZIP64").isEqualTo(0xFFFF);
    assertThat(tail.getInt(end - 20)).as("ZIP64 locator").isEqualTo(0x07064b50);
    int zip64End = (int) tail.getLong(end - 20 + 8);
    assertThat(tail.getInt(zip64End)).as("ZIP64 end record").isEqualTo(0x06064b50);
    assertThat(tail.getLong(zip64End + 32)).isEqualTo(entries);

    try (ZipFile central = new ZipFile(zip.toFile())) {
      assertThat(central.size()).isEqualTo(entries);
      ZipEntry last = central.getEntry("f69/69999.txt");
      try (InputStream in = central.getInputStream(last)) {
        assertThat(in.readAllBytes()).isEqualTo(bytes("n69999"));
      }
    }
    ExternalTool.require(PYTHON, "python3");
    String python =
        """
        import sys, zipfile
        z = zipfile.ZipFile(sys.argv[1])
        assert z.testzip() is None
        names = z.namelist()
        print(len(names), names[0], names[-1], z.read('f0/999.txt').decode())
        """;
    assertThat(ExternalTool.runOk(dir, PYTHON.toString(), "-c", python, zip.toString()).strip())
        .isEqualTo(entries + " f0/ f69/69999.txt n999");
    assertUnzipTestsClean(zip);
  }

  @Test
  void fileWhenLargerThan4GiBThenZip64SizesInEveryRecord() throws Exception {
    long size = (1L << 32) + 1_000_003;
    Path zip = dir.resolve("big.zip");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(zip));
        ZipStream stream = new ZipStream(out, dir)) {
      stream.file("small-before.txt", MODIFIED, 5, in(bytes("first")));
      stream.file("zeros.bin", MODIFIED, size, RepeatedBytes.zeros(size));
      stream.file("small-after.txt", MODIFIED, 4, in(bytes("last")));
      stream.finish();
    }
    assertThat(Files.size(zip)).as("zeros deflate well").isLessThan(10_000_000);

    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      assertThat(in.getNextEntry().getName()).isEqualTo("small-before.txt");
      assertThat(in.getNextEntry().getName()).isEqualTo("zeros.bin");
      assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(size);
      assertThat(in.getNextEntry().getName())
          .as("the 8-byte descriptor was read as such")
          .isEqualTo("small-after.txt");
      assertThat(in.readAllBytes()).isEqualTo(bytes("last"));
    }
    try (ZipFile central = new ZipFile(zip.toFile())) {
      assertThat(central.getEntry("zeros.bin").getSize()).isEqualTo(size);
      try (InputStream in = central.getInputStream(central.getEntry("small-after.txt"))) {
        assertThat(in.readAllBytes()).isEqualTo(bytes("last"));
      }
    }
    ExternalTool.require(PYTHON, "python3");
    String python =
        """
        import sys, zipfile
        z = zipfile.ZipFile(sys.argv[1])
        print(z.getinfo('zeros.bin').file_size, z.read('small-after.txt').decode())
        """;
    assertThat(ExternalTool.runOk(dir, PYTHON.toString(), "-c", python, zip.toString()).strip())
        .isEqualTo(size + " last");
    // Inflating the 4 GiB again in unzip -t or Python's testzip would only repeat the CRC check
    // of ZipInputStream above, at twice the time.
  }

  @Test
  void closeWhenFinishedThenNoSpillFileLeft() throws IOException {
    try (ZipStream stream = new ZipStream(OutputStream.nullOutputStream(), dir)) {
      stream.file("a.txt", MODIFIED, 1, in(bytes("a")));
      stream.finish();
    }
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void closeWhenOutputFailsMidwayAfterSpillingThenNoSpillFileLeft() throws IOException {
    OutputStream failing =
        new OutputStream() {
          private long written;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            written += len;
            if (written > 200_000) {
              throw new IOException("client gone");
            }
          }
        };
    AtomicInteger added = new AtomicInteger();
    try (ZipStream stream = new ZipStream(failing, dir)) {
      assertThatThrownBy(
              () -> {
                for (int i = 0; ; i = added.incrementAndGet()) {
                  stream.file("file-" + i + ".txt", MODIFIED, 7, in(bytes("n" + i)));
                }
              })
          .isInstanceOf(IOException.class)
          .hasMessage("client gone");
    }
    assertThat(added.get())
        .as("more central-directory records than the 64 KiB spill buffer holds")
        .isGreaterThan(64 * 1024 / 46);
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void newWhenSpillFolderMissingThenSpillFailureNotAClientError() {
    assertThatThrownBy(() -> new ZipStream(OutputStream.nullOutputStream(), dir.resolve("gone")))
        .isInstanceOf(ZipStream.SpillFailure.class)
        .hasCauseInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void fileWhenTimeBefore1980ThenDosTimeClampedAndExtendedTimeKept() throws IOException {
    Instant early = Instant.parse("1975-06-01T00:00:00Z");
    Path zip = dir.resolve("early.zip");
    try (OutputStream out = Files.newOutputStream(zip);
        ZipStream stream = new ZipStream(out, dir)) {
      stream.file("old.txt", early, 3, in(bytes("old")));
      stream.finish();
    }
    try (ZipFile central = new ZipFile(zip.toFile())) {
      assertThat(central.getEntry("old.txt").getLastModifiedTime().toInstant()).isEqualTo(early);
    }
  }

  private static void assertUnzipTestsClean(Path zip) throws Exception {
    ExternalTool.require(UNZIP, "unzip");
    String output = ExternalTool.runOk(zip.getParent(), UNZIP.toString(), "-t", zip.toString());
    assertThat(output).contains("No errors detected");
  }

  private static InputStream in(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}

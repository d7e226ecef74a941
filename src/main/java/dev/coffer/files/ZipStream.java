package dev.coffer.files;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipException;

/**
 * A zip written as it streams, in memory that does not grow with the number of entries.
 *
 * <p>Why not {@link java.util.zip.ZipOutputStream} or Commons Compress's {@code
 * ZipArchiveOutputStream}: both keep an object per entry (about 200 bytes with its name) until the
 * central directory is written at the end, so a folder of a million files needs some 200 MB of
 * heap. Here each entry's central-directory record goes to a spill file as soon as the entry is
 * written, and the spill is copied to the output at {@link #finish()}.
 *
 * <p>The format (PKWARE APPNOTE 6.3): each file is a local header with general purpose bits 3 (a
 * data descriptor follows the data) and 11 (UTF-8 names), its bytes DEFLATED (the default of {@code
 * ZipOutputStream}), and a data descriptor with the CRC-32 and sizes; each folder is a STORED entry
 * of no bytes whose name ends in {@code /}. Times are DOS times in the JVM's zone plus the extended
 * timestamp (0x5455, seconds UTC) as {@code ZipOutputStream} writes them. ZIP64 records are written
 * where a value does not fit: in the central directory for a size or offset of 0xFFFFFFFF or more,
 * and the ZIP64 end records when there are 65,535 entries or more or the central directory lies
 * beyond 4 GiB. A file announced larger than 4 GiB carries a ZIP64 field in its local header and
 * 8-byte sizes in its data descriptor. One that grows past 4 GiB while it is read gets 8-byte sizes
 * in its descriptor all the same (as {@code ZipOutputStream} writes and the JDK's {@code
 * ZipInputStream} expects), but its local header, already sent, has no ZIP64 field: a streaming
 * reader that goes by the local header alone (libarchive) would misread that one descriptor.
 * Readers that use the central directory (unzip, Python, {@link java.util.zip.ZipFile}) are not
 * affected.
 *
 * <p>The spill file is opened with {@link StandardOpenOption#DELETE_ON_CLOSE}, which on Linux
 * unlinks it as soon as it is open (nothing is left behind even if the JVM dies); elsewhere {@link
 * #close()} deletes it, whether or not the zip was finished. Closing does not close the output. Not
 * thread-safe.
 */
final class ZipStream implements Closeable {

  private static final int LOCAL_HEADER = 0x04034b50;
  private static final int DATA_DESCRIPTOR = 0x08074b50;
  private static final int CENTRAL_HEADER = 0x02014b50;
  private static final int ZIP64_END = 0x06064b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int END = 0x06054b50;

  private static final int FLAGS_FILE = 0x0808; // data descriptor, UTF-8 names
  private static final int FLAGS_FOLDER = 0x0800; // UTF-8 names
  private static final int STORED = 0;
  private static final int DEFLATED = 8;
  private static final int VERSION_20 = 20;
  private static final int VERSION_ZIP64 = 45;
  private static final int MADE_BY_UNIX = 3 << 8;
  private static final int FILE_ATTRIBUTES = 0100644 << 16;
  private static final int FOLDER_ATTRIBUTES = (040755 << 16) | 0x10; // and MS-DOS's folder bit

  private static final long MAX32 = 0xFFFFFFFFL;
  private static final int MAX16 = 0xFFFF;
  private static final int ZIP64_EXTRA = 0x0001;
  private static final int TIME_EXTRA = 0x5455;
  private static final int TIME_EXTRA_SIZE = 9;
  private static final long DOS_TIME_MIN = (1 << 21) | (1 << 16); // 1980-01-01 00:00

  private static final int BUFFER = 64 * 1024;

  private final OutputStream out;
  private final Path spillPath;
  private final FileChannel spill;
  private final ByteBuffer spillBuffer = ByteBuffer.allocate(BUFFER);
  private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
  private final CRC32 crc = new CRC32();
  private final byte[] input = new byte[BUFFER];
  private final byte[] deflated = new byte[BUFFER];
  private final ZoneId zone = ZoneId.systemDefault();
  private long written;
  private long entries;
  private long centralSize;
  private boolean finished;

  /**
   * Starts a zip on {@code out}, its central directory spilled to a new file in {@code
   * spillFolder}.
   */
  ZipStream(OutputStream out, Path spillFolder) throws SpillFailure {
    this.out = out;
    Path path;
    FileChannel channel;
    try {
      path = Files.createTempFile(spillFolder, "coffer-zip-", ".cen");
    } catch (IOException e) {
      throw new SpillFailure(e);
    }
    try {
      channel =
          FileChannel.open(
              path,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              StandardOpenOption.DELETE_ON_CLOSE);
    } catch (IOException e) {
      deleteQuietly(path);
      throw new SpillFailure(e);
    }
    this.spillPath = path;
    this.spill = channel;
  }

  /** The spill file could not be created, written or read: the server's fault, not the client's. */
  static final class SpillFailure extends IOException {
    private static final long serialVersionUID = 1L;

    SpillFailure(IOException cause) {
      super("the zip's central-directory spill failed: " + cause.getMessage(), cause);
    }
  }

  /** Adds a folder; {@code name} is its path in the zip, without the trailing slash. */
  void folder(String name, Instant modified) throws IOException {
    byte[] bytes = name(name + "/");
    long offset = written;
    int time = unixTime(modified);
    long dosTime = dosTime(modified);
    ByteBuffer header = header(30 + bytes.length + timeExtraSize(time));
    header.putInt(LOCAL_HEADER).putShort((short) VERSION_20).putShort((short) FLAGS_FOLDER);
    header.putShort((short) STORED).putInt((int) dosTime);
    header.putInt(0).putInt(0).putInt(0); // CRC and sizes of no bytes
    header.putShort((short) bytes.length).putShort((short) timeExtraSize(time)).put(bytes);
    putTimeExtra(header, time);
    write(header);
    central(bytes, FLAGS_FOLDER, STORED, dosTime, time, 0, 0, 0, offset, FOLDER_ATTRIBUTES);
  }

  /**
   * Adds a file and its bytes, read from {@code content} up to its end (the caller closes it).
   *
   * @param sizeHint the size the file is expected to have: above 4 GiB, its local header carries a
   *     ZIP64 field and its data descriptor 8-byte sizes
   */
  void file(String name, Instant modified, long sizeHint, InputStream content) throws IOException {
    byte[] bytes = name(name);
    long offset = written;
    int time = unixTime(modified);
    long dosTime = dosTime(modified);
    boolean zip64 = sizeHint > MAX32;
    int extra = (zip64 ? 20 : 0) + timeExtraSize(time);
    ByteBuffer header = header(30 + bytes.length + extra);
    header.putInt(LOCAL_HEADER);
    header.putShort((short) (zip64 ? VERSION_ZIP64 : VERSION_20)).putShort((short) FLAGS_FILE);
    header.putShort((short) DEFLATED).putInt((int) dosTime);
    header.putInt(0); // CRC, in the data descriptor
    int size = zip64 ? (int) MAX32 : 0;
    header.putInt(size).putInt(size);
    header.putShort((short) bytes.length).putShort((short) extra).put(bytes);
    if (zip64) {
      header.putShort((short) ZIP64_EXTRA).putShort((short) 16).putLong(0).putLong(0);
    }
    putTimeExtra(header, time);
    write(header);

    long start = written;
    crc.reset();
    deflater.reset();
    for (int n = content.read(input); n >= 0; n = content.read(input)) {
      crc.update(input, 0, n);
      deflater.setInput(input, 0, n);
      while (!deflater.needsInput()) {
        deflate();
      }
    }
    deflater.finish();
    while (!deflater.finished()) {
      deflate();
    }
    long compressed = written - start;
    long length = deflater.getBytesRead();
    int checksum = (int) crc.getValue();

    boolean longSizes = zip64 || compressed > MAX32 || length > MAX32;
    ByteBuffer descriptor = header(longSizes ? 24 : 16);
    descriptor.putInt(DATA_DESCRIPTOR).putInt(checksum);
    if (longSizes) {
      descriptor.putLong(compressed).putLong(length);
    } else {
      descriptor.putInt((int) compressed).putInt((int) length);
    }
    write(descriptor);
    central(
        bytes,
        FLAGS_FILE,
        DEFLATED,
        dosTime,
        time,
        checksum,
        compressed,
        length,
        offset,
        FILE_ATTRIBUTES);
  }

  /** Writes the central directory and the end records; nothing may be added after. */
  void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    long centralOffset = written;
    flushSpill();
    ByteBuffer copy = ByteBuffer.wrap(deflated);
    for (long position = 0; position < centralSize; ) {
      copy.clear();
      int n = readSpill(copy, position);
      if (n < 0) {
        throw new ZipException("the central directory spill ended early");
      }
      write(deflated, 0, n);
      position += n;
    }
    boolean zip64 = entries >= MAX16 || centralSize >= MAX32 || centralOffset >= MAX32;
    ByteBuffer end = header((zip64 ? 56 + 20 : 0) + 22);
    if (zip64) {
      long zip64End = written;
      end.putInt(ZIP64_END).putLong(44);
      end.putShort((short) (MADE_BY_UNIX | VERSION_ZIP64)).putShort((short) VERSION_ZIP64);
      end.putInt(0).putInt(0); // this disk, the disk where the central directory starts
      end.putLong(entries).putLong(entries).putLong(centralSize).putLong(centralOffset);
      end.putInt(ZIP64_LOCATOR).putInt(0).putLong(zip64End).putInt(1);
    }
    short count = (short) Math.min(entries, MAX16);
    end.putInt(END).putShort((short) 0).putShort((short) 0).putShort(count).putShort(count);
    end.putInt((int) Math.min(centralSize, MAX32)).putInt((int) Math.min(centralOffset, MAX32));
    end.putShort((short) 0); // no comment
    write(end);
    out.flush();
  }

  /** Releases the deflater and deletes the spill file; the output is left open. */
  @Override
  public void close() throws IOException {
    deflater.end();
    try {
      spill.close();
    } finally {
      Files.deleteIfExists(spillPath);
    }
  }

  private void central(
      byte[] name,
      int flags,
      int method,
      long dosTime,
      int time,
      int checksum,
      long compressed,
      long length,
      long offset,
      int attributes)
      throws IOException {
    int zip64 =
        (length >= MAX32 ? 8 : 0) + (compressed >= MAX32 ? 8 : 0) + (offset >= MAX32 ? 8 : 0);
    int extra = (zip64 > 0 ? 4 + zip64 : 0) + timeExtraSize(time);
    ByteBuffer record = header(46 + name.length + extra);
    int version = zip64 > 0 ? VERSION_ZIP64 : VERSION_20;
    record.putInt(CENTRAL_HEADER).putShort((short) (MADE_BY_UNIX | version));
    record.putShort((short) version).putShort((short) flags).putShort((short) method);
    record.putInt((int) dosTime).putInt(checksum);
    record.putInt((int) Math.min(compressed, MAX32)).putInt((int) Math.min(length, MAX32));
    record.putShort((short) name.length).putShort((short) extra).putShort((short) 0);
    record.putShort((short) 0).putShort((short) 0).putInt(attributes);
    record.putInt((int) Math.min(offset, MAX32)).put(name);
    if (zip64 > 0) {
      record.putShort((short) ZIP64_EXTRA).putShort((short) zip64);
      if (length >= MAX32) {
        record.putLong(length);
      }
      if (compressed >= MAX32) {
        record.putLong(compressed);
      }
      if (offset >= MAX32) {
        record.putLong(offset);
      }
    }
    putTimeExtra(record, time);
    record.flip();
    centralSize += record.remaining();
    entries++;
    while (record.hasRemaining()) {
      if (!spillBuffer.hasRemaining()) {
        flushSpill();
      }
      int n = Math.min(record.remaining(), spillBuffer.remaining());
      spillBuffer.put(record.array(), record.position(), n);
      record.position(record.position() + n);
    }
  }

  private void flushSpill() throws SpillFailure {
    spillBuffer.flip();
    try {
      while (spillBuffer.hasRemaining()) {
        spill.write(spillBuffer);
      }
    } catch (IOException e) {
      throw new SpillFailure(e);
    }
    spillBuffer.clear();
  }

  private int readSpill(ByteBuffer buffer, long position) throws SpillFailure {
    try {
      return spill.read(buffer, position);
    } catch (IOException e) {
      throw new SpillFailure(e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Nothing more to do: the file was never opened, and the temp folder is the OS's to clean.
    }
  }

  private void deflate() throws IOException {
    int n = deflater.deflate(deflated);
    write(deflated, 0, n);
  }

  private void write(ByteBuffer buffer) throws IOException {
    write(buffer.array(), 0, buffer.position());
  }

  private void write(byte[] bytes, int offset, int length) throws IOException {
    out.write(bytes, offset, length);
    written += length;
  }

  private byte[] name(String name) throws ZipException {
    if (finished) {
      throw new IllegalStateException("the zip is finished");
    }
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX16) {
      throw new ZipException("entry name longer than 65,535 bytes: " + name.substring(0, 80));
    }
    return bytes;
  }

  private static ByteBuffer header(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Seconds since the epoch, or -1 when they do not fit the extended timestamp's signed int. */
  private static int unixTime(Instant modified) {
    long seconds = modified.getEpochSecond();
    return seconds >= 0 && seconds <= Integer.MAX_VALUE ? (int) seconds : -1;
  }

  private static int timeExtraSize(int time) {
    return time >= 0 ? TIME_EXTRA_SIZE : 0;
  }

  private static void putTimeExtra(ByteBuffer buffer, int time) {
    if (time >= 0) {
      buffer.putShort((short) TIME_EXTRA).putShort((short) 5).put((byte) 1).putInt(time);
    }
  }

  /** The DOS date and time in the JVM's zone (as ZipOutputStream), clamped to 1980–2107. */
  private long dosTime(Instant modified) {
    LocalDateTime t = LocalDateTime.ofInstant(modified, zone);
    if (t.getYear() < 1980) {
      return DOS_TIME_MIN;
    }
    if (t.getYear() > 2107) {
      return dosTime(2107, 12, 31, 23, 59, 58);
    }
    return dosTime(
        t.getYear(),
        t.getMonthValue(),
        t.getDayOfMonth(),
        t.getHour(),
        t.getMinute(),
        t.getSecond());
  }

  private static long dosTime(int year, int month, int day, int hour, int minute, int second) {
    return ((long) (year - 1980) << 25)
        | ((long) month << 21)
        | ((long) day << 16)
        | ((long) hour << 11)
        | ((long) minute << 5)
        | (second >> 1);
  }
}

package dev.coffer.files;

import static dev.coffer.files.ZipRecords.MAX16;
import static dev.coffer.files.ZipRecords.MAX32;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
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
 * written ({@link CentralDirectorySpill}), and the spill is copied to the output at {@link
 * #finish()}. The records' bytes are {@link ZipRecords}'s.
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

  private static final int BUFFER = 64 * 1024;

  private final OutputStream out;
  private final CentralDirectorySpill spill;
  private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
  private final CRC32 crc = new CRC32();
  private final byte[] input = new byte[BUFFER];
  private final byte[] deflated = new byte[BUFFER];
  private final ZoneId zone = ZoneId.systemDefault();
  private long written;
  private long entries;
  private boolean finished;

  /**
   * Starts a zip on {@code out}, its central directory spilled to a new file in {@code
   * spillFolder}.
   */
  ZipStream(OutputStream out, Path spillFolder) throws SpillFailure {
    this.out = out;
    this.spill = new CentralDirectorySpill(spillFolder);
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
    int time = ZipRecords.unixTime(modified);
    long dosTime = ZipRecords.dosTime(modified, zone);
    write(ZipRecords.folderHeader(bytes, dosTime, time));
    central(ZipRecords.centralHeader(bytes, true, dosTime, time, 0, 0, 0, offset));
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
    int time = ZipRecords.unixTime(modified);
    long dosTime = ZipRecords.dosTime(modified, zone);
    boolean zip64 = sizeHint > MAX32;
    write(ZipRecords.fileHeader(bytes, dosTime, time, zip64));

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

    write(ZipRecords.dataDescriptor(checksum, compressed, length, zip64));
    central(
        ZipRecords.centralHeader(
            bytes, false, dosTime, time, checksum, compressed, length, offset));
  }

  /** Writes the central directory and the end records; nothing may be added after. */
  void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    long centralOffset = written;
    spill.copyTo(out);
    written += spill.size();
    write(ZipRecords.end(entries, spill.size(), centralOffset));
    out.flush();
  }

  /** Releases the deflater and deletes the spill file; the output is left open. */
  @Override
  public void close() throws IOException {
    deflater.end();
    spill.close();
  }

  private void central(byte[] record) throws SpillFailure {
    spill.append(record);
    entries++;
  }

  private void deflate() throws IOException {
    int n = deflater.deflate(deflated);
    write(deflated, 0, n);
  }

  private void write(byte[] record) throws IOException {
    write(record, 0, record.length);
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
}

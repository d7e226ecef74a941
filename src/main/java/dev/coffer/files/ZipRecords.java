package dev.coffer.files;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * The bytes of each record {@link ZipStream} writes (PKWARE APPNOTE 6.3), each built whole: local
 * headers, data descriptors, central-directory headers and the end records, with the ZIP64 fields
 * and records where a value does not fit, and the times (DOS time in a zone, and the extended
 * timestamp 0x5455 in seconds UTC) as {@link java.util.zip.ZipOutputStream} writes them.
 */
final class ZipRecords {

  static final int LOCAL_HEADER = 0x04034b50;
  static final int DATA_DESCRIPTOR = 0x08074b50;
  static final int CENTRAL_HEADER = 0x02014b50;
  static final int ZIP64_END = 0x06064b50;
  static final int ZIP64_LOCATOR = 0x07064b50;
  static final int END = 0x06054b50;

  static final int FLAGS_FILE = 0x0808; // data descriptor, UTF-8 names
  static final int FLAGS_FOLDER = 0x0800; // UTF-8 names
  static final int STORED = 0;
  static final int DEFLATED = 8;
  static final int VERSION_20 = 20;
  static final int VERSION_ZIP64 = 45;
  static final int MADE_BY_UNIX = 3 << 8;
  static final int FILE_ATTRIBUTES = 0100644 << 16;
  static final int FOLDER_ATTRIBUTES = (040755 << 16) | 0x10; // and MS-DOS's folder bit

  /** The largest value of a 4-byte field; it or more goes to a ZIP64 field. */
  static final long MAX32 = 0xFFFFFFFFL;

  /** The largest value of a 2-byte field (an entry count, a name's length). */
  static final int MAX16 = 0xFFFF;

  static final int ZIP64_EXTRA = 0x0001;
  static final int TIME_EXTRA = 0x5455;
  static final int TIME_EXTRA_SIZE = 9;
  static final long DOS_TIME_MIN = (1 << 21) | (1 << 16); // 1980-01-01 00:00

  private ZipRecords() {}

  /** The local header of a folder: STORED, no bytes, no data descriptor. */
  static byte[] folderHeader(byte[] name, long dosTime, int unixTime) {
    ByteBuffer header = buffer(30 + name.length + timeExtraSize(unixTime));
    header.putInt(LOCAL_HEADER).putShort((short) VERSION_20).putShort((short) FLAGS_FOLDER);
    header.putShort((short) STORED).putInt((int) dosTime);
    header.putInt(0).putInt(0).putInt(0); // CRC and sizes of no bytes
    header.putShort((short) name.length).putShort((short) timeExtraSize(unixTime)).put(name);
    putTimeExtra(header, unixTime);
    return header.array();
  }

  /**
   * The local header of a file: DEFLATED, its CRC and sizes in the data descriptor that follows.
   *
   * @param zip64 a ZIP64 field (sizes 0xFFFFFFFF here, 0 in the field) for a file announced larger
   *     than 4 GiB
   */
  static byte[] fileHeader(byte[] name, long dosTime, int unixTime, boolean zip64) {
    int extra = (zip64 ? 20 : 0) + timeExtraSize(unixTime);
    ByteBuffer header = buffer(30 + name.length + extra);
    header.putInt(LOCAL_HEADER);
    header.putShort((short) (zip64 ? VERSION_ZIP64 : VERSION_20)).putShort((short) FLAGS_FILE);
    header.putShort((short) DEFLATED).putInt((int) dosTime);
    header.putInt(0); // CRC, in the data descriptor
    int size = zip64 ? (int) MAX32 : 0;
    header.putInt(size).putInt(size);
    header.putShort((short) name.length).putShort((short) extra).put(name);
    if (zip64) {
      header.putShort((short) ZIP64_EXTRA).putShort((short) 16).putLong(0).putLong(0);
    }
    putTimeExtra(header, unixTime);
    return header.array();
  }

  /**
   * The data descriptor after a file's bytes: 8-byte sizes when its local header had a ZIP64 field
   * or a size does not fit 4 bytes, else 4-byte ones.
   */
  static byte[] dataDescriptor(int checksum, long compressed, long length, boolean zip64) {
    boolean longSizes = zip64 || compressed > MAX32 || length > MAX32;
    ByteBuffer descriptor = buffer(longSizes ? 24 : 16);
    descriptor.putInt(DATA_DESCRIPTOR).putInt(checksum);
    if (longSizes) {
      descriptor.putLong(compressed).putLong(length);
    } else {
      descriptor.putInt((int) compressed).putInt((int) length);
    }
    return descriptor.array();
  }

  /**
   * An entry's central-directory header; a size or offset of 0xFFFFFFFF or more goes to a ZIP64
   * field (in the order the format gives: size, compressed size, offset).
   */
  static byte[] centralHeader(
      byte[] name,
      boolean folder,
      long dosTime,
      int unixTime,
      int checksum,
      long compressed,
      long length,
      long offset) {
    int zip64 =
        (length >= MAX32 ? 8 : 0) + (compressed >= MAX32 ? 8 : 0) + (offset >= MAX32 ? 8 : 0);
    int extra = (zip64 > 0 ? 4 + zip64 : 0) + timeExtraSize(unixTime);
    ByteBuffer record = buffer(46 + name.length + extra);
    int version = zip64 > 0 ? VERSION_ZIP64 : VERSION_20;
    record.putInt(CENTRAL_HEADER).putShort((short) (MADE_BY_UNIX | version));
    record.putShort((short) version).putShort((short) (folder ? FLAGS_FOLDER : FLAGS_FILE));
    record.putShort((short) (folder ? STORED : DEFLATED));
    record.putInt((int) dosTime).putInt(checksum);
    record.putInt((int) Math.min(compressed, MAX32)).putInt((int) Math.min(length, MAX32));
    record.putShort((short) name.length).putShort((short) extra).putShort((short) 0);
    record.putShort((short) 0).putShort((short) 0);
    record.putInt(folder ? FOLDER_ATTRIBUTES : FILE_ATTRIBUTES);
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
    putTimeExtra(record, unixTime);
    return record.array();
  }

  /**
   * The end of a zip whose central directory of {@code entries} records and {@code centralSize}
   * bytes starts at {@code centralOffset}: the ZIP64 end record and its locator when there are
   * 65,535 entries or more or the directory's size or offset does not fit 4 bytes, then the end
   * record (with those values capped).
   */
  static byte[] end(long entries, long centralSize, long centralOffset) {
    boolean zip64 = entries >= MAX16 || centralSize >= MAX32 || centralOffset >= MAX32;
    ByteBuffer end = buffer((zip64 ? 56 + 20 : 0) + 22);
    if (zip64) {
      long zip64End = centralOffset + centralSize;
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
    return end.array();
  }

  /** Seconds since the epoch, or -1 when they do not fit the extended timestamp's signed int. */
  static int unixTime(Instant modified) {
    long seconds = modified.getEpochSecond();
    return seconds >= 0 && seconds <= Integer.MAX_VALUE ? (int) seconds : -1;
  }

  /** The DOS date and time in {@code zone} (as ZipOutputStream), clamped to 1980–2107. */
  static long dosTime(Instant modified, ZoneId zone) {
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

  private static ByteBuffer buffer(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int timeExtraSize(int unixTime) {
    return unixTime >= 0 ? TIME_EXTRA_SIZE : 0;
  }

  private static void putTimeExtra(ByteBuffer buffer, int unixTime) {
    if (unixTime >= 0) {
      buffer.putShort((short) TIME_EXTRA).putShort((short) 5).put((byte) 1).putInt(unixTime);
    }
  }
}

package dev.coffer.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The records' bytes field by field (APPNOTE 6.3), above all the ZIP64 cases a test of a whole zip
 * would need gigabytes or 65,535 entries to reach.
 */
class ZipRecordsTest {

  private static final byte[] NAME = "a.txt".getBytes(StandardCharsets.UTF_8);
  private static final long FOUR_GIB = 1L << 32;

  @Test
  void centralHeaderWhenEverythingFitsThenNoZip64FieldAndVersion20() {
    ByteBuffer r = le(ZipRecords.centralHeader(NAME, false, 0, 1000, 0x1234, 10, 20, 30));
    assertThat(r.getInt(0)).isEqualTo(ZipRecords.CENTRAL_HEADER);
    assertThat(r.getShort(6)).isEqualTo((short) ZipRecords.VERSION_20);
    assertThat(r.getShort(10)).isEqualTo((short) ZipRecords.DEFLATED);
    assertThat(r.getInt(16)).isEqualTo(0x1234);
    assertThat(r.getInt(20)).isEqualTo(10);
    assertThat(r.getInt(24)).isEqualTo(20);
    assertThat(r.getShort(30)).isEqualTo((short) ZipRecords.TIME_EXTRA_SIZE); // extra: time only
    assertThat(r.getInt(42)).isEqualTo(30);
    assertThat(r.capacity()).isEqualTo(46 + NAME.length + ZipRecords.TIME_EXTRA_SIZE);
  }

  @Test
  void centralHeaderWhenOnlyTheOffsetIsPast4GiBThenTheZip64FieldHoldsOnlyTheOffset() {
    ByteBuffer r = le(ZipRecords.centralHeader(NAME, false, 0, -1, 0, 10, 20, FOUR_GIB + 5));
    assertThat(r.getShort(6)).isEqualTo((short) ZipRecords.VERSION_ZIP64);
    assertThat(r.getInt(20)).isEqualTo(10);
    assertThat(r.getInt(24)).isEqualTo(20);
    assertThat(r.getInt(42)).isEqualTo(-1); // 0xFFFFFFFF: see the ZIP64 field
    assertThat(r.getShort(30)).isEqualTo((short) 12);
    int extra = 46 + NAME.length;
    assertThat(r.getShort(extra)).isEqualTo((short) ZipRecords.ZIP64_EXTRA);
    assertThat(r.getShort(extra + 2)).isEqualTo((short) 8);
    assertThat(r.getLong(extra + 4)).isEqualTo(FOUR_GIB + 5);
    assertThat(r.capacity()).isEqualTo(extra + 12);
  }

  @Test
  void centralHeaderWhenBothSizesArePast4GiBThenTheSizeBeforeTheCompressedSize() {
    ByteBuffer r =
        le(ZipRecords.centralHeader(NAME, false, 0, -1, 0, FOUR_GIB + 1, FOUR_GIB + 2, 0));
    int extra = 46 + NAME.length;
    assertThat(r.getShort(extra + 2)).isEqualTo((short) 16);
    assertThat(r.getLong(extra + 4)).isEqualTo(FOUR_GIB + 2); // uncompressed first
    assertThat(r.getLong(extra + 12)).isEqualTo(FOUR_GIB + 1);
  }

  @Test
  void centralHeaderWhenAFolderThenStoredWithTheFolderAttributes() {
    ByteBuffer r = le(ZipRecords.centralHeader("d/".getBytes(), true, 0, -1, 0, 0, 0, 0));
    assertThat(r.getShort(8)).isEqualTo((short) ZipRecords.FLAGS_FOLDER);
    assertThat(r.getShort(10)).isEqualTo((short) ZipRecords.STORED);
    assertThat(r.getInt(38)).isEqualTo(ZipRecords.FOLDER_ATTRIBUTES);
  }

  @Test
  void fileHeaderWhenAnnouncedPast4GiBThenAZip64FieldAndSizesSaySeeIt() {
    ByteBuffer r = le(ZipRecords.fileHeader(NAME, 0, -1, true));
    assertThat(r.getShort(4)).isEqualTo((short) ZipRecords.VERSION_ZIP64);
    assertThat(r.getInt(18)).isEqualTo(-1);
    assertThat(r.getInt(22)).isEqualTo(-1);
    assertThat(r.getShort(30 + NAME.length)).isEqualTo((short) ZipRecords.ZIP64_EXTRA);
    assertThat(r.capacity()).isEqualTo(30 + NAME.length + 20);
    assertThat(ZipRecords.fileHeader(NAME, 0, -1, false)).hasSize(30 + NAME.length);
  }

  @Test
  void dataDescriptorWhenASizeIsPast4GiBOrTheHeaderHadZip64ThenEightByteSizes() {
    assertThat(ZipRecords.dataDescriptor(1, 10, 20, false)).hasSize(16);
    assertThat(ZipRecords.dataDescriptor(1, 10, 20, true)).hasSize(24);
    ByteBuffer r = le(ZipRecords.dataDescriptor(1, 10, FOUR_GIB, false));
    assertThat(r.capacity()).isEqualTo(24);
    assertThat(r.getLong(8)).isEqualTo(10);
    assertThat(r.getLong(16)).isEqualTo(FOUR_GIB);
  }

  @Test
  void endWhenFewEntriesThenOnlyTheEndRecord() {
    ByteBuffer r = le(ZipRecords.end(3, 200, 1000));
    assertThat(r.capacity()).isEqualTo(22);
    assertThat(r.getInt(0)).isEqualTo(ZipRecords.END);
    assertThat(r.getShort(10)).isEqualTo((short) 3);
    assertThat(r.getInt(12)).isEqualTo(200);
    assertThat(r.getInt(16)).isEqualTo(1000);
  }

  @Test
  void endWhen65535EntriesThenTheZip64EndAndItsLocatorBeforeACappedEndRecord() {
    ByteBuffer r = le(ZipRecords.end(65_535, 200, 1000));
    assertThat(r.capacity()).isEqualTo(56 + 20 + 22);
    assertThat(r.getInt(0)).isEqualTo(ZipRecords.ZIP64_END);
    assertThat(r.getLong(24)).isEqualTo(65_535);
    assertThat(r.getLong(40)).isEqualTo(200);
    assertThat(r.getLong(48)).isEqualTo(1000);
    assertThat(r.getInt(56)).isEqualTo(ZipRecords.ZIP64_LOCATOR);
    assertThat(r.getLong(64)).isEqualTo(1200); // where the ZIP64 end record starts
    assertThat(r.getInt(76)).isEqualTo(ZipRecords.END);
    assertThat(r.getShort(86)).isEqualTo((short) -1); // 0xFFFF: see the ZIP64 record
  }

  @Test
  void endWhenTheCentralDirectoryStartsPast4GiBThenZip64() {
    assertThat(ZipRecords.end(1, 100, FOUR_GIB)).hasSize(98);
  }

  @Test
  void dosTimeWhenInRangeThenFieldsInTheZoneWithTwoSecondSteps() {
    long t = ZipRecords.dosTime(Instant.parse("2024-02-29T13:45:31Z"), ZoneOffset.ofHours(2));
    assertThat(t >> 25).isEqualTo(2024 - 1980);
    assertThat((t >> 21) & 0xF).isEqualTo(2);
    assertThat((t >> 16) & 0x1F).isEqualTo(29);
    assertThat((t >> 11) & 0x1F).isEqualTo(15);
    assertThat((t >> 5) & 0x3F).isEqualTo(45);
    assertThat(t & 0x1F).isEqualTo(15);
  }

  @Test
  void dosTimeWhenOutsideTheDosYearsThenClamped() {
    assertThat(ZipRecords.dosTime(Instant.EPOCH, ZoneOffset.UTC))
        .isEqualTo(ZipRecords.DOS_TIME_MIN);
    long last = ZipRecords.dosTime(Instant.parse("2200-01-01T00:00:00Z"), ZoneOffset.UTC);
    assertThat(last >> 25).isEqualTo(2107 - 1980);
    assertThat(last & 0x1F).isEqualTo(29); // 23:59:58
  }

  @Test
  void unixTimeWhenItDoesNotFitASignedIntThenNoExtendedTimestamp() {
    assertThat(ZipRecords.unixTime(Instant.ofEpochSecond(5))).isEqualTo(5);
    assertThat(ZipRecords.unixTime(Instant.ofEpochSecond(-1))).isEqualTo(-1);
    assertThat(ZipRecords.unixTime(Instant.ofEpochSecond(1L << 31))).isEqualTo(-1);
    assertThat(ZipRecords.folderHeader("d/".getBytes(), 0, -1)).hasSize(32);
    assertThat(ZipRecords.folderHeader("d/".getBytes(), 0, 5)).hasSize(32 + 9);
  }

  private static ByteBuffer le(byte[] record) {
    return ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
  }
}

package dev.coffer.files.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.files.storage.Listings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The packed, sorted names of a folder: their order and the search for a cursor. */
class PackedNamesTest {

  /** Folders among the names below; every other name is a file. */
  private static final Set<String> FOLDERS = Set.of("a", "b c", "é", "x");

  private static final List<String> NAMES =
      List.of(
          "a",
          "a-b",
          "a.txt",
          "a b",
          "a0",
          "ab",
          "b",
          "b c",
          "b c-d",
          "b c.e",
          "b cd",
          "é",
          "é-1",
          "éa",
          "e",
          "z",
          "x",
          "x!",
          "中文",
          "中",
          "\uFF01",
          "\uD83D\uDE00",
          "\uD83D\uDE00a",
          "~",
          "A",
          "0",
          "-");

  private static boolean isFolder(String name) {
    return FOLDERS.contains(name);
  }

  private static int listingOrder(String a, String b) {
    return Listings.compareNames(a, () -> isFolder(a), b, () -> isFolder(b));
  }

  private static PackedNames packed(List<String> names) {
    PackedNames.Builder builder = new PackedNames.Builder(Long.MAX_VALUE);
    for (String name : names) {
      assertThat(builder.add(name)).isTrue();
    }
    return builder.sorted(PackedNamesTest::isFolder);
  }

  private static List<String> names(PackedNames names) {
    return IntStream.range(0, names.size()).mapToObj(names::name).toList();
  }

  private static List<String> sorted(List<String> names) {
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(PackedNamesTest::listingOrder);
    return sorted;
  }

  @Test
  void namesWhenPackedThenInTheListingOrderWhateverTheirOrderBefore() {
    List<String> names = new ArrayList<>(NAMES);
    List<String> expected = sorted(names);
    Random random = new Random(42);
    for (int round = 0; round < 20; round++) {
      Collections.shuffle(names, random);
      assertThat(names(packed(names))).isEqualTo(expected);
    }
  }

  @Test
  void folderWhenNameIsAPrefixThenSortsAsItsNameFollowedBySlash() {
    List<String> got = names(packed(List.of("a0", "a", "a.txt", "a-b", "ab", "a b")));
    // The folder a sorts as "a/": after "a b", "a-b", "a.txt" (space, '-', '.' are below '/').
    assertThat(got).containsExactly("a b", "a-b", "a.txt", "a", "a0", "ab");
    List<String> asFile = new ArrayList<>();
    PackedNames.Builder builder = new PackedNames.Builder(Long.MAX_VALUE);
    List.of("a0", "a", "a.txt", "a-b", "ab", "a b").forEach(builder::add);
    PackedNames files = builder.sorted(name -> false);
    IntStream.range(0, files.size()).forEach(i -> asFile.add(files.name(i)));
    assertThat(asFile).containsExactly("a", "a b", "a-b", "a.txt", "a0", "ab");
  }

  @Test
  void multibyteNamesWhenPackedThenByCodePointNotByUtf16Unit() {
    List<String> got = names(packed(List.of("\uD83D\uDE00", "\uFF01", "中", "é", "z")));
    // U+FF01 comes before U+1F600 by code point, though its UTF-16 unit is above the surrogate.
    assertThat(got).containsExactly("z", "é", "中", "\uFF01", "\uD83D\uDE00");
  }

  @Test
  void searchWhenCursorIsEachNameThenTheNextBeginsRightAfterIt() {
    List<String> expected = sorted(NAMES);
    PackedNames names = packed(expected);
    for (int k = 0; k < names.size(); k++) {
      String name = names.name(k);
      int at = k;
      assertThat(names.search(name, isFolder(name), false, i -> isFolder(names.name(i))))
          .as("after %s", name)
          .isEqualTo(at + 1);
      assertThat(names.search(name, isFolder(name), true, i -> isFolder(names.name(i))))
          .as("not before %s", name)
          .isEqualTo(at);
    }
  }

  @Test
  void searchWhenCursorNameIsGoneThenItsPlaceInTheOrder() {
    List<String> expected = sorted(NAMES);
    PackedNames names = packed(expected);
    for (String gone : List.of("", "a!", "aa", "b c!", "é0", "中a", "\uD83D\uDE01", "\u007F")) {
      for (boolean folder : new boolean[] {false, true}) {
        long smaller =
            expected.stream()
                .filter(n -> Listings.compareNames(n, () -> isFolder(n), gone, () -> folder) < 0)
                .count();
        assertThat(names.search(gone, folder, false, i -> isFolder(names.name(i))))
            .as("after %s", gone)
            .isEqualTo((int) smaller);
        assertThat(names.search(gone, folder, true, i -> isFolder(names.name(i))))
            .isEqualTo((int) smaller);
      }
    }
  }

  @Test
  void searchWhenCursorIsTheFolderOrTheFileOfOneNameThenTheyDiffer() {
    PackedNames names = packed(List.of("a", "a-b", "a0"));
    // The folder a sorts after a-b: a cursor on the file a (before it) and on the folder a differ.
    assertThat(names(names)).containsExactly("a-b", "a", "a0");
    assertThat(names.search("a", false, false, i -> isFolder(names.name(i)))).isZero();
    assertThat(names.search("a", true, false, i -> isFolder(names.name(i)))).isEqualTo(2);
  }

  @Test
  void emptyFolderWhenPackedThenNoNamesAndEverySearchAtZero() {
    PackedNames names = new PackedNames.Builder(Long.MAX_VALUE).sorted(name -> false);
    assertThat(names.size()).isZero();
    assertThat(names.search("a", false, false, i -> false)).isZero();
    assertThat(names.search("a", false, true, i -> false)).isZero();
  }

  @Test
  void namesWhenBeyondTheBoundThenTooManyAndNoneKept() {
    long bound = PackedNames.footprint(3 * 6, 3);
    PackedNames.Builder builder = new PackedNames.Builder(bound);
    assertThat(builder.add("f00001")).isTrue();
    assertThat(builder.add("f00002")).isTrue();
    assertThat(builder.add("f00003")).isTrue();
    assertThat(builder.tooMany()).isFalse();
    assertThat(builder.add("f00004")).isFalse();
    assertThat(builder.tooMany()).isTrue();
    assertThat(builder.add("f")).isFalse();
  }

  @Test
  void manyNamesWhenPackedThenTheFootprintIsTheirBytesAndFourMoreEach() {
    PackedNames.Builder builder = new PackedNames.Builder(Long.MAX_VALUE);
    List<String> all = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      all.add(String.format("f%07d", random.nextInt(10_000_000)) + i);
    }
    all.forEach(builder::add);
    PackedNames names = builder.sorted(name -> false);
    List<String> expected = new ArrayList<>(all);
    Collections.sort(expected);
    assertThat(names(names)).isEqualTo(expected);
    long utf8 = all.stream().mapToLong(String::length).sum();
    assertThat(names.footprint()).isEqualTo(PackedNames.footprint(utf8, all.size()));
    assertThat(names.footprint()).isLessThan(utf8 + 4L * all.size() + 64);
  }
}

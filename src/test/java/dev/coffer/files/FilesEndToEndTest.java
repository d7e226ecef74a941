package dev.coffer.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.coffer.account.UsageLedger;
import dev.coffer.support.EndToEndTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.util.UriUtils;

@ExtendWith(OutputCaptureExtension.class)
class FilesEndToEndTest extends EndToEndTest {

  @Autowired UsageLedger ledger;
  @Autowired UsageReconciler reconciler;

  private String alice;

  @BeforeEach
  void user() {
    alice = newUser("alice");
  }

  // ---- upload ----

  @Test
  void putWhenNewThen201WithFileInfoThenReplaceGives200() {
    byte[] content = bytes(5000);
    me().body(content)
        .put(files("docs/report.bin"))
        .then()
        .statusCode(201)
        .header("Location", "/api/v1/files/docs/report.bin")
        .header("ETag", notNullValue())
        .body("path", equalTo("docs/report.bin"))
        .body("name", equalTo("report.bin"))
        .body("type", equalTo("file"))
        .body("size", equalTo(5000))
        .body("sha256", equalTo(sha256(content)))
        .body("modified", notNullValue())
        .body("etag", notNullValue());
    me().body(bytes(10))
        .put(files("docs/report.bin"))
        .then()
        .statusCode(200)
        .body("size", equalTo(10));
    me().get(dirs("docs")).then().statusCode(200).body("entries.name", contains("report.bin"));
  }

  @Test
  void putWhenFormEncodedContentTypeThenBodyStoredVerbatim() {
    me().contentType("application/x-www-form-urlencoded")
        .body("a=1&b=2")
        .put(files("form.txt"))
        .then()
        .statusCode(201)
        .body("size", equalTo(7));
    assertThat(me().get(files("form.txt")).asString()).isEqualTo("a=1&b=2");
  }

  @Test
  void putWhenIfNoneMatchStarAndExistsThen412() {
    me().header("If-None-Match", "*").body("one").put(files("f")).then().statusCode(201);
    me().header("If-None-Match", "*").body("two").put(files("f")).then().statusCode(412);
    assertThat(me().get(files("f")).asString()).isEqualTo("one");
  }

  @Test
  void putWhenIfMatchStaleThen412AndWhenCurrentThen200() {
    String etag = me().body("one").put(files("f")).then().statusCode(201).extract().header("ETag");
    me().header("If-Match", "\"stale\"").body("two").put(files("f")).then().statusCode(412);
    me().header("If-Match", "\"x\"").body("new").put(files("absent")).then().statusCode(412);
    me().header("If-Match", etag).body("two").put(files("f")).then().statusCode(200);
    assertThat(me().get(files("f")).asString()).isEqualTo("two");
  }

  @Test
  void putWhenClientDigestMatchesThenStoredAndWhenNotThen400AndNothingStored() {
    byte[] content = bytes(2000);
    String b64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256(content)));
    me().header("Repr-Digest", "sha-256=:" + b64 + ":")
        .body(content)
        .put(files("ok.bin"))
        .then()
        .statusCode(201)
        .body("sha256", equalTo(sha256(content)));
    me().header("X-Checksum-Sha256", sha256(content))
        .body(content)
        .put(files("ok2.bin"))
        .then()
        .statusCode(201);
    me().header("X-Checksum-Sha256", sha256(bytes(1)))
        .body(content)
        .put(files("bad.bin"))
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("digest-mismatch"));
    me().header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(new byte[32]) + ":")
        .body(content)
        .put(files("bad.bin"))
        .then()
        .statusCode(400);
    me().header("X-Checksum-Sha256", "xyz")
        .body(content)
        .put(files("bad.bin"))
        .then()
        .statusCode(400);
    me().get(files("bad.bin")).then().statusCode(404);
    assertThat(usedBytes()).isEqualTo(4000);
  }

  @Test
  void putWhenOverQuotaThen507AndNothingStored() {
    setQuota(1000);
    me().body(bytes(1500))
        .put(files("big"))
        .then()
        .statusCode(507)
        .body("code", equalTo("quota-exceeded"));
    me().get(files("big")).then().statusCode(404);
    assertThat(usedBytes()).isZero();
    me().body(bytes(900)).put(files("fits")).then().statusCode(201);
    me().body(bytes(200)).put(files("more")).then().statusCode(507);
    assertThat(usedBytes()).isEqualTo(900);
  }

  @Test
  void usageWhenReplacedCopiedMovedAndDeletedThenStaysRight() {
    setQuota(10_000);
    me().body(bytes(300)).put(files("d/a")).then().statusCode(201);
    assertThat(usedBytes()).isEqualTo(300);
    me().body(bytes(100)).put(files("d/a")).then().statusCode(200);
    assertThat(usedBytes()).isEqualTo(100);
    op("copy", "d/a", "d/b", false).then().statusCode(201);
    assertThat(usedBytes()).isEqualTo(200);
    op("copy", "d", "e", false).then().statusCode(201);
    assertThat(usedBytes()).isEqualTo(400);
    op("move", "e/a", "d/b", true).then().statusCode(200);
    assertThat(usedBytes()).isEqualTo(300);
    me().delete(files("d/b")).then().statusCode(204);
    assertThat(usedBytes()).isEqualTo(200);
    me().queryParam("recursive", true).delete(dirs("e")).then().statusCode(204);
    assertThat(usedBytes()).isEqualTo(100);
    me().queryParam("recursive", true).delete(dirs("d")).then().statusCode(204);
    assertThat(usedBytes()).isZero();
  }

  @Test
  void usageWhenRecordedWrongThenReconciledWithStorage() {
    me().body(bytes(500)).put(files("r/a")).then().statusCode(201);
    ledger.set(alice, 123_456);
    reconciler.afterSingletonsInstantiated();
    assertThat(usedBytes()).isEqualTo(500);
  }

  @Test
  void putWhenFolderInTheWayOrParentIsAFileThen409() {
    me().post(dirs("folder")).then().statusCode(201);
    me().body("x").put(files("folder")).then().statusCode(409);
    me().body("x").put(files("plain")).then().statusCode(201);
    me().body("x").put(files("plain/child")).then().statusCode(409);
  }

  @Test
  void postMultipartThen201WithEveryFile() {
    me().multiPart("file", "one.txt", "first".getBytes(StandardCharsets.UTF_8))
        .multiPart("file", "zwei drei.txt", "second".getBytes(StandardCharsets.UTF_8))
        .post(files("inbox"))
        .then()
        .statusCode(201)
        .body("name", contains("one.txt", "zwei drei.txt"));
    assertThat(me().get(files("inbox/one.txt")).asString()).isEqualTo("first");
    me().multiPart("file", "..", "x".getBytes(StandardCharsets.UTF_8))
        .post(files("inbox"))
        .then()
        .statusCode(400);
  }

  // ---- download ----

  @Test
  void getWhenFileThenBytesAndSafeHeaders() {
    byte[] content = bytes(70_000);
    me().body(content).put(files("Résumé 2024 😀.pdf")).then().statusCode(201);
    Response response = me().get(files("Résumé 2024 😀.pdf"));
    response
        .then()
        .statusCode(200)
        .header(
            "Content-Disposition",
            containsString("filename*=UTF-8''R%C3%A9sum%C3%A9%202024%20%F0%9F%98%80.pdf"))
        .header("Content-Disposition", containsString("attachment"))
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "sandbox")
        .header("Accept-Ranges", "bytes")
        .header("ETag", notNullValue())
        .header("Last-Modified", notNullValue())
        .header("Content-Length", "70000")
        .header(
            "Repr-Digest",
            "sha-256=:"
                + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256(content)))
                + ":");
    assertThat(response.asByteArray()).isEqualTo(content);
  }

  @Test
  void headWhenFileThenHeadersWithoutBody() {
    me().body(bytes(1234)).put(files("h.bin")).then().statusCode(201);
    Response head = me().head(files("h.bin"));
    head.then()
        .statusCode(200)
        .header("Content-Length", "1234")
        .header("ETag", notNullValue())
        .header("Last-Modified", notNullValue())
        .header("Repr-Digest", notNullValue())
        .header("Content-Disposition", containsString("attachment"))
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "sandbox");
    assertThat(head.asByteArray()).isEmpty();
  }

  @Test
  void getWhenRangeThen206AndWhenUnsatisfiableThen416() {
    byte[] content = bytes(1000);
    me().body(content).put(files("r.bin")).then().statusCode(201);
    Response partial = me().header("Range", "bytes=10-19").get(files("r.bin"));
    partial
        .then()
        .statusCode(206)
        .header("Content-Range", "bytes 10-19/1000")
        .header("Content-Length", "10");
    assertThat(partial.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(content, 10, 20));
    Response suffix = me().header("Range", "bytes=-5").get(files("r.bin"));
    suffix.then().statusCode(206).header("Content-Range", "bytes 995-999/1000");
    assertThat(suffix.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(content, 995, 1000));
    me().header("Range", "bytes=990-")
        .get(files("r.bin"))
        .then()
        .statusCode(206)
        .header("Content-Length", "10");
    me().header("Range", "bytes=1000-")
        .get(files("r.bin"))
        .then()
        .statusCode(416)
        .header("Content-Range", "bytes */1000")
        .body("code", equalTo("range-not-satisfiable"));
    me().header("Range", "bytes=0-1,5-6")
        .get(files("r.bin"))
        .then()
        .statusCode(200)
        .header("Content-Length", "1000");
  }

  @Test
  void getWhenIfNoneMatchCurrentThen304AndIfRangeStaleThenWholeFile() {
    me().body(bytes(100)).put(files("c.bin")).then().statusCode(201);
    String etag = me().get(files("c.bin")).header("ETag");
    String lastModified = me().get(files("c.bin")).header("Last-Modified");
    me().header("If-None-Match", etag)
        .get(files("c.bin"))
        .then()
        .statusCode(304)
        .header("ETag", etag)
        .header("Last-Modified", lastModified)
        .header("Cache-Control", "private, no-cache")
        .header("Accept-Ranges", "bytes");
    me().header("If-None-Match", "\"other\"").get(files("c.bin")).then().statusCode(200);
    me().header("If-Modified-Since", lastModified).get(files("c.bin")).then().statusCode(304);
    me().header("Range", "bytes=0-9")
        .header("If-Range", etag)
        .get(files("c.bin"))
        .then()
        .statusCode(206);
    me().header("Range", "bytes=0-9")
        .header("If-Range", "\"stale\"")
        .get(files("c.bin"))
        .then()
        .statusCode(200)
        .header("Content-Length", "100");
    me().header("Range", "bytes=0-9")
        .header("If-Range", lastModified)
        .get(files("c.bin"))
        .then()
        .statusCode(206);
  }

  @Test
  void getWhenFolderThen400AndWhenMissingThen404() {
    me().post(dirs("f")).then().statusCode(201);
    me().get(files("f")).then().statusCode(400).contentType("application/problem+json");
    me().get(files("nothing")).then().statusCode(404).contentType("application/problem+json");
  }

  @Test
  void deleteWhenFileThen204AndWhenFolderThen409() {
    me().body("x").put(files("d/x")).then().statusCode(201);
    me().delete(files("d")).then().statusCode(409);
    me().delete(files("d/x")).then().statusCode(204);
    me().delete(files("d/x")).then().statusCode(404);
  }

  @Test
  void samePathInNfdAndNfcIsOneFile() {
    me().body("v1").put(files("cafe\u0301.txt")).then().statusCode(201);
    me().body("v2").put(files("caf\u00e9.txt")).then().statusCode(200);
    assertThat(me().get(files("cafe\u0301.txt")).asString()).isEqualTo("v2");
  }

  // ---- folders ----

  @Test
  void dirsWhenCreatedThen201ThenExisting200AndFileInTheWay409() {
    me().post(dirs("a/b/c"))
        .then()
        .statusCode(201)
        .body("type", equalTo("dir"))
        .body("path", equalTo("a/b/c"));
    me().post(dirs("a/b/c")).then().statusCode(200);
    me().body("x").put(files("a/file")).then().statusCode(201);
    me().post(dirs("a/file")).then().statusCode(409);
    me().post(dirs("a/file/sub")).then().statusCode(409);
  }

  @Test
  void dirsDeleteWhenNotEmptyThen409UnlessRecursiveAndHomeNever() {
    me().body("x").put(files("full/x")).then().statusCode(201);
    me().delete(dirs("full")).then().statusCode(409);
    me().delete(dirs("full/x")).then().statusCode(409);
    me().queryParam("recursive", true).delete(dirs("full")).then().statusCode(204);
    me().get(dirs("full")).then().statusCode(404);
    me().post(dirs("empty")).then().statusCode(201);
    me().delete(dirs("empty")).then().statusCode(204);
    me().queryParam("recursive", true).delete("/api/v1/dirs").then().statusCode(400);
    me().queryParam("recursive", true).delete("/api/v1/dirs/").then().statusCode(400);
  }

  @Test
  void listWhenSortedAndPagedThenEveryEntryOnceInOrder() {
    List<String> names = List.of("space name.txt", "😀 emoji.txt", "日本語.txt", "Ελληνικά.txt", "b");
    for (int i = 0; i < names.size(); i++) {
      me().body(bytes(i * 100 + 1)).put(files("l/" + names.get(i))).then().statusCode(201);
    }
    me().get(dirs("l"))
        .then()
        .statusCode(200)
        .body("path", equalTo("l"))
        .body("entries", hasSize(5));
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      RequestSpecification request =
          me().queryParam("limit", 2).queryParam("sort", "size").queryParam("order", "desc");
      if (cursor != null) {
        request.queryParam("cursor", cursor);
      }
      Response page = request.get(dirs("l"));
      page.then().statusCode(200);
      seen.addAll(page.jsonPath().getList("entries.name"));
      cursor = page.jsonPath().getString("nextCursor");
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen)
        .containsExactly("b", "Ελληνικά.txt", "日本語.txt", "😀 emoji.txt", "space name.txt");
    List<String> byName = me().get(dirs("l")).jsonPath().getList("entries.name");
    assertThat(byName)
        .containsExactly("b", "space name.txt", "Ελληνικά.txt", "日本語.txt", "😀 emoji.txt");
    me().queryParam("sort", "modified")
        .get(dirs("l"))
        .then()
        .statusCode(200)
        .body("entries", hasSize(5));
    me().queryParam("sort", "colour").get(dirs("l")).then().statusCode(400);
    me().queryParam("order", "up").get(dirs("l")).then().statusCode(400);
    me().queryParam("limit", 0).get(dirs("l")).then().statusCode(400);
    me().queryParam("cursor", "garbage").get(dirs("l")).then().statusCode(400);
  }

  @Test
  void listWhenRecursiveThenWholeTreeAndHomeByEmptyPath() {
    me().body("1").put(files("t/a/deep.txt")).then().statusCode(201);
    me().body("2").put(files("t/top.txt")).then().statusCode(201);
    me().queryParam("recursive", true)
        .get(dirs("t"))
        .then()
        .statusCode(200)
        .body("entries.path", contains("t/a", "t/a/deep.txt", "t/top.txt"))
        .body("nextCursor", nullValue());
    me().get("/api/v1/dirs")
        .then()
        .statusCode(200)
        .body("path", equalTo(""))
        .body("entries.name", contains("t"));
    me().get("/api/v1/dirs/").then().statusCode(200).body("entries.name", contains("t"));
    me().get(dirs("t/top.txt")).then().statusCode(409);
  }

  // ---- move and copy ----

  @Test
  void moveAndCopyWhenTargetExistsThen409UnlessOverwrite() {
    me().body("a").put(files("a.txt")).then().statusCode(201);
    me().body("b").put(files("b.txt")).then().statusCode(201);
    op("move", "a.txt", "b.txt", false).then().statusCode(409);
    op("copy", "a.txt", "b.txt", false).then().statusCode(409);
    op("copy", "a.txt", "c/a-copy.txt", false)
        .then()
        .statusCode(201)
        .body("path", equalTo("c/a-copy.txt"));
    op("move", "a.txt", "b.txt", true)
        .then()
        .statusCode(200)
        .body("path", equalTo("b.txt"))
        .body("size", equalTo(1));
    assertThat(me().get(files("b.txt")).asString()).isEqualTo("a");
    me().get(files("a.txt")).then().statusCode(404);
    op("move", "missing", "x", false).then().statusCode(404);
    op("move", "c", "c/inside", false).then().statusCode(400);
    op("move", "c", "d", false).then().statusCode(200).body("type", equalTo("dir"));
    assertThat(me().get(files("d/a-copy.txt")).asString()).isEqualTo("a");
  }

  // ---- archive ----

  @Test
  void archiveWhenFolderThenZipWithRelativeEntryNames() throws IOException {
    byte[] one = bytes(100_000);
    me().body(one).put(files("z/one.bin")).then().statusCode(201);
    me().body("two").put(files("z/sub/two ü.txt")).then().statusCode(201);
    Response zip = me().get(archive("z"));
    zip.then()
        .statusCode(200)
        .contentType("application/zip")
        .header("Content-Disposition", containsString("z.zip"));
    Map<String, byte[]> entries = new java.util.TreeMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.asByteArray()))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    assertThat(entries.keySet()).containsExactly("one.bin", "sub/", "sub/two ü.txt");
    assertThat(entries.get("one.bin")).isEqualTo(one);
    Path file = Files.createTempFile("archive", ".zip");
    try {
      Files.write(file, zip.asByteArray());
      try (ZipFile central = new ZipFile(file.toFile())) {
        assertThat(Collections.list(central.entries()).stream().map(ZipEntry::getName))
            .as("the central directory lists what the local headers hold")
            .containsExactlyInAnyOrder("one.bin", "sub/", "sub/two ü.txt");
        assertThat(central.getEntry("sub/").isDirectory()).isTrue();
        try (var in = central.getInputStream(central.getEntry("sub/two ü.txt"))) {
          assertThat(in.readAllBytes()).isEqualTo("two".getBytes(StandardCharsets.UTF_8));
        }
      }
    } finally {
      Files.delete(file);
    }
    me().get(archive("z/one.bin")).then().statusCode(400);
    me().get(archive("nope")).then().statusCode(404);
  }

  // ---- observability ----

  /** How a large download is logged: handed to sendfile here, streamed on backends with no file. */
  protected String largeDownloadTiming() {
    return "- MB/s=- outcome=sendfile";
  }

  @Test
  void transfersWhenDoneThenLoggedAndMetered(CapturedOutput output) {
    me().body(bytes(4321)).put(files("logged.bin")).then().statusCode(201);
    me().get(files("logged.bin")).then().statusCode(200);
    me().body(bytes(100_000)).put(files("large.bin")).then().statusCode(201);
    assertThat(me().get(files("large.bin")).asByteArray()).isEqualTo(bytes(100_000));
    setQuota(10);
    me().body(bytes(4321)).put(files("refused.bin")).then().statusCode(507);
    assertThat(output.getOut())
        .contains("upload user=" + alice + " path=\"logged.bin\" bytes=4321 ms=")
        .contains("download user=" + alice + " path=\"logged.bin\" bytes=4321 ms=")
        .containsPattern(
            "download user="
                + alice
                + " path=\"logged.bin\" bytes=4321 ms=\\d+ MB/s=[0-9.]+ outcome=ok")
        .contains("upload user=" + alice + " path=\"refused.bin\"")
        .containsPattern(
            "download user="
                + alice
                + " path=\"large.bin\" bytes=100000 ms="
                + largeDownloadTiming());
    String metrics =
        asAdmin().get("/actuator/prometheus").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains("coffer_transfer_duration_seconds_count{operation=\"upload\",outcome=\"ok\"")
        .contains("coffer_transfer_duration_seconds_count{operation=\"download\",outcome=\"ok\"")
        .contains("coffer_transfer_size_bytes_sum{operation=\"upload\",outcome=\"refused\"");
  }

  // ---- helpers ----

  private RequestSpecification me() {
    return as(alice).urlEncodingEnabled(false);
  }

  private Response op(String op, String from, String to, boolean overwrite) {
    return as(alice)
        .contentType(ContentType.JSON)
        .body(Map.of("from", from, "to", to, "overwrite", overwrite))
        .post("/api/v1/ops/" + op);
  }

  private void setQuota(long bytes) {
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("quotaBytes", bytes))
        .patch("/api/v1/users/" + alice)
        .then()
        .statusCode(200);
  }

  private long usedBytes() {
    return as(alice).get("/api/v1/me").jsonPath().getLong("usedBytes");
  }

  static String files(String path) {
    return "/api/v1/files/" + encode(path);
  }

  static String dirs(String path) {
    return "/api/v1/dirs/" + encode(path);
  }

  static String archive(String path) {
    return "/api/v1/archive/" + encode(path);
  }

  static String encode(String path) {
    List<String> parts = new ArrayList<>();
    for (String segment : path.split("/")) {
      parts.add(UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8));
    }
    return String.join("/", parts);
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.coffer.files.tus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.Storage;
import dev.coffer.support.EndToEndTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The tus protocol over real HTTP through the real filter chain, edge cases included. */
@ExtendWith(OutputCaptureExtension.class)
class TusProtocolEndToEndTest extends EndToEndTest {

  static final String UPLOADS = "/api/v1/uploads";
  static final String CHUNK = "application/offset+octet-stream";

  @Autowired private JdbcClient jdbc;
  @Autowired private Storage storage;
  @Autowired private TusService service;

  private String alice;

  @BeforeEach
  void user() {
    alice = newUser("alice");
  }

  // ---- discovery and version ----------------------------------------------------------------

  @Test
  void optionsWhenSignedInThenAdvertisesVersionExtensionsAndChecksums() {
    as(alice)
        .options(UPLOADS)
        .then()
        .statusCode(204)
        .header("Tus-Resumable", "1.0.0")
        .header("Tus-Version", "1.0.0")
        .header("Tus-Extension", "creation,creation-with-upload,termination,checksum,expiration")
        .header("Tus-Checksum-Algorithm", "sha1,sha256")
        // no coffer.files.max-file-size here, so no limit to announce (the README says so)
        .header("Tus-Max-Size", nullValue());
  }

  @Test
  void optionsWhenAnonymousThen401LikeEveryApiCall() {
    io.restassured.RestAssured.given().options(UPLOADS).then().statusCode(401);
  }

  @Test
  void openApiWhenFetchedThenListsTheTusOperations() {
    String docs =
        io.restassured.RestAssured.given()
            .get("/v3/api-docs")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(docs).contains("\"/api/v1/uploads\"", "\"/api/v1/uploads/{id}\"", "Uploads (tus)");
  }

  @Test
  void requestWhenTusResumableMissingOrOtherThen412WithTusVersion() {
    as(alice)
        .header("Upload-Length", "3")
        .header("Upload-Metadata", meta("path", "x.bin"))
        .post(UPLOADS)
        .then()
        .statusCode(412)
        .contentType("application/problem+json")
        .header("Tus-Version", "1.0.0")
        .body("code", equalTo("unsupported-version"));
    String id = create(alice, 3, "x.bin");
    as(alice).header("Tus-Resumable", "0.2.2").head(upload(id)).then().statusCode(412);
  }

  // ---- creation, PATCH, commit ------------------------------------------------------------------

  @Test
  void uploadInChunksThenFileAppearsOnlyWithTheLastByteAndPartialNeverListed(CapturedOutput output)
      throws Exception {
    byte[] data = bytes(300_000, 1);
    String id = create(alice, data.length, "docs/report.bin");
    head(alice, id)
        .then()
        .statusCode(200)
        .header("Upload-Offset", "0")
        .header("Upload-Length", Integer.toString(data.length))
        .header("Upload-Metadata", meta("path", "docs/report.bin"))
        .header("Cache-Control", "no-store")
        .header("Upload-Expires", notNullValue());

    patch(alice, id, 0, slice(data, 0, 100_000))
        .then()
        .statusCode(204)
        .header("Upload-Offset", "100000")
        .header("Tus-Resumable", "1.0.0");
    patch(alice, id, 100_000, slice(data, 100_000, 299_999)).then().statusCode(204);
    // Not there yet, not in any listing, but counted against the quota while in flight.
    as(alice).get("/api/v1/files/docs/report.bin").then().statusCode(404);
    as(alice)
        .get("/api/v1/dirs?recursive=true")
        .then()
        .body("entries", org.hamcrest.Matchers.empty());
    assertThat(usedBytes(alice)).isEqualTo(299_999);

    patch(alice, id, 299_999, slice(data, 299_999, data.length))
        .then()
        .statusCode(204)
        .header("Upload-Offset", Integer.toString(data.length));
    byte[] stored =
        as(alice)
            .get("/api/v1/files/docs/report.bin")
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    assertThat(stored).isEqualTo(data);
    assertThat(usedBytes(alice)).isEqualTo(data.length);
    // Finished uploads still answer HEAD until they expire, so a client that lost the last
    // response learns it is done.
    head(alice, id).then().statusCode(200).header("Upload-Offset", Integer.toString(data.length));
    assertThat(asAdmin().get("/actuator/prometheus").asString())
        .contains("coffer_transfer_size_bytes_count{operation=\"tus-patch\",outcome=\"ok\"}")
        .contains(
            "coffer_transfer_duration_seconds_count{operation=\"tus-upload\",outcome=\"ok\"}");
    assertThat(output.getOut())
        .containsPattern(
            "tus-patch user="
                + alice
                + " path=\"docs/report.bin\" bytes=100000 ms=\\d+ MB/s=[0-9.]+ outcome=ok")
        .containsPattern(
            "tus-upload user="
                + alice
                + " path=\"docs/report.bin\" bytes=300000 ms=\\d+ MB/s=[0-9.]+ outcome=ok");
  }

  @Test
  void createWhenFilenameOnlyThenFileLandsInHomeRoot() {
    Response created =
        tus(alice)
            .header("Upload-Length", "5")
            .header("Upload-Metadata", meta("filename", "hello.txt"))
            .contentType(CHUNK)
            .body("hello".getBytes(StandardCharsets.US_ASCII))
            .post(UPLOADS);
    created.then().statusCode(201).header("Upload-Offset", "5").header("Location", notNullValue());
    assertThat(created.header("Location")).startsWith("http://localhost:" + port + UPLOADS + "/");
    as(alice).get("/api/v1/files/hello.txt").then().statusCode(200).body(equalTo("hello"));
  }

  @Test
  void createWhenEmptyThenFileExistsAtOnce() {
    create(alice, 0, "empty.txt");
    as(alice).get("/api/v1/files/empty.txt").then().statusCode(200).header("Content-Length", "0");
  }

  @Test
  void createWhenMetadataLacksPathOrIsBadThen400() {
    tus(alice)
        .header("Upload-Length", "5")
        .post(UPLOADS)
        .then()
        .statusCode(400)
        .body("code", equalTo("missing-path"));
    for (String bad :
        new String[] {"../escape.bin", "/etc/passwd", "a/./b", "a\\b", "docs//x", ""}) {
      tus(alice)
          .header("Upload-Length", "5")
          .header("Upload-Metadata", meta("path", bad))
          .post(UPLOADS)
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
    tus(alice)
        .header("Upload-Length", "5")
        .header("Upload-Metadata", meta("filename", "a/b.txt"))
        .post(UPLOADS)
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-path"));
    tus(alice)
        .header("Upload-Length", "5")
        .header("Upload-Metadata", "path ***")
        .post(UPLOADS)
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-metadata"));
  }

  @Test
  void createWhenLengthMissingDeferredOrNotANumberThen400() {
    tus(alice)
        .header("Upload-Metadata", meta("path", "a"))
        .post(UPLOADS)
        .then()
        .statusCode(400)
        .body("code", equalTo("missing-header"));
    tus(alice)
        .header("Upload-Metadata", meta("path", "a"))
        .header("Upload-Defer-Length", "1")
        .post(UPLOADS)
        .then()
        .statusCode(400)
        .body("code", equalTo("deferred-length-unsupported"));
    tus(alice)
        .header("Upload-Metadata", meta("path", "a"))
        .header("Upload-Length", "-1")
        .post(UPLOADS)
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-header"));
  }

  @Test
  void createWhenFolderOrFileInTheWayThen409Or412() {
    as(alice).post("/api/v1/dirs/taken").then().statusCode(201);
    tus(alice)
        .header("Upload-Length", "1")
        .header("Upload-Metadata", meta("path", "taken"))
        .post(UPLOADS)
        .then()
        .statusCode(409)
        .body("code", equalTo("is-a-folder"));
    as(alice).body("old").put("/api/v1/files/file.txt").then().statusCode(201);
    tus(alice)
        .header("Upload-Length", "1")
        .header("Upload-Metadata", meta("path", "file.txt"))
        .header("If-None-Match", "*")
        .post(UPLOADS)
        .then()
        .statusCode(412);
    tus(alice)
        .header("Upload-Length", "1")
        .header("Upload-Metadata", meta("path", "file.txt/below"))
        .post(UPLOADS)
        .then()
        .statusCode(409);
  }

  @Test
  void uploadWhenTargetReplacedThenOldVersionReadableUntilCommitAndQuotaSettled() {
    as(alice).body("old content").put("/api/v1/files/doc.txt").then().statusCode(201);
    String id = create(alice, 11, "doc.txt");
    patch(alice, id, 0, "new c".getBytes(StandardCharsets.US_ASCII)).then().statusCode(204);
    as(alice).get("/api/v1/files/doc.txt").then().body(equalTo("old content"));
    patch(alice, id, 5, "ontent".getBytes(StandardCharsets.US_ASCII)).then().statusCode(204);
    as(alice).get("/api/v1/files/doc.txt").then().body(equalTo("new content"));
    assertThat(usedBytes(alice)).isEqualTo(11);
  }

  @Test
  void createWhenOverQuotaThen507AndPatchOverQuotaRemovesTheUpload() {
    String bob = newUser("bob");
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("quotaBytes", 1000))
        .patch("/api/v1/users/" + bob)
        .then()
        .statusCode(200);
    tus(bob)
        .header("Upload-Length", "1001")
        .header("Upload-Metadata", meta("path", "big"))
        .post(UPLOADS)
        .then()
        .statusCode(507)
        .body("code", equalTo("quota-exceeded"));
    String id = create(bob, 1000, "fits");
    as(bob).body(new byte[600]).put("/api/v1/files/other").then().statusCode(201);
    patch(bob, id, 0, new byte[1000])
        .then()
        .statusCode(507)
        .body("code", equalTo("quota-exceeded"));
    // The upload can never finish: it is gone with its bytes, which no longer count.
    assertThat(usedBytes(bob)).isEqualTo(600);
    tus(bob).head(upload(id)).then().statusCode(404);
    tus(bob).delete(upload(id)).then().statusCode(404);
  }

  // ---- core edge cases ----------------------------------------------------------------------

  @Test
  void patchWhenOffsetWrongThen409AndNothingWritten() {
    String id = create(alice, 10, "a.bin");
    patch(alice, id, 3, new byte[3])
        .then()
        .statusCode(409)
        .body("code", equalTo("offset-conflict"));
    patch(alice, id, 0, new byte[4]).then().statusCode(204);
    patch(alice, id, 0, new byte[4]).then().statusCode(409);
    head(alice, id).then().header("Upload-Offset", "4");
  }

  @Test
  void patchWhenContentTypeWrongThen415() {
    String id = create(alice, 10, "a.bin");
    tus(alice)
        .header("Upload-Offset", "0")
        .contentType("application/octet-stream")
        .body(new byte[2])
        .patch(upload(id))
        .then()
        .statusCode(415)
        .body("code", equalTo("unsupported-media-type"));
    tus(alice).header("Upload-Offset", "0").patch(upload(id)).then().statusCode(415);
  }

  @Test
  void patchWhenOffsetMissingOrBadThen400() {
    String id = create(alice, 10, "a.bin");
    tus(alice).contentType(CHUNK).body(new byte[2]).patch(upload(id)).then().statusCode(400);
    tus(alice)
        .header("Upload-Offset", "x")
        .contentType(CHUNK)
        .body(new byte[2])
        .patch(upload(id))
        .then()
        .statusCode(400);
  }

  @Test
  void patchWhenPastUploadLengthThen413AndOffsetUnchanged() {
    String id = create(alice, 10, "a.bin");
    patch(alice, id, 0, new byte[11])
        .then()
        .statusCode(413)
        .body("code", equalTo("exceeds-upload-length"));
    head(alice, id).then().header("Upload-Offset", "0");
  }

  @Test
  void patchWhenSentAsPostWithMethodOverrideThenAccepted() {
    String id = create(alice, 4, "o.bin");
    tus(alice)
        .header("X-HTTP-Method-Override", "PATCH")
        .header("Upload-Offset", "0")
        .contentType(CHUNK)
        .body("abcd".getBytes(StandardCharsets.US_ASCII))
        .post(upload(id))
        .then()
        .statusCode(204)
        .header("Upload-Offset", "4");
    as(alice).get("/api/v1/files/o.bin").then().body(equalTo("abcd"));
    tus(alice).post(upload(id)).then().statusCode(405);
  }

  @Test
  void uploadWhenUnknownOrMalformedIdThen404() {
    tus(alice).head(UPLOADS + "/0123456789abcdef0123456789abcdef").then().statusCode(404);
    patch(alice, "ZZZ", 0, new byte[1]).then().statusCode(404);
  }

  // ---- ownership ----------------------------------------------------------------------------

  @Test
  void uploadWhenAnotherUserHeadsPatchesOrDeletesThen404() {
    String mallory = newUser("mallory");
    String id = create(alice, 10, "mine.bin");
    head(mallory, id).then().statusCode(404);
    patch(mallory, id, 0, new byte[10]).then().statusCode(404);
    tus(mallory).delete(upload(id)).then().statusCode(404);
    head(alice, id).then().statusCode(200).header("Upload-Offset", "0");
    as(mallory).get("/api/v1/files/mine.bin").then().statusCode(404);
  }

  // ---- checksum -----------------------------------------------------------------------------

  @Test
  void patchWhenChecksumMatchesThenAcceptedAndWhenNotThen460AndChunkDiscarded() throws Exception {
    byte[] data = bytes(200_000, 2);
    String id = create(alice, data.length, "sum.bin");
    byte[] first = slice(data, 0, 100_000);
    byte[] second = slice(data, 100_000, data.length);
    tus(alice)
        .header("Upload-Offset", "0")
        .header("Upload-Checksum", "sha1 " + digest("SHA-1", first))
        .contentType(CHUNK)
        .body(first)
        .patch(upload(id))
        .then()
        .statusCode(204)
        .header("Upload-Offset", "100000");

    tus(alice)
        .header("Upload-Offset", "100000")
        .header("Upload-Checksum", "sha256 " + digest("SHA-256", first))
        .contentType(CHUNK)
        .body(second)
        .patch(upload(id))
        .then()
        .statusCode(460)
        .contentType("application/problem+json")
        .header("Tus-Resumable", "1.0.0")
        .body("status", equalTo(460))
        .body("code", equalTo("checksum-mismatch"));
    head(alice, id).then().header("Upload-Offset", "100000");
    assertThat(storage.partials().length(alice, id)).isEqualTo(100_000);
    assertThat(usedBytes(alice)).isEqualTo(100_000);

    tus(alice)
        .header("Upload-Offset", "100000")
        .header("Upload-Checksum", "sha256 " + digest("SHA-256", second))
        .contentType(CHUNK)
        .body(second)
        .patch(upload(id))
        .then()
        .statusCode(204);
    assertThat(as(alice).get("/api/v1/files/sum.bin").asByteArray()).isEqualTo(data);
  }

  @Test
  void patchWhenChecksumMalformedOrUnsupportedThen400() {
    String id = create(alice, 5, "a.bin");
    tus(alice)
        .header("Upload-Offset", "0")
        .header("Upload-Checksum", "md5 XUFAKrxLKna5cZ2REBfFkg==")
        .contentType(CHUNK)
        .body(new byte[5])
        .patch(upload(id))
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-checksum"));
    head(alice, id).then().header("Upload-Offset", "0");
  }

  // ---- termination and expiration -----------------------------------------------------------

  @Test
  void deleteThenGoneAndBytesBackToQuota() {
    String id = create(alice, 10, "t.bin");
    patch(alice, id, 0, new byte[6]).then().statusCode(204);
    assertThat(usedBytes(alice)).isEqualTo(6);
    tus(alice).delete(upload(id)).then().statusCode(204).header("Tus-Resumable", "1.0.0");
    head(alice, id).then().statusCode(404);
    patch(alice, id, 6, new byte[4]).then().statusCode(404);
    assertThat(usedBytes(alice)).isZero();
    as(alice).get("/api/v1/files/t.bin").then().statusCode(404);
  }

  @Test
  void uploadWhenExpiredThen410AndSweepRemovesItAndGivesBytesBack() {
    String id = create(alice, 10, "late.bin");
    patch(alice, id, 0, new byte[7]).then().statusCode(204);
    String expires = head(alice, id).header("Upload-Expires");
    ZonedDateTime when = ZonedDateTime.parse(expires, DateTimeFormatter.RFC_1123_DATE_TIME);
    assertThat(when).isAfter(ZonedDateTime.now().plusHours(23));

    jdbc.sql("update tus_uploads set expires_at = expires_at - interval '2' day where id = ?")
        .param(id)
        .update();
    head(alice, id).then().statusCode(410);
    patch(alice, id, 7, new byte[3]).then().statusCode(410).body("code", equalTo("upload-expired"));
    assertThat(service.sweepExpired()).isGreaterThanOrEqualTo(1);
    head(alice, id).then().statusCode(404);
    assertThat(usedBytes(alice)).isZero();
    assertThatPartialGone(alice, id);
  }

  @Test
  void userDeletedThenTheirUnfinishedUploadsAndDataGo() {
    String carol = newUser("carol");
    String id = create(carol, 10, "x.bin");
    patch(carol, id, 0, new byte[4]).then().statusCode(204);
    asAdmin().delete("/api/v1/users/" + carol).then().statusCode(204);
    assertThat(
            jdbc.sql("select count(*) from tus_uploads where owner = ?")
                .param(carol)
                .query(Integer.class)
                .single())
        .isZero();
    assertThatPartialGone(carol, id);
  }

  // ---- recovery after a process died mid-PATCH ----------------------------------------------

  @Test
  void headWhenDataOutranTheRecordWithoutChecksumThenKeptAsOffset() throws Exception {
    String id = create(alice, 10, "crash.bin");
    // What a process killed mid-PATCH leaves behind: bytes on disk the database never recorded.
    storage
        .partials()
        .append(
            alice,
            id,
            0,
            new ByteArrayInputStream(new byte[] {1, 2, 3, 4}),
            10,
            SpaceReservation.unlimited());
    head(alice, id).then().header("Upload-Offset", "4");
    patch(alice, id, 4, new byte[] {5, 6, 7, 8, 9, 10}).then().statusCode(204);
    assertThat(as(alice).get("/api/v1/files/crash.bin").asByteArray())
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
  }

  @Test
  void headWhenUnverifiedDataOutranTheRecordThenCutBack() throws Exception {
    String id = create(alice, 10, "crash2.bin");
    patch(alice, id, 0, new byte[] {1, 2}).then().statusCode(204);
    jdbc.sql("update tus_uploads set checksum_pending = true where id = ?").param(id).update();
    storage
        .partials()
        .append(
            alice,
            id,
            2,
            new ByteArrayInputStream(new byte[] {9, 9, 9}),
            10,
            SpaceReservation.unlimited());
    head(alice, id).then().header("Upload-Offset", "2");
    assertThat(storage.partials().length(alice, id)).isEqualTo(2);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private RequestSpecification tus(String user) {
    return as(user).header("Tus-Resumable", "1.0.0");
  }

  private String create(String user, long length, String path) {
    String location =
        tus(user)
            .header("Upload-Length", Long.toString(length))
            .header("Upload-Metadata", meta("path", path))
            .post(UPLOADS)
            .then()
            .statusCode(201)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Offset", "0")
            .extract()
            .header("Location");
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private Response head(String user, String id) {
    return tus(user).head(upload(id));
  }

  private Response patch(String user, String id, long offset, byte[] body) {
    return tus(user)
        .header("Upload-Offset", Long.toString(offset))
        .contentType(CHUNK)
        .body(body)
        .patch(upload(id));
  }

  private long usedBytes(String user) {
    return as(user).get("/api/v1/me").jsonPath().getLong("usedBytes");
  }

  private void assertThatPartialGone(String user, String id) {
    try {
      storage.partials().length(user, id);
      org.assertj.core.api.Assertions.fail("partial data still there");
    } catch (dev.coffer.files.storage.StorageException e) {
      assertThat(e.reason()).isEqualTo(dev.coffer.files.storage.StorageException.Reason.NOT_FOUND);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String upload(String id) {
    return UPLOADS + "/" + id;
  }

  static String meta(String key, String value) {
    return key + " " + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] slice(byte[] data, int from, int to) {
    return java.util.Arrays.copyOfRange(data, from, to);
  }

  static String digest(String algorithm, byte[] data) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(data));
  }
}

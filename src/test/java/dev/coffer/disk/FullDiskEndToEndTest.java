package dev.coffer.disk;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.coffer.CofferApplication;
import dev.coffer.support.RepeatedBytes;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole service, with its embedded database file in the default place, on a small file system
 * filled from outside: storing is refused with 507 problems, reading and deleting go on, tus
 * partials that find no room are removed, and everything works again as soon as space returns, with
 * no restart and no data lost; a restart on the full disk starts with the database intact.
 */
class FullDiskEndToEndTest {

  private static final String ADMIN_PASSWORD = "admin-password-for-full-disk";
  private static final String UPLOADS = "/api/v1/uploads";
  private static final String CHUNK = "application/offset+octet-stream";
  private static final long MIB = 1024 * 1024;

  private static SmallDisk disk;
  private static Path storage;
  private static ConfigurableApplicationContext app;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    disk = SmallDisk.mount(64);
    storage = disk.root().resolve("storage");
    startApp();
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    if (disk != null) {
      disk.close();
    }
  }

  @AfterEach
  void free() throws Exception {
    disk.free();
  }

  @Test
  void storingWhenDiskFilledFromOutsideThen507AndAllWorksAgainOnceSpaceReturns() throws Exception {
    createUser("alice", "alice-password-1", null);
    String token = createToken("alice", "alice-password-1");
    as("alice", "alice-password-1")
        .body("kept")
        .put("/api/v1/files/kept.txt")
        .then()
        .statusCode(201);
    as("alice", "alice-password-1")
        .body("x")
        .put("/api/v1/files/doomed.txt")
        .then()
        .statusCode(201);
    as("alice", "alice-password-1")
        .contentType(ContentType.JSON)
        .body(Map.of("name", "k"))
        .post("/api/v1/keys")
        .then()
        .statusCode(201);
    String upload = createTusUpload("alice", "alice-password-1", "big.bin", 2 * MIB);
    patch("alice", "alice-password-1", upload, 0, new byte[(int) MIB]).then().statusCode(204);
    assertThat(reserve()).hasSize(4 * MIB);

    disk.fill();

    refused(
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("username", "bob", "password", "bob-password-1"))
            .post("/api/v1/users"));
    refused(
        as("alice", "alice-password-1")
            .contentType(ContentType.JSON)
            .body(Map.of("name", "second"))
            .post("/api/v1/tokens"));
    refused(
        as("alice", "alice-password-1")
            .contentType(ContentType.JSON)
            .body(Map.of("currentPassword", "alice-password-1", "newPassword", "alice-password-2"))
            .put("/api/v1/me/password"));
    refused(as("alice", "alice-password-1").body("new").put("/api/v1/files/new.txt"));
    refused(as("alice", "alice-password-1").post("/api/v1/dirs/folder"));
    refused(
        tus("alice", "alice-password-1")
            .header("Upload-Length", "10")
            .header("Upload-Metadata", "path " + base64("small.bin"))
            .post(UPLOADS));
    // The upload that can no longer grow is removed, its partial bytes with it.
    refused(patch("alice", "alice-password-1", upload, MIB, new byte[(int) MIB]));
    assertThat(partial("alice", upload)).doesNotExist();
    tus("alice", "alice-password-1").head(UPLOADS + "/" + upload).then().statusCode(404);
    tus("alice", "alice-password-1").delete(UPLOADS + "/" + upload).then().statusCode(404);
    assertThat(reserve()).as("reserve given to the database").doesNotExist();

    // Reading, crypto that stores nothing, and deleting go on.
    as("alice", "alice-password-1").get("/api/v1/me").then().statusCode(200);
    given().port(port).auth().oauth2(token).get("/api/v1/me").then().statusCode(200);
    as("alice", "alice-password-1")
        .get("/api/v1/files/kept.txt")
        .then()
        .statusCode(200)
        .body(equalTo("kept"));
    as("alice", "alice-password-1")
        .contentType(ContentType.JSON)
        .body(Map.of("text", "secret"))
        .post("/api/v1/keys/k/encrypt")
        .then()
        .statusCode(200);
    as("alice", "alice-password-1").delete("/api/v1/files/doomed.txt").then().statusCode(204);

    disk.free();

    createUser("bob", "bob-password-1", null);
    createToken("alice", "alice-password-1");
    as("alice", "alice-password-1")
        .contentType(ContentType.JSON)
        .body(Map.of("currentPassword", "alice-password-1", "newPassword", "alice-password-2"))
        .put("/api/v1/me/password")
        .then()
        .statusCode(204);
    as("alice", "alice-password-2").body("new").put("/api/v1/files/new.txt").then().statusCode(201);
    as("alice", "alice-password-2").post("/api/v1/dirs/folder").then().statusCode(201);
    String again = createTusUpload("alice", "alice-password-2", "big.bin", 2 * MIB);
    patch("alice", "alice-password-2", again, 0, new byte[(int) (2 * MIB)])
        .then()
        .statusCode(204)
        .header("Upload-Offset", String.valueOf(2 * MIB));
    as("alice", "alice-password-2")
        .get("/api/v1/files/big.bin")
        .then()
        .statusCode(200)
        .header("Content-Length", String.valueOf(2 * MIB));
    assertThat(reserve()).as("reserve written back").hasSize(4 * MIB);
    asAdmin().get("/api/v1/users/alice").then().statusCode(200);
  }

  @Test
  void uploadWhenLargerThanTheFreeSpaceThen507AndItsBytesAreGone() throws Exception {
    createUser("carol", "carol-password-1", null);
    long before = disk.usable();
    long tooMuch = before + 16 * MIB;

    // Streamed without a length: refused once the next bytes would pass the floor.
    HttpResponse<String> put =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/files/huge"))
                    .header("Authorization", basic("carol", "carol-password-1"))
                    .PUT(
                        HttpRequest.BodyPublishers.ofInputStream(
                            () -> RepeatedBytes.zeros(tooMuch)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(507);
    assertThat(put.body()).contains("\"code\":\"storage-full\"");
    try (Stream<Path> staged = Files.list(storage.resolve("tmp"))) {
      assertThat(staged).isEmpty();
    }

    String upload = createTusUpload("carol", "carol-password-1", "huge.bin", tooMuch);
    HttpResponse<String> chunk =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + UPLOADS + "/" + upload))
                    .header("Authorization", basic("carol", "carol-password-1"))
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Offset", "0")
                    .header("Content-Type", CHUNK)
                    .method(
                        "PATCH",
                        HttpRequest.BodyPublishers.ofInputStream(
                            () -> RepeatedBytes.zeros(tooMuch)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(chunk.statusCode()).isEqualTo(507);
    assertThat(chunk.body()).contains("\"code\":\"storage-full\"");
    assertThat(partial("carol", upload)).doesNotExist();
    tus("carol", "carol-password-1").delete(UPLOADS + "/" + upload).then().statusCode(404);
    assertThat(disk.usable()).as("the space is back").isGreaterThan(before - 4 * MIB);
    as("carol", "carol-password-1")
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("usedBytes", equalTo(0));
  }

  @Test
  void patchWhenOverQuotaThen507AndThePartialIsRemoved() {
    createUser("dave", "dave-password-1", MIB);
    String upload = createTusUpload("dave", "dave-password-1", "half.bin", MIB / 2);
    as("dave", "dave-password-1")
        .body(new byte[(int) (MIB * 3 / 4)])
        .put("/api/v1/files/most.bin")
        .then()
        .statusCode(201);

    patch("dave", "dave-password-1", upload, 0, new byte[(int) (MIB / 2)])
        .then()
        .statusCode(507)
        .contentType("application/problem+json")
        .body("code", equalTo("quota-exceeded"));

    assertThat(partial("dave", upload)).doesNotExist();
    tus("dave", "dave-password-1").head(UPLOADS + "/" + upload).then().statusCode(404);
    tus("dave", "dave-password-1").delete(UPLOADS + "/" + upload).then().statusCode(404);
    as("dave", "dave-password-1")
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("usedBytes", equalTo((int) (MIB * 3 / 4)));
  }

  @Test
  void restartWhenDiskFullThenStartsWithItsDatabaseIntact() throws Exception {
    createUser("erin", "erin-password-1", null);
    disk.fill();
    app.close();

    startApp();

    asAdmin().get("/api/v1/users/erin").then().statusCode(200);
    as("erin", "erin-password-1").get("/api/v1/me").then().statusCode(200);
    refused(
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("username", "frank", "password", "frank-password-1"))
            .post("/api/v1/users"));
    disk.free();
    createUser("frank", "frank-password-1", null);
  }

  @Test
  void databaseWhenWritesFailWithoutReserveOrFloorThen507AndReadsRecoverWithoutRestart()
      throws Exception {
    // No reserve, no floor: nothing stops a write before H2 meets the full disk and closes itself.
    ConfigurableApplicationContext bare =
        start(disk.root().resolve("bare"), "--coffer.disk.reserve=0", "--coffer.disk.min-free=0");
    int barePort = port(bare);
    try {
      createUser(barePort, "gina", "gina-password-1");
      disk.fill();

      int refusedCount = 0;
      List<String> acknowledged = new ArrayList<>();
      for (int i = 0; i < 20 && refusedCount == 0; i++) {
        int status =
            as(barePort, "admin", ADMIN_PASSWORD)
                .contentType(ContentType.JSON)
                .body(Map.of("username", "g" + i, "password", "g-password-" + i))
                .post("/api/v1/users")
                .then()
                .extract()
                .statusCode();
        assertThat(status).as("a write on the full disk").isIn(201, 507);
        refusedCount += status == 507 ? 1 : 0;
        if (status == 201) {
          acknowledged.add("g" + i);
        }
      }
      assertThat(refusedCount).as("H2 met the full disk").isPositive();
      // The pool has dropped the closed database's connections and opened it again.
      as(barePort, "gina", "gina-password-1").get("/api/v1/me").then().statusCode(200);
      as(barePort, "admin", ADMIN_PASSWORD).get("/api/v1/users/gina").then().statusCode(200);

      disk.free();
      createUser(barePort, "hank", "hank-password-1");
      as(barePort, "hank", "hank-password-1").get("/api/v1/me").then().statusCode(200);
      // What was acknowledged was written: no commit lives only in memory.
      for (String name : acknowledged) {
        as(barePort, "admin", ADMIN_PASSWORD).get("/api/v1/users/" + name).then().statusCode(200);
      }
    } finally {
      bare.close();
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static void startApp() {
    app = start(storage, "--coffer.disk.reserve=4MB", "--coffer.disk.min-free=4MB");
    port = port(app);
  }

  /** The service with its defaults, the embedded database file included, on {@code dir}. */
  private static ConfigurableApplicationContext start(Path dir, String... disk) {
    return new SpringApplicationBuilder(CofferApplication.class)
        .run(
            Stream.concat(
                    Stream.of(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--server.shutdown=immediate",
                        "--coffer.storage-dir=" + dir,
                        "--coffer.accounts.admin-password=" + ADMIN_PASSWORD,
                        "--coffer.accounts.max-failures-per-client=1000000"),
                    Stream.of(disk))
                .toArray(String[]::new));
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  private static void createUser(int port, String name, String password) {
    as(port, "admin", ADMIN_PASSWORD)
        .contentType(ContentType.JSON)
        .body(Map.of("username", name, "password", password))
        .post("/api/v1/users")
        .then()
        .statusCode(201);
  }

  private static RequestSpecification as(int port, String user, String password) {
    return given().port(port).auth().preemptive().basic(user, password);
  }

  private static void refused(Response response) {
    response
        .then()
        .statusCode(507)
        .contentType("application/problem+json")
        .body("status", equalTo(507))
        .body("code", equalTo("storage-full"));
  }

  private static Path reserve() {
    return storage.resolve("db/coffer.reserve");
  }

  private static Path partial(String user, String upload) {
    return storage.resolve("partials").resolve(user).resolve(upload);
  }

  private static RequestSpecification asAdmin() {
    return as("admin", ADMIN_PASSWORD);
  }

  private static RequestSpecification as(String user, String password) {
    return as(port, user, password);
  }

  private static RequestSpecification tus(String user, String password) {
    return as(user, password).header("Tus-Resumable", "1.0.0");
  }

  private static void createUser(String name, String password, Long quota) {
    Map<String, Object> body =
        quota == null
            ? Map.of("username", name, "password", password)
            : Map.of("username", name, "password", password, "quotaBytes", quota);
    asAdmin().contentType(ContentType.JSON).body(body).post("/api/v1/users").then().statusCode(201);
  }

  private static String createToken(String user, String password) {
    return as(user, password)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "t"))
        .post("/api/v1/tokens")
        .then()
        .statusCode(201)
        .extract()
        .path("token");
  }

  private static String createTusUpload(String user, String password, String path, long length) {
    String location =
        tus(user, password)
            .header("Upload-Length", String.valueOf(length))
            .header("Upload-Metadata", "path " + base64(path))
            .post(UPLOADS)
            .then()
            .statusCode(201)
            .extract()
            .header("Location");
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private static Response patch(
      String user, String password, String upload, long offset, byte[] bytes) {
    return tus(user, password)
        .header("Upload-Offset", String.valueOf(offset))
        .contentType(CHUNK)
        .body(bytes)
        .patch(UPLOADS + "/" + upload);
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String basic(String user, String password) {
    return "Basic " + base64(user + ":" + password);
  }
}

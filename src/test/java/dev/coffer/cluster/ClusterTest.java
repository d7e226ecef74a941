package dev.coffer.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two Coffer nodes, each its own JVM at {@code -Xmx128m}, on one PostgreSQL database and one
 * storage, with nginx round-robin in front: what one node does, the other sees at once. A subclass
 * names the storage backend ({@link #backendArguments}); every case runs on each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterTest {

  static final String ADMIN_PASSWORD = "cluster-admin-secret";
  static final String MASTER_KEY = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String CHUNK = "application/offset+octet-stream";
  private static final AtomicInteger USERS = new AtomicInteger();

  Path work;

  final HttpClient http = HttpClient.newHttpClient();
  ClusterPeers.Database database;
  ClusterPeers.Node a;
  ClusterPeers.Node b;
  ClusterPeers.Balancer balancer;

  /**
   * Starts what the storage backend needs (an S3 server, say) and returns the settings that choose
   * and configure it, the same on every node.
   */
  abstract List<String> backendArguments(Path work) throws Exception;

  /** Environment variables of every node for the backend (credentials, say). */
  Map<String, String> backendEnvironment() {
    return Map.of();
  }

  /** Stops what {@link #backendArguments} started. */
  void stopBackend() throws Exception {}

  /**
   * Whether a folder's listing carries each file's SHA-256; on S3 only the file's own metadata does
   * (the API's {@code sha256?}), so there the digest is checked on download ({@code Repr-Digest}).
   */
  boolean listingsCarryDigests() {
    return true;
  }

  /** Where a node stages the writes in flight, when the backend keeps them in a folder; or null. */
  abstract @Nullable Path stagingOf(String nodeId);

  @BeforeAll
  void startCluster() throws Exception {
    ClusterPeers.requireNginx();
    work = Files.createTempDirectory("coffer-cluster-");
    database = new ClusterPeers.Database();
    List<String> shared = new ArrayList<>(backendArguments(work));
    shared.add("--spring.datasource.url=" + database.url);
    shared.add("--spring.datasource.username=postgres");
    shared.add("--spring.datasource.password=");
    shared.add("--coffer.accounts.admin-password=" + ADMIN_PASSWORD);
    shared.add("--coffer.crypto.master-key=" + MASTER_KEY);
    shared.add("--coffer.accounts.max-failures-per-user=4");
    // a stalled upload waits for the test, however long a node takes to restart on a busy machine
    shared.add("--coffer.http.body-read-timeout=10m");
    shared.add("--coffer.http.min-body-rate=0");
    a = new ClusterPeers.Node("node-a", work, shared, backendEnvironment());
    b = new ClusterPeers.Node("node-b", work, shared, backendEnvironment());
    a.start();
    b.start();
    a.awaitReady(http);
    b.awaitReady(http);
    balancer = new ClusterPeers.Balancer(work.resolve("nginx"), List.of(a, b));
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> get(balancer.uri(), "/actuator/health").statusCode() == 200);
  }

  @AfterAll
  void stopCluster() throws Exception {
    for (AutoCloseable peer : new AutoCloseable[] {balancer, a, b, database}) {
      if (peer != null) {
        peer.close();
      }
    }
    stopBackend();
    if (work != null) {
      org.springframework.util.FileSystemUtils.deleteRecursively(work);
    }
  }

  // ---- files ------------------------------------------------------------------------------------

  @Test
  void fileWhenUploadedOnOneNodeThenDownloadRangeAndListOnTheOther() throws Exception {
    String ann = newUser("ann");
    byte[] data = random(3 * 1024 * 1024 + 17, 1);
    on(a, ann).body(data).put("/api/v1/files/docs/report.bin").then().statusCode(201);

    byte[] read =
        on(b, ann)
            .get("/api/v1/files/docs/report.bin")
            .then()
            .statusCode(200)
            .header("Repr-Digest", reprDigest(data))
            .extract()
            .asByteArray();
    assertThat(read).isEqualTo(data);
    byte[] range =
        on(b, ann)
            .header("Range", "bytes=100-199")
            .get("/api/v1/files/docs/report.bin")
            .then()
            .statusCode(206)
            .extract()
            .asByteArray();
    assertThat(range).isEqualTo(java.util.Arrays.copyOfRange(data, 100, 200));
    var listed =
        on(b, ann)
            .get("/api/v1/dirs/docs")
            .then()
            .statusCode(200)
            .body("entries[0].name", equalTo("report.bin"))
            .body("entries[0].size", equalTo(data.length));
    if (listingsCarryDigests()) {
      listed.body("entries[0].sha256", equalTo(sha256(data)));
    }
    on(b, ann).get("/api/v1/me").then().body("usedBytes", equalTo(data.length));
  }

  @Test
  void oneGibUploadThroughBalancerWhenHeapIs128mThenIntactBothWays() throws Exception {
    String ann = newUser("big");
    long size = 1L << 30;
    MessageDigest sent = sha();
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(balancer.uri().resolve("/api/v1/files/big.bin"))
                .header("Authorization", basic(ann))
                .PUT(
                    HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(
                            () -> new DigestInputStream(new PatternStream(size), sent)),
                        size))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    String expected = HexFormat.of().formatHex(sent.digest());
    assertThat(put.body()).contains(expected);

    MessageDigest received = sha();
    HttpResponse<InputStream> get =
        http.send(
            HttpRequest.newBuilder(balancer.uri().resolve("/api/v1/files/big.bin"))
                .header("Authorization", basic(ann))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    long count;
    try (InputStream in = new DigestInputStream(get.body(), received)) {
      count = in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(count).isEqualTo(size);
    assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(expected);
  }

  @Test
  void quotaWhenFilledFromBothNodesAtOnceThenNeverOvershot() throws Exception {
    String ann = newUser("quota");
    admin(a)
        .contentType(ContentType.JSON)
        .body(Map.of("quotaBytes", 10 * 1024 * 1024))
        .patch("/api/v1/users/" + ann)
        .then()
        .statusCode(200);
    byte[] six = random(6 * 1024 * 1024, 2);
    List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
    int i = 0;
    for (ClusterPeers.Node node : List.of(a, b, a, b)) {
      uploads.add(
          http.sendAsync(
              HttpRequest.newBuilder(node.uri().resolve("/api/v1/files/part-" + i++))
                  .header("Authorization", basic(ann))
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(six))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    List<Integer> statuses = uploads.stream().map(f -> f.join().statusCode()).toList();
    assertThat(statuses).containsOnly(201, 507).containsOnlyOnce(201);
    long used = on(b, ann).get("/api/v1/me").then().extract().jsonPath().getLong("usedBytes");
    assertThat(used).isEqualTo(six.length);
  }

  // ---- resumable uploads ------------------------------------------------------------------------

  @Test
  void tusWhenPatchesAlternateBetweenNodesThenFileIntactWithRightDigest() throws Exception {
    String ann = newUser("tus");
    byte[] data = random(8 * 256 * 1024, 3);
    String id = createUpload(balancer.uri(), ann, data.length, "tus.bin");
    Set<String> upstreams = new HashSet<>();
    List<String> order = new ArrayList<>();
    for (int offset = 0; offset < data.length; offset += 256 * 1024) {
      HttpResponse<String> patch =
          patch(
              balancer.uri(),
              ann,
              id,
              offset,
              java.util.Arrays.copyOfRange(data, offset, offset + 256 * 1024));
      assertThat(patch.statusCode()).as(patch.body()).isEqualTo(204);
      String upstream = patch.headers().firstValue("X-Upstream").orElseThrow();
      upstreams.add(upstream);
      order.add(upstream);
    }
    assertThat(upstreams).as("PATCHes went to %s", order).hasSize(2);
    var listed = on(a, ann).get("/api/v1/dirs/").then().body("entries[0].name", equalTo("tus.bin"));
    if (listingsCarryDigests()) {
      listed.body("entries[0].sha256", equalTo(sha256(data)));
    }
    assertThat(
            on(b, ann)
                .get("/api/v1/files/tus.bin")
                .then()
                .statusCode(200)
                .header("Repr-Digest", reprDigest(data))
                .extract()
                .asByteArray())
        .isEqualTo(data);
  }

  @Test
  void tusWhenPatchStreamsOnOneNodeThenPatchOnTheOtherRefusedAndUploadIntact() throws Exception {
    String ann = newUser("tus-race");
    byte[] data = random(2 * 1024 * 1024, 7);
    byte[] intruder = random(256 * 1024, 8);
    int first = 1024 * 1024;
    String id = createUpload(a.uri(), ann, data.length, "raced.bin");
    Semaphore gate = new Semaphore(0);
    CompletableFuture<HttpResponse<String>> onA = stalledPatch(a, ann, id, data, first, gate);
    // A holds the upload once it has reserved room for the bytes arriving
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                on(b, ann).get("/api/v1/me").then().extract().jsonPath().getLong("usedBytes") > 0);

    HttpResponse<String> onB = patch(b.uri(), ann, id, 0, intruder);
    gate.release(Integer.MAX_VALUE);

    assertThat(onB.statusCode()).as(onB.body()).isEqualTo(409);
    HttpResponse<String> fromA = onA.get();
    assertThat(fromA.statusCode()).as(fromA.body()).isEqualTo(204);
    assertThat(
            on(b, ann)
                .get("/api/v1/files/raced.bin")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray())
        .isEqualTo(data);
    on(a, ann).get("/api/v1/me").then().body("usedBytes", equalTo(data.length));
  }

  @Test
  void nodeWhenKilledMidUploadThenUploadFinishesThroughTheOtherAndRestartSweepsOnlyItsOwn()
      throws Exception {
    String ann = newUser("kill");
    byte[] data = random(4 * 1024 * 1024, 4);
    byte[] plain = random(2 * 1024 * 1024, 5);
    byte[] other = random(2 * 1024 * 1024, 6);
    int first = 1024 * 1024;
    String id = createUpload(a.uri(), ann, data.length, "resumed.bin");
    // Node A takes a tus PATCH and a plain PUT, each stalled after its first megabyte; node B a
    // PUT stalled the same way, staged in B's own folder.
    Semaphore onA = new Semaphore(0);
    Semaphore onB = new Semaphore(0);
    CompletableFuture<HttpResponse<String>> patchOnA = stalledPatch(a, ann, id, data, first, onA);
    CompletableFuture<HttpResponse<String>> putOnA = stalledPut(a, ann, "plain.bin", plain, onA);
    CompletableFuture<HttpResponse<String>> putOnB =
        stalledPut(b, ann, "during-restart.bin", other, onB);
    Path stagingA = stagingOf(a.id);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                on(b, ann).get("/api/v1/me").then().extract().jsonPath().getLong("usedBytes")
                    >= plain.length + other.length + first);
    if (stagingA != null) {
      await().atMost(Duration.ofSeconds(60)).until(() -> !isEmpty(stagingA));
    }

    a.kill();
    onA.release(Integer.MAX_VALUE);
    assertThat(patchOnA).failsWithin(Duration.ofSeconds(30));
    assertThat(putOnA).failsWithin(Duration.ofSeconds(30));

    // Through the balancer, which now finds only B: the upload goes on from what reached the
    // disk, and the PUT is simply sent again.
    long offset =
        Long.parseLong(
            await()
                .atMost(Duration.ofSeconds(60))
                .until(
                    () ->
                        head(balancer.uri(), ann, id)
                            .headers()
                            .firstValue("Upload-Offset")
                            .orElse(""),
                    o -> !o.isEmpty()));
    assertThat(offset).isBetween(0L, (long) first);
    HttpResponse<String> finish =
        patch(
            balancer.uri(),
            ann,
            id,
            offset,
            java.util.Arrays.copyOfRange(data, (int) offset, data.length));
    assertThat(finish.statusCode()).as(finish.body()).isEqualTo(204);
    on(b, ann).body(plain).put("/api/v1/files/plain.bin").then().statusCode(201);
    assertThat(
            on(b, ann)
                .get("/api/v1/files/resumed.bin")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray())
        .isEqualTo(data);

    // Node A comes back under its id: it sweeps what it left in its own staging, and nothing of
    // B's upload in flight.
    a.start();
    a.awaitReady(http);
    if (stagingA != null) {
      assertThat(isEmpty(stagingA)).isTrue();
    }
    onB.release(Integer.MAX_VALUE);
    HttpResponse<String> put = putOnB.get();
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    assertThat(on(a, ann).get("/api/v1/files/during-restart.bin").then().extract().asByteArray())
        .isEqualTo(other);

    // What A had reserved when it died is still counted, until an admin reconciles.
    admin(a).post("/api/v1/admin/reconcile-usage").then().statusCode(200);
    on(a, ann)
        .get("/api/v1/me")
        .then()
        .body("usedBytes", equalTo(data.length + plain.length + other.length));
  }

  /** A tus PATCH of {@code data} from offset 0 that stops after {@code first} bytes. */
  private CompletableFuture<HttpResponse<String>> stalledPatch(
      ClusterPeers.Node node, String user, String id, byte[] data, int first, Semaphore gate) {
    return http.sendAsync(
        HttpRequest.newBuilder(node.uri().resolve("/api/v1/uploads/" + id))
            .header("Authorization", basic(user))
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Offset", "0")
            .header("Content-Type", CHUNK)
            .method(
                "PATCH",
                HttpRequest.BodyPublishers.ofInputStream(() -> new GatedStream(data, first, gate)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> stalledPut(
      ClusterPeers.Node node, String user, String path, byte[] data, Semaphore gate) {
    return http.sendAsync(
        HttpRequest.newBuilder(node.uri().resolve("/api/v1/files/" + path))
            .header("Authorization", basic(user))
            .PUT(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new GatedStream(data, 1024 * 1024, gate)),
                    data.length))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static boolean isEmpty(Path folder) throws IOException {
    try (var entries = Files.list(folder)) {
      return entries.findAny().isEmpty();
    }
  }

  // ---- accounts and keys ------------------------------------------------------------------------

  @Test
  void tokenWhenRevokedOnOneNodeThenRefusedOnTheOtherAtOnce() {
    String ann = newUser("token");
    Response created =
        on(a, ann).contentType(ContentType.JSON).body(Map.of("name", "ci")).post("/api/v1/tokens");
    String token = created.path("token");
    String id = created.path("id");
    for (int i = 0; i < 3; i++) { // cached on B after the first
      bearer(b, token).get("/api/v1/me").then().statusCode(200);
    }
    on(a, ann).delete("/api/v1/tokens/" + id).then().statusCode(204);
    bearer(b, token).get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void accountWhenDisabledOrPasswordChangedOnOneNodeThenOtherRefusesAtOnce() {
    String ann = newUser("pw");
    String token = tokenOn(b, ann);
    on(b, ann).get("/api/v1/me").then().statusCode(200); // credential cached on B
    bearer(b, token).get("/api/v1/me").then().statusCode(200); // token cached on B
    on(a, ann)
        .contentType(ContentType.JSON)
        .body(Map.of("currentPassword", passwordOf(ann), "newPassword", "a-new-password-1"))
        .put("/api/v1/me/password")
        .then()
        .statusCode(204);
    on(b, ann).get("/api/v1/me").then().statusCode(401);
    admin(a)
        .contentType(ContentType.JSON)
        .body(Map.of("disabled", true))
        .patch("/api/v1/users/" + ann)
        .then()
        .statusCode(200);
    bearer(b, token).get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void throttleWhenFailuresSpreadOverBothNodesThenReachedForTheCluster() {
    String ann = newUser("throttle");
    for (int i = 0; i < 4; i++) {
      given()
          .baseUri((i % 2 == 0 ? a : b).uri().toString())
          .auth()
          .preemptive()
          .basic(ann, "wrong-" + i)
          .get("/api/v1/me")
          .then()
          .statusCode(401);
    }
    on(a, ann).get("/api/v1/me").then().statusCode(429);
    on(b, ann).get("/api/v1/me").then().statusCode(429);
  }

  @Test
  void keyWhenCreatedAndRotatedOnOneNodeThenUsedOnTheOther() {
    String ann = newUser("keys");
    on(a, ann)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "k"))
        .post("/api/v1/keys")
        .then()
        .statusCode(201);
    String v1 =
        on(b, ann)
            .contentType(ContentType.JSON)
            .body(Map.of("text", "one"))
            .post("/api/v1/keys/k/encrypt")
            .then()
            .statusCode(200)
            .extract()
            .path("ciphertext");
    on(a, ann)
        .post("/api/v1/keys/k/rotate")
        .then()
        .statusCode(200)
        .body("latestVersion", equalTo(2));
    Response v2 =
        on(b, ann)
            .contentType(ContentType.JSON)
            .body(Map.of("text", "two"))
            .post("/api/v1/keys/k/encrypt");
    v2.then().statusCode(200).body("keyVersion", equalTo(2));
    on(a, ann)
        .contentType(ContentType.JSON)
        .body(Map.of("ciphertext", v2.path("ciphertext")))
        .post("/api/v1/keys/k/decrypt")
        .then()
        .statusCode(200)
        .body("text", equalTo("two"));
    on(b, ann)
        .contentType(ContentType.JSON)
        .body(Map.of("ciphertext", v1))
        .post("/api/v1/keys/k/decrypt")
        .then()
        .statusCode(200)
        .body("text", equalTo("one"));
  }

  @Test
  void reconcileWhenUsageDriftedThenAdminCorrectsItOnAnyNode() {
    String ann = newUser("drift");
    on(a, ann).body(new byte[1000]).put("/api/v1/files/x.bin").then().statusCode(201);
    database.client().sql("update users set used_bytes = 5 where username = ?").param(ann).update();
    on(b, ann).post("/api/v1/admin/reconcile-usage").then().statusCode(403);
    admin(b).post("/api/v1/admin/reconcile-usage").then().statusCode(200);
    on(a, ann).get("/api/v1/me").then().body("usedBytes", equalTo(1000));
  }

  // ---- helpers ----------------------------------------------------------------------------------

  String newUser(String prefix) {
    String name = prefix + "-" + USERS.incrementAndGet();
    admin(a)
        .contentType(ContentType.JSON)
        .body(Map.of("username", name, "password", passwordOf(name)))
        .post("/api/v1/users")
        .then()
        .statusCode(201);
    return name;
  }

  static String passwordOf(String user) {
    return "pw-" + user + "-secret";
  }

  private String tokenOn(ClusterPeers.Node node, String user) {
    return on(node, user)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "t"))
        .post("/api/v1/tokens")
        .then()
        .statusCode(201)
        .extract()
        .path("token");
  }

  RequestSpecification admin(ClusterPeers.Node node) {
    return given()
        .baseUri(node.uri().toString())
        .auth()
        .preemptive()
        .basic("admin", ADMIN_PASSWORD);
  }

  RequestSpecification on(ClusterPeers.Node node, String user) {
    return given().baseUri(node.uri().toString()).auth().preemptive().basic(user, passwordOf(user));
  }

  RequestSpecification bearer(ClusterPeers.Node node, String token) {
    return given().baseUri(node.uri().toString()).header("Authorization", "Bearer " + token);
  }

  private static String basic(String user) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + passwordOf(user)).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<Void> get(URI base, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.discarding());
  }

  private String createUpload(URI base, String user, long length, String path) throws Exception {
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/uploads"))
                .header("Authorization", basic(user))
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Long.toString(length))
                .header(
                    "Upload-Metadata",
                    "path "
                        + Base64.getEncoder().encodeToString(path.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String location = created.headers().firstValue("Location").orElseThrow();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private HttpResponse<String> patch(URI base, String user, String id, long offset, byte[] chunk)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve("/api/v1/uploads/" + id))
            .header("Authorization", basic(user))
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Offset", Long.toString(offset))
            .header("Content-Type", CHUNK)
            .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<Void> head(URI base, String user, String id) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve("/api/v1/uploads/" + id))
            .header("Authorization", basic(user))
            .header("Tus-Resumable", "1.0.0")
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  static String sha256(byte[] data) {
    return HexFormat.of().formatHex(sha().digest(data));
  }

  static String reprDigest(byte[] data) {
    return "sha-256=:" + Base64.getEncoder().encodeToString(sha().digest(data)) + ":";
  }

  static MessageDigest sha() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code size} bytes of a repeating pseudo-random pattern, generated as they are read. */
  static final class PatternStream extends InputStream {
    private final byte[] pattern = random(64 * 1024 + 7, 42);
    private long left;
    private int at;

    PatternStream(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, left), pattern.length - at);
      System.arraycopy(pattern, at, b, off, n);
      at = (at + n) % pattern.length;
      left -= n;
      return n;
    }
  }

  /** Sends {@code data}, stopping after {@code first} bytes until {@code more} gives a permit. */
  static final class GatedStream extends InputStream {
    private final byte[] data;
    private final int first;
    private final Semaphore more;
    private int at;

    GatedStream(byte[] data, int first, Semaphore more) {
      this.data = data;
      this.first = first;
      this.more = more;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (at >= data.length) {
        return -1;
      }
      if (at == first) {
        try {
          more.acquire();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
      }
      int end = at < first ? first : data.length;
      int n = Math.min(len, end - at);
      System.arraycopy(data, at, b, off, n);
      at += n;
      return n;
    }
  }
}

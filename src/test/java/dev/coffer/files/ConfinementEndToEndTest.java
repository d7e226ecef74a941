package dev.coffer.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.support.EndToEndTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile paths against every files endpoint. Each must be refused with a 4xx, and the disk must
 * look exactly the same afterwards: nothing outside the home (or inside it) read into a response,
 * created, changed or deleted.
 */
class ConfinementEndToEndTest extends EndToEndTest {

  /** Request targets after {@code /api/v1/<endpoint>/}, exactly as sent on the wire. */
  static final List<String> HOSTILE_URL_PATHS =
      List.of(
          "..",
          "../victim",
          "../../etc/passwd",
          "a/../../victim",
          "a/..",
          "./x",
          "a/./b",
          "a//b",
          "%2e%2e",
          "%2E%2E/victim",
          "%2e%2e%2fvictim",
          "%2e./victim",
          ".%2e/victim",
          "a/%2e",
          "a/%2e%2e/%2e%2e/victim",
          "%252e%252e/victim",
          "%252e%252e%252fvictim",
          "..%252fvictim",
          "%25%32%65%25%32%65/victim",
          "..%2fvictim",
          "a%2f..%2f..%2fvictim",
          "a%2F..%2F..%2Fvictim",
          "..%2F..%2Fvictim",
          "a%2F.%2Fb",
          "a%2F%2Fb",
          "a/%2Fb",
          "a%2F%2e%2e%2Fvictim",
          "a%2F%252e%252e%2Fvictim",
          "%2fetc%2fpasswd",
          "%2F%2Fserver%2Fshare",
          "..%5cvictim",
          "a%5c..%5c..%5cvictim",
          "%5c%5cserver%5cshare",
          "C:%5cWindows",
          "..\\victim",
          "a\\..\\..\\victim",
          "/etc/passwd",
          "%00",
          "x%00",
          "x%00.txt/../y",
          "a%0ab",
          "a%0db",
          "a%09b",
          "a%1bb",
          "a%7fb",
          "a%c2%85b",
          "a%e2%80%a8b",
          "%ff",
          "a%80b",
          "%c0%ae%c0%ae/victim",
          "..%c0%afvictim",
          "%e0%80%ae%e0%80%ae",
          "%ed%a0%80",
          "%u002e%u002e/victim",
          "%2",
          "%zz",
          "caf%e2%80%aee",
          "a%e2%80%8bb",
          "%ef%bb%bfx",
          "a%e2%80%8fb",
          "%e2%80%a5",
          "%e2%80%a4%e2%80%a4/victim",
          "%e2%80%a4",
          "%ef%bc%8e%ef%bc%8e/victim",
          "%ef%bc%8e%ef%bc%8e%ef%bc%8fvictim",
          "a%e2%88%95b",
          "a%ef%bc%8fb",
          "a%ef%bc%bcb",
          "a%e2%81%84b",
          "%cc%81x",
          "..;/victim",
          "x;jsessionid=..",
          "a".repeat(256),
          "%c3%a9".repeat(128),
          "e%cc%81".repeat(128),
          "a/".repeat(70) + "x");

  /** Paths as typed in JSON bodies (move and copy). */
  static final List<String> HOSTILE_TEXT_PATHS =
      List.of(
          "..",
          "../victim",
          "a/../../victim",
          "./x",
          "a//b",
          "/etc/passwd",
          "//server/share",
          "..\\victim",
          "C:\\Windows",
          "x\u0000",
          "a\nb",
          "\u2025",
          "\uff0e\uff0e/victim",
          "a\u2215b",
          "%2e%2e/victim",
          "caf\u202ee",
          "\ud800",
          "a".repeat(256),
          "\u0301x",
          "");

  private String alice;
  private Path home;
  private Path outside;

  @BeforeEach
  void homeWithLinksOut() throws IOException {
    alice = newUser("alice");
    String bob = newUser("bob");
    as(bob).body("bob-private-content").put("/api/v1/files/victim").then().statusCode(201);
    as(alice).body("mine").put("/api/v1/files/keep.txt").then().statusCode(201);
    as(alice).post("/api/v1/dirs/a").then().statusCode(201);
    home = STORAGE.resolve("homes").resolve(alice);
    outside = Files.createDirectories(STORAGE.resolve("outside-" + alice));
    Files.writeString(outside.resolve("secret"), "outside-private-content");
    Files.createSymbolicLink(home.resolve("abs-dir"), outside);
    Files.createSymbolicLink(home.resolve("abs-file"), outside.resolve("secret"));
    Files.createSymbolicLink(home.resolve("rel-dir"), Path.of("..", bob));
    Files.createSymbolicLink(home.resolve("rel-file"), Path.of("..", bob, "victim"));
    Files.createSymbolicLink(home.resolve("dangling"), outside.resolve("not-yet"));
    Files.createSymbolicLink(home.resolve("a").resolve("up"), Path.of("..", ".."));
  }

  @Test
  void hostileUrlPathsWhenSentToEveryEndpointThenRefusedAndDiskUntouched() throws IOException {
    assertThat(HOSTILE_URL_PATHS).hasSizeGreaterThanOrEqualTo(60);
    RawHttp http = new RawHttp(port, alice, passwordOf(alice));
    Map<String, String> before = snapshot();
    List<String> failures = new ArrayList<>();
    byte[] evil = "evil".getBytes(StandardCharsets.UTF_8);
    for (String path : HOSTILE_URL_PATHS) {
      for (String[] call : calls()) {
        String target = call[1] + path + call[2];
        RawHttp.Response response = http.send(call[0], target, call[0].equals("PUT") ? evil : null);
        if (response.status() != 400) {
          failures.add(call[0] + " " + target + " -> " + response.status());
        } else if (!call[0].equals("HEAD")
            && !response.head().toLowerCase().contains("content-type: application/problem+json")) {
          failures.add(call[0] + " " + target + " -> not problem+json");
        }
        assertThat(response.body())
            .doesNotContain("private-content")
            .doesNotContain(STORAGE.toString());
      }
    }
    assertThat(failures).isEmpty();
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void symbolicLinksWhenUsedByAnyEndpointThenRefusedAndDiskUntouched() throws IOException {
    RawHttp http = new RawHttp(port, alice, passwordOf(alice));
    Map<String, String> before = snapshot();
    List<String> failures = new ArrayList<>();
    List<String> links =
        List.of(
            "abs-dir",
            "abs-dir/secret",
            "abs-dir/new",
            "abs-file",
            "rel-dir",
            "rel-dir/victim",
            "rel-file",
            "dangling",
            "dangling/x",
            "a/up",
            "a/up/homes");
    for (String path : links) {
      for (String[] call : calls()) {
        String target = call[1] + path + call[2];
        RawHttp.Response response =
            http.send(call[0], target, call[0].equals("PUT") ? "evil".getBytes() : null);
        if (response.status() != 400) {
          failures.add(call[0] + " " + target + " -> " + response.status());
        }
        assertThat(response.body()).doesNotContain("private-content");
      }
      for (String op : List.of("move", "copy")) {
        int status =
            as(alice)
                .contentType(ContentType.JSON)
                .body(Map.of("from", path, "to", "copied"))
                .post("/api/v1/ops/" + op)
                .statusCode();
        int reverse =
            as(alice)
                .contentType(ContentType.JSON)
                .body(Map.of("from", "keep.txt", "to", path + "/keep.txt", "overwrite", true))
                .post("/api/v1/ops/" + op)
                .statusCode();
        if (status != 400 || reverse != 400) {
          failures.add(op + " " + path + " -> " + status + "/" + reverse);
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(snapshot()).isEqualTo(before);
    assertThat(outside.resolve("not-yet")).doesNotExist();
  }

  @Test
  void hostileTextPathsWhenMovedOrCopiedThenRefusedAndDiskUntouched() throws IOException {
    Map<String, String> before = snapshot();
    List<String> failures = new ArrayList<>();
    for (String path : HOSTILE_TEXT_PATHS) {
      for (String op : List.of("move", "copy")) {
        for (Map<String, Object> body :
            List.<Map<String, Object>>of(
                Map.of("from", path, "to", "x"),
                Map.of("from", "keep.txt", "to", path, "overwrite", true))) {
          int status =
              as(alice)
                  .contentType(ContentType.JSON)
                  .body(body)
                  .post("/api/v1/ops/" + op)
                  .statusCode();
          if (status != 400) {
            failures.add(op + " " + body + " -> " + status);
          }
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(snapshot()).isEqualTo(before);
  }

  /** Method, prefix and suffix of every endpoint that takes a path. */
  private static List<String[]> calls() {
    return List.of(
        new String[] {"GET", "/api/v1/files/", ""},
        new String[] {"HEAD", "/api/v1/files/", ""},
        new String[] {"PUT", "/api/v1/files/", ""},
        new String[] {"DELETE", "/api/v1/files/", ""},
        new String[] {"GET", "/api/v1/dirs/", "?recursive=true"},
        new String[] {"POST", "/api/v1/dirs/", ""},
        new String[] {"DELETE", "/api/v1/dirs/", "?recursive=true"},
        new String[] {"GET", "/api/v1/archive/", ""});
  }

  /** Every entry under the storage folder with its kind, size and modification time. */
  private static Map<String, String> snapshot() throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> all = Files.walk(STORAGE)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        BasicFileAttributes a =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        entries.put(
            STORAGE.relativize(p).toString(),
            (a.isSymbolicLink() ? "link" : a.isDirectory() ? "dir" : "file")
                + ":"
                + (a.isDirectory() ? 0 : a.size())
                + ":"
                + a.lastModifiedTime().toMillis());
      }
    }
    return entries;
  }
}

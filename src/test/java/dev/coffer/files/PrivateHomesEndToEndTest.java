package dev.coffer.files;

import static dev.coffer.files.FilesEndToEndTest.archive;
import static dev.coffer.files.FilesEndToEndTest.dirs;
import static dev.coffer.files.FilesEndToEndTest.files;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.support.EndToEndTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every files operation, by one user against paths that exist only in another user's home: none
 * reaches the other home, and the other user's files stay exactly as they were.
 */
class PrivateHomesEndToEndTest extends EndToEndTest {

  @Test
  void everyOperationWhenAimedAtAnotherUsersPathsThenOnlyOwnHomeIsReached() {
    String alice = newUser("alice");
    String bob = newUser("bob");
    as(alice).body("alice data").put(files("private/secret.txt")).then().statusCode(201);

    as(bob).get(files("private/secret.txt")).then().statusCode(404);
    as(bob).head(files("private/secret.txt")).then().statusCode(404);
    as(bob).get(dirs("private")).then().statusCode(404);
    as(bob)
        .get("/api/v1/dirs")
        .then()
        .statusCode(200)
        .body("entries.size()", org.hamcrest.Matchers.is(0));
    as(bob).get(archive("private")).then().statusCode(404);
    as(bob).delete(files("private/secret.txt")).then().statusCode(404);
    as(bob).queryParam("recursive", true).delete(dirs("private")).then().statusCode(404);
    for (String op : new String[] {"move", "copy"}) {
      bob(bob)
          .body(Map.of("from", "private/secret.txt", "to", "mine.txt"))
          .post("/api/v1/ops/" + op)
          .then()
          .statusCode(404);
    }
    // Writing "the same" path writes bob's own file, not alice's.
    as(bob).body("bob data").put(files("private/secret.txt")).then().statusCode(201);
    bob(bob)
        .body(Map.of("from", "private/secret.txt", "to", "private/secret.txt", "overwrite", true))
        .post("/api/v1/ops/copy")
        .then()
        .statusCode(400);
    as(bob).queryParam("recursive", true).delete(dirs("private")).then().statusCode(204);
    // Other users' names are not paths into their homes.
    as(bob).get(files("../" + alice + "/private/secret.txt")).then().statusCode(400);
    // Admins get no special reach either.
    asAdmin().get(files("private/secret.txt")).then().statusCode(404);

    assertThat(as(alice).get(files("private/secret.txt")).asString()).isEqualTo("alice data");
    assertThat(as(alice).get("/api/v1/me").jsonPath().getLong("usedBytes")).isEqualTo(10);
    assertThat(as(bob).get("/api/v1/me").jsonPath().getLong("usedBytes")).isZero();
  }

  @Test
  void userPurgedThenFilesGoneAndNotPurgedThenKept() {
    String carol = newUser("carol");
    as(carol).body("c").put(files("f")).then().statusCode(201);
    asAdmin().delete("/api/v1/users/" + carol).then().statusCode(204);
    assertThat(STORAGE.resolve("homes").resolve(carol).resolve("f")).exists();
    String dave = newUser("dave");
    as(dave).body("d").put(files("f")).then().statusCode(201);
    asAdmin().queryParam("purge", true).delete("/api/v1/users/" + dave).then().statusCode(204);
    assertThat(STORAGE.resolve("homes").resolve(dave)).doesNotExist();
  }

  private RequestSpecification bob(String bob) {
    return as(bob).contentType(ContentType.JSON);
  }
}

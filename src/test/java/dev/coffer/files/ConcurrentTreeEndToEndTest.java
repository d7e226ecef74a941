package dev.coffer.files;

import static dev.coffer.files.FilesEndToEndTest.dirs;
import static dev.coffer.files.FilesEndToEndTest.files;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.support.EndToEndTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ordinary clients racing on one tree: copy, move, delete, upload and listing at once. The loser of
 * a race is told so with a 404 or 409 and a problem code; nobody ever gets a 500.
 */
class ConcurrentTreeEndToEndTest extends EndToEndTest {

  private static final String[] FOLDERS = {"t/a", "t/a/b", "t/c", "t/d", "t/c/b"};
  private static final String[] FILES = {"t/a/f", "t/a/b/f", "t/c/f", "t/d/g"};
  private static final Set<String> RACE_CODES =
      Set.of("not-found", "already-exists", "not-empty", "not-a-folder", "is-a-folder");

  private String alice;

  @BeforeEach
  void user() {
    alice = newUser("alice");
    // One request first, so the four clients meet a verified credential rather than all asking
    // for the (deliberately few) password checks at once, which a loaded machine answers "busy".
    as(alice).get("/api/v1/me").then().statusCode(200);
  }

  @Test
  void copyMoveDeleteAndListOnOneTreeAtOnceThenNever500AndLosersGet404Or409WithACode()
      throws Exception {
    int clients = 4;
    int rounds = 40;
    Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    AtomicInteger losses = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        Random random = new Random(c);
        running.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < rounds; i++) {
                    Response r = randomRequest(random);
                    int status = r.statusCode();
                    if (status == 404 || status == 409) {
                      String code = r.jsonPath().getString("code");
                      if (RACE_CODES.contains(code)) {
                        losses.incrementAndGet();
                      } else {
                        unexpected.add(status + " " + code);
                      }
                    } else if (status >= 300) {
                      unexpected.add(status + " " + r.asString());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> client : running) {
        client.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(unexpected).isEmpty();
    assertThat(losses.get()).as("the requests really raced").isPositive();
    as(alice).get(dirs("") + "?recursive=true").then().statusCode(200);
  }

  private Response randomRequest(Random random) {
    String folder = FOLDERS[random.nextInt(FOLDERS.length)];
    String other = FOLDERS[random.nextInt(FOLDERS.length)];
    String file = FILES[random.nextInt(FILES.length)];
    boolean overwrite = random.nextBoolean();
    return switch (random.nextInt(9)) {
      case 0 -> as(alice).post(dirs(folder));
      case 1, 2 -> as(alice).body(new byte[random.nextInt(20_000)]).put(files(file));
      case 3 -> as(alice).delete(dirs(folder) + "?recursive=true");
      case 4 -> as(alice).delete(files(file));
      case 5 -> op("move", folder, other, overwrite);
      case 6 -> op("copy", folder, other, overwrite);
      case 7 ->
          op(random.nextBoolean() ? "copy" : "move", file, FILES[random.nextInt(4)], overwrite);
      default -> as(alice).get(dirs("t") + "?recursive=true");
    };
  }

  private Response op(String kind, String from, String to, boolean overwrite) {
    if (from.equals(to) || from.startsWith(to + "/") || to.startsWith(from + "/")) {
      return as(alice).get(dirs("")); // refused up front (400), not a race: ask something else
    }
    return as(alice)
        .contentType(ContentType.JSON)
        .body(Map.of("from", from, "to", to, "overwrite", overwrite))
        .post("/api/v1/ops/" + kind);
  }
}

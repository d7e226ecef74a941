package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The class-data archive's training run takes each command's usual path: a command that failed or
 * printed nothing against the stand-in server would leave the classes of its success out of the
 * archive.
 */
class TrainingTest {

  @Test
  void runWhenAgainstTheStandInThenEveryCommandDoesItsUsualWork() throws Exception {
    List<Training.Result> results = Training.run();
    List<String> failed = new ArrayList<>();
    Map<String, String> printed = new HashMap<>();
    for (int i = 0; i < results.size(); i++) {
      String command = String.join(" ", Training.COMMANDS.get(i));
      Training.Result r = results.get(i);
      if (r.exit() != ExitCodes.OK) {
        failed.add(command + " -> " + r.exit());
      } else if (!command.startsWith("get ")) {
        assertThat(r.out()).as(command).isNotBlank();
      }
      printed.put(command, r.out());
    }
    assertThat(failed).containsExactly("stat missing -> 4", "frobnicate -> 2");
    assertThat(printed.get("ls docs")).contains("6B", "a.txt", "b/");
    assertThat(printed.get("ls -R --json docs")).contains("\"sha256\"");
    assertThat(printed.get("stat docs/a.txt")).contains("modified: 2026-12-01T17:41:04Z");
    assertThat(printed.get("cat docs/a.txt")).isEqualTo("hello\n");
    assertThat(printed.get("du")).contains("6B used of 1.0M");
    assertThat(printed.get("key ls")).contains("k");
  }
}

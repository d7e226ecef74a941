package dev.coffer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every problem code the API documents has a message of its own in the web interface, so a person
 * never sees only a bare code.
 */
class ProblemMessagesTest {

  private static final Pattern TABLE_CODES = Pattern.compile("`([a-z][a-z-]+)`");
  private static final Pattern MESSAGE_KEY = Pattern.compile("^\\s+'?([a-z][a-z-]*)'?: '");

  @Test
  void everyDocumentedProblemCodeWhenShownInThePageThenHasAMessage() throws IOException {
    Set<String> documented = new TreeSet<>();
    boolean inTable = false;
    for (String line : Files.readAllLines(Path.of("docs", "api.md"))) {
      if (line.startsWith("| code | status |")) {
        inTable = true;
      } else if (inTable && !line.startsWith("|")) {
        break;
      } else if (inTable) {
        Matcher m = TABLE_CODES.matcher(line.split("\\|")[1]);
        while (m.find()) {
          documented.add(m.group(1));
        }
      }
    }
    assertThat(documented).contains("quota-exceeded", "already-exists", "too-large");

    Set<String> messages = new TreeSet<>();
    String script = Files.readString(Path.of("src/main/resources/static/ui/api.js"));
    int start = script.indexOf("const MESSAGES = {");
    String table = script.substring(start, script.indexOf("};", start));
    for (String line : table.split("\n")) {
      Matcher m = MESSAGE_KEY.matcher(line);
      if (m.find()) {
        messages.add(m.group(1));
      }
    }
    assertThat(messages).containsAll(documented);
  }
}

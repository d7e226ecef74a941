package dev.coffer.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository stands alone: what the README and {@code docs/} cite ships with it, their links
 * lead somewhere, and {@code docs/api.md} (the contract written for users) covers exactly the
 * operations of the committed OpenAPI document.
 */
class UserDocumentationTest {

  private static final Path API_PAGE = Path.of("docs", "api.md");
  private static final Pattern URL = Pattern.compile("https?://\\S+");
  private static final Pattern FILE_NAME =
      // not a path under an environment variable ($XDG_CONFIG_HOME/...), which is the user's
      Pattern.compile("(?<![\\w./$-])([\\w.-]*[\\w-][\\w./-]*\\.(?:md|sh|json|ya?ml|xml|py))\\b");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern CALL =
      Pattern.compile("\\b(GET|PUT|POST|PATCH|DELETE|HEAD|OPTIONS) (/api/[^\\s`?,)]+)");
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "patch", "delete", "head", "options");

  @Test
  void userDocumentsWhenTheyNameAFileThenTheRepositoryHasIt() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Path doc : userDocuments()) {
      String text = URL.matcher(prose(doc)).replaceAll("");
      Matcher m = FILE_NAME.matcher(text);
      while (m.find()) {
        if (!resolves(doc, m.group(1))) {
          missing.add(doc + " line " + lineOf(text, m.start()) + ": " + m.group(1));
        }
      }
    }
    assertThat(missing).as("files cited but not in the repository").isEmpty();
  }

  @Test
  void userDocumentsWhenTheyLinkWithinTheRepositoryThenFileAndHeadingExist() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path doc : userDocuments()) {
      String text = prose(doc);
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? doc : doc.resolveSibling(file).normalize();
        String where = doc + " line " + lineOf(text, m.start()) + ": " + target;
        if (!Files.exists(resolved)) {
          broken.add(where);
        } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
          broken.add(where + " (no such heading)");
        }
      }
    }
    assertThat(broken).as("links that lead nowhere").isEmpty();
  }

  @Test
  void apiPageWhenComparedWithCommittedContractThenEveryOperationIsDocumented() throws IOException {
    Set<String> undocumented = new TreeSet<>(contractCalls());
    undocumented.removeAll(documentedCalls());
    assertThat(undocumented).as("operations of %s missing from %s", contract(), API_PAGE).isEmpty();
  }

  @Test
  void apiPageWhenComparedWithCommittedContractThenEveryDocumentedCallExists() throws IOException {
    Set<String> contract = contractCalls();
    Set<String> unknown = new TreeSet<>(documentedCalls());
    // HEAD is answered wherever GET is, whether or not the contract lists it.
    unknown.removeIf(
        call -> call.startsWith("HEAD ") && contract.contains("GET" + call.substring(4)));
    unknown.removeAll(contract);
    assertThat(unknown).as("calls in %s that %s does not have", API_PAGE, contract()).isEmpty();
  }

  private static List<Path> userDocuments() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> files = Files.list(Path.of("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    assertThat(docs).contains(API_PAGE);
    return docs;
  }

  /**
   * The document without code blocks and HTML comments (their lines left empty, so line numbers
   * hold): code names the reader's files, not the repository's.
   */
  private static String prose(Path doc) throws IOException {
    StringBuilder out = new StringBuilder();
    boolean code = false;
    boolean comment = false;
    for (String line : Files.readAllLines(doc)) {
      String trimmed = line.strip();
      boolean fence = trimmed.startsWith("```");
      boolean skip = code || comment || fence || trimmed.startsWith("<!--");
      if (fence) {
        code = !code;
      } else if (!code && trimmed.startsWith("<!--")) {
        comment = !trimmed.endsWith("-->");
      } else if (comment && trimmed.endsWith("-->")) {
        comment = false;
      }
      out.append(skip ? "" : line).append('\n');
    }
    return out.toString();
  }

  /** A name resolves next to the document that cites it, or from the repository's root. */
  private static boolean resolves(Path doc, String name) {
    return Files.exists(doc.resolveSibling(name)) || Files.exists(Path.of(name));
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  private static Set<String> anchors(Path doc) throws IOException {
    Set<String> anchors = new TreeSet<>();
    for (String line : Files.readAllLines(doc)) {
      if (line.matches("^#{1,6} .*")) {
        anchors.add(
            line.replaceFirst("^#+ ", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-'));
      }
    }
    return anchors;
  }

  private static Path contract() {
    return ContractDriftTest.CONTRACT;
  }

  private static Set<String> contractCalls() throws IOException {
    JsonNode paths =
        JsonMapper.builder().build().readTree(Files.readString(contract())).path("paths");
    Set<String> calls = new TreeSet<>();
    paths
        .properties()
        .forEach(
            path ->
                path.getValue().properties().stream()
                    .map(op -> op.getKey())
                    .filter(METHODS::contains)
                    .forEach(m -> calls.add(call(m.toUpperCase(Locale.ROOT), path.getKey()))));
    assertThat(calls).isNotEmpty();
    return calls;
  }

  private static Set<String> documentedCalls() throws IOException {
    Set<String> calls = new TreeSet<>();
    Matcher m = CALL.matcher(Files.readString(API_PAGE));
    while (m.find()) {
      calls.add(call(m.group(1), m.group(2)));
    }
    return calls;
  }

  /**
   * One spelling per operation: parameter names do not matter, and a file or folder path that may
   * be empty ({@code /dirs} and {@code /dirs/{path}}) is one call.
   */
  private static String call(String method, String path) {
    return method + " " + path.replaceFirst("/\\{(path|dir)}$", "").replaceAll("\\{[^}]*}", "{}");
  }

  private static int lineOf(String text, int offset) {
    return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
  }
}

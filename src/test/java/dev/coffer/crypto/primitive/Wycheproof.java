package dev.coffer.crypto.primitive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Loads Wycheproof vector files from {@code src/test/resources/vectors/wycheproof}. */
final class Wycheproof {

  /** One test case with the group it belongs to. */
  record Case(JsonNode group, JsonNode test) {

    String result() {
      return test.get("result").asString();
    }

    byte[] hex(String field) {
      return HexFormat.of().parseHex(test.get(field).asString());
    }

    byte[] groupHex(String field) {
      return HexFormat.of().parseHex(group.get(field).asString());
    }

    boolean valid() {
      return switch (result()) {
        case "valid" -> true;
        case "invalid" -> false;
        // None of the files used here has an "acceptable" case; if one appears, the test that
        // reads it must decide per flag, so fail loudly rather than guess.
        default -> throw new IllegalStateException("unhandled result " + result());
      };
    }

    @Override
    public String toString() {
      return "tcId " + test.get("tcId").asInt() + " " + test.get("flags") + " " + result();
    }
  }

  private Wycheproof() {}

  /** Every case of a file, as JUnit arguments, after checking the file's own test count. */
  static Stream<Arguments> cases(String file) {
    JsonNode root = read(file);
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode group : root.get("testGroups")) {
      for (JsonNode test : group.get("tests")) {
        cases.add(Arguments.of(new Case(group, test)));
      }
    }
    if (cases.size() != root.get("numberOfTests").asInt()) {
      throw new IllegalStateException(file + " holds fewer tests than it announces");
    }
    return cases.stream();
  }

  private static JsonNode read(String file) {
    try (InputStream in = Wycheproof.class.getResourceAsStream("/vectors/wycheproof/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing vector file " + file);
      }
      return JsonMapper.builder().build().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The pieces that keep a small command's start-up short still behave as what they replace. */
class StartupPiecesTest {

  /** What a successful command printed on standard output. */
  private static String printed(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        new Coffer(
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                System.in,
                new Coffer.Session())
            .execute(args);
    assertThat(exit).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void namedWhenArgumentsNameACommandThenOnlyThatOneIsBuilt() {
    assertThat(Coffer.named("whoami")).isEqualTo(AccountCommands.Whoami.class);
    assertThat(Coffer.named("-q", "--profile", "ls", "put", "a"))
        .as("--profile takes a value")
        .isEqualTo(TransferCommands.Put.class);
    assertThat(Coffer.named("--json", "en", "k")).isEqualTo(CryptoCommands.Encrypt.class);
    assertThat(Coffer.named("key", "ls")).isEqualTo(KeyCommands.class);
  }

  @Test
  void namedWhenHelpCompletionShellOrATypoThenAllAreBuilt() {
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"--help"},
            new String[] {"help", "put"},
            new String[] {"generate-completion"},
            new String[] {"shell"},
            new String[] {"whoam"},
            new String[] {"--", "whoami"})) {
      assertThat(Coffer.named(args)).as(String.join(" ", args)).isNull();
    }
  }

  @Test
  void helpThenListsEveryCommand() {
    assertThat(printed("--help"))
        .contains("login", "whoami", "ls", "put", "get", "key", "encrypt", "shell", "help");
  }

  @Test
  void versionThenPrintedWithoutAnySubcommand() {
    assertThat(printed("-q", "--version")).startsWith("coffer ");
  }

  @Test
  void jsonWhenReadAndWrittenThenTheSameDocument() {
    String doc =
        "{\"s\":\"a\\\"b\\u00e9\",\"i\":7,\"l\":12345678901,\"big\":123456789012345678901234567890,"
            + "\"d\":1.5,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,{\"x\":[]}],\"o\":{}}";
    JsonNode tree = Api.JSON.readTree(doc.getBytes(StandardCharsets.UTF_8));
    assertThat(Api.JSON.writeValueAsString(tree)).isEqualTo(doc.replace("\\u00e9", "é"));
    assertThat(tree.path("l").asLong()).isEqualTo(12345678901L);
    assertThat(Api.JSON.readTree(new byte[0]).isMissingNode()).isTrue();
    assertThat(Api.JSON.writeValueAsString(List.of("a", "b"))).isEqualTo("[\"a\",\"b\"]");
    assertThat(Api.JSON.writePretty(Api.JSON.createObjectNode().put("k", "v")))
        .isEqualTo("{\n  \"k\" : \"v\"\n}");
  }

  @Test
  void lazyTlsWhenAskedForAnEngineThenTheJdkDefaultOne() {
    SSLEngine engine = LazyTls.CONTEXT.createSSLEngine("coffer.example.org", 443);
    assertThat(engine.getUseClientMode()).isFalse();
    assertThat(engine.getPeerHost()).isEqualTo("coffer.example.org");
    assertThat(LazyTls.CONTEXT.getDefaultSSLParameters().getProtocols()).contains("TLSv1.3");
  }
}

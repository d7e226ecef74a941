package dev.coffer.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CofferProblemExceptionTest {

  private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (name, value) -> true);

  @Test
  void problemWhenBodyIsProblemJsonThenFieldsAndMessageComeFromIt() {
    String body =
        "{\"type\":\"https://coffer.dev/problems/not-found\",\"title\":\"Not Found\","
            + "\"status\":404,\"detail\":\"No such file: docs/x.txt\",\"code\":\"not-found\","
            + "\"instance\":\"/api/v1/files/docs/x.txt\",\"extra\":1}";

    CofferProblemException e = new CofferProblemException("downloadFile", 404, NO_HEADERS, body);

    assertThat(e.getStatus()).isEqualTo(404);
    assertThat(e.getCode()).isEqualTo(404);
    assertThat(e.getProblemCode()).isEqualTo("not-found");
    assertThat(e.getDetail()).isEqualTo("No such file: docs/x.txt");
    assertThat(e.getProblem().getTitle()).isEqualTo("Not Found");
    assertThat(e.getMessage()).isEqualTo("downloadFile: 404 not-found - No such file: docs/x.txt");
    assertThat(e.getResponseBody()).isEqualTo(body);
  }

  @Test
  void problemWhenBodyIsNotJsonThenOnlyTheStatusIsKnown() {
    CofferProblemException e =
        new CofferProblemException(
            "getMe", 502, NO_HEADERS, "<html><body>Bad Gateway</body></html>");

    assertThat(e.getStatus()).isEqualTo(502);
    assertThat(e.getProblem().getStatus()).isEqualTo(502);
    assertThat(e.getProblemCode()).isNull();
    assertThat(e.getDetail()).isNull();
    assertThat(e.getMessage()).isEqualTo("getMe: 502");
  }

  @Test
  void problemWhenBodyIsEmptyThenOnlyTheStatusIsKnown() {
    CofferProblemException e = new CofferProblemException("deleteFile", 503, NO_HEADERS, null);

    assertThat(e.getProblem().getStatus()).isEqualTo(503);
    assertThat(e.getMessage()).isEqualTo("deleteFile: 503");
  }

  @Test
  void problemWhenStatusMissingFromBodyThenHttpStatusFillsItAndTitleStandsInForDetail() {
    CofferProblemException e =
        new CofferProblemException("getMe", 401, NO_HEADERS, "{\"title\":\"Unauthorized\"}");

    assertThat(e.getProblem().getStatus()).isEqualTo(401);
    assertThat(e.getMessage()).isEqualTo("getMe: 401 - Unauthorized");
  }
}

package dev.coffer.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.sdk.ApiClient;
import dev.coffer.sdk.ApiException;
import dev.coffer.sdk.api.AccountApi;
import dev.coffer.sdk.api.TokensApi;
import dev.coffer.sdk.model.CreatedToken;
import dev.coffer.sdk.model.Me;
import dev.coffer.sdk.model.TokenRequest;
import dev.coffer.support.EndToEndTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The main flows through the Java SDK generated from the committed contract. */
class SdkEndToEndTest extends EndToEndTest {

  private ApiClient client(String authorization) {
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://127.0.0.1:" + port);
    client.setRequestInterceptor(request -> request.header("Authorization", authorization));
    return client;
  }

  private ApiClient basic(String username) {
    String credentials = username + ":" + passwordOf(username);
    return client(
        "Basic "
            + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void sdkWhenSigningInWithTokenThenReadsAccount() throws Exception {
    String user = newUser("sdk");
    CreatedToken created =
        new TokensApi(basic(user)).createToken(new TokenRequest().name("sdk").expiresInDays(1));
    assertThat(created.getToken()).startsWith("coffer_");

    Me me = new AccountApi(client("Bearer " + created.getToken())).getMe();

    assertThat(me.getUsername()).isEqualTo(user);
    assertThat(me.getAdmin()).isFalse();
  }

  @Test
  void sdkWhenTokenRevokedThenApiExceptionWith401() throws Exception {
    String user = newUser("sdk-revoke");
    CreatedToken created = new TokensApi(basic(user)).createToken(new TokenRequest().name("x"));
    ApiClient bearer = client("Bearer " + created.getToken());
    new TokensApi(bearer).revokeToken(created.getId());

    assertThatThrownBy(() -> new AccountApi(bearer).getMe())
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(401));
  }
}

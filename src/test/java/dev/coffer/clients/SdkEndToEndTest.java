package dev.coffer.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.sdk.ApiClient;
import dev.coffer.sdk.ApiException;
import dev.coffer.sdk.CofferProblemException;
import dev.coffer.sdk.api.AccountApi;
import dev.coffer.sdk.api.EncryptionApi;
import dev.coffer.sdk.api.FilesApi;
import dev.coffer.sdk.api.FoldersApi;
import dev.coffer.sdk.api.KeysApi;
import dev.coffer.sdk.api.TokensApi;
import dev.coffer.sdk.model.CreatedToken;
import dev.coffer.sdk.model.DecryptRequest;
import dev.coffer.sdk.model.EncryptRequest;
import dev.coffer.sdk.model.FileInfoView;
import dev.coffer.sdk.model.ListingView;
import dev.coffer.sdk.model.Me;
import dev.coffer.sdk.model.NewKey;
import dev.coffer.sdk.model.OpRequest;
import dev.coffer.sdk.model.TokenRequest;
import dev.coffer.support.EndToEndTest;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main flows through the Java SDK generated from the committed contract. */
class SdkEndToEndTest extends EndToEndTest {

  @TempDir Path tempDir;

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
  void sdkWhenTokenRevokedThenProblemWith401() throws Exception {
    String user = newUser("sdk-revoke");
    CreatedToken created = new TokensApi(basic(user)).createToken(new TokenRequest().name("x"));
    ApiClient bearer = client("Bearer " + created.getToken());
    new TokensApi(bearer).revokeToken(created.getId());

    assertThatThrownBy(() -> new AccountApi(bearer).getMe())
        .isInstanceOfSatisfying(
            CofferProblemException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(401);
              assertThat(e.getProblemCode()).isNotBlank();
            });
  }

  @Test
  void sdkWhenManagingFilesThenUploadListDownloadMkdirMoveAndDeleteWork() throws Exception {
    ApiClient client = basic(newUser("sdk-files"));
    FilesApi files = new FilesApi(client);
    FoldersApi folders = new FoldersApi(client);
    Path local = Files.writeString(tempDir.resolve("upload.txt"), "hello from the SDK");

    FileInfoView uploaded = files.uploadFile("reports/2026/q1 café.txt", local.toFile());
    assertThat(uploaded.getPath()).isEqualTo("reports/2026/q1 café.txt");
    assertThat(uploaded.getSize()).isEqualTo(18L);
    folders.createFolder("reports/empty");

    ListingView listing = folders.listFolder("reports/2026", null, null, null, null, null);
    assertThat(listing.getEntries())
        .extracting(FileInfoView::getName)
        .containsExactly("q1 café.txt");

    File downloaded = files.downloadFile("reports/2026/q1 café.txt");
    assertThat(Files.readString(downloaded.toPath())).isEqualTo("hello from the SDK");

    FileInfoView moved =
        files.moveEntry(new OpRequest().from("reports/2026/q1 café.txt").to("archive/q1.txt"));
    assertThat(moved.getPath()).isEqualTo("archive/q1.txt");
    files.deleteFile("archive/q1.txt");

    assertThatThrownBy(() -> files.downloadFile("archive/q1.txt"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void sdkWhenDownloadingToAPathThenWritesThereAndNothingElse() throws Exception {
    FilesApi files = new FilesApi(basic(newUser("sdk-download")));
    files.uploadFile(
        "docs/report.txt",
        Files.writeString(tempDir.resolve("report.txt"), "quarterly figures").toFile());
    Path folder = Files.createDirectory(tempDir.resolve("downloads"));
    Path target = Files.writeString(folder.resolve("report-copy.txt"), "an older copy, longer");

    Path written = files.downloadFileTo("docs/report.txt", target);

    assertThat(written).isEqualTo(target);
    assertThat(target).hasContent("quarterly figures");
    try (Stream<Path> entries = Files.list(folder)) {
      assertThat(entries).containsExactly(target);
    }
  }

  @Test
  void sdkWhenDownloadToAPathFailsThenTargetIsUntouchedAndProblemIsTyped() throws Exception {
    FilesApi files = new FilesApi(basic(newUser("sdk-missing")));
    Path target = Files.writeString(tempDir.resolve("kept.txt"), "keep me");

    assertThatThrownBy(() -> files.downloadFileTo("docs/missing.txt", target))
        .isInstanceOfSatisfying(
            CofferProblemException.class,
            e -> {
              assertThat(e.getStatus()).isEqualTo(404);
              assertThat(e.getProblemCode()).isEqualTo("not-found");
              assertThat(e.getDetail()).isNotBlank();
              assertThat(e.getMessage())
                  .startsWith("downloadFile: 404 not-found - ")
                  .doesNotContain("{");
            });
    assertThat(target).hasContent("keep me");
  }

  @Test
  void sdkWhenServerRefusesThenProblemCarriesStatusCodeAndDetail() throws Exception {
    ApiClient client = basic(newUser("sdk-problem"));
    new KeysApi(client).createKey(new NewKey().name("orders"));

    assertThatThrownBy(
            () ->
                new EncryptionApi(client)
                    .decrypt("orders", new DecryptRequest().ciphertext("coffer:v1:AAAA")))
        .isInstanceOfSatisfying(
            CofferProblemException.class,
            e -> {
              assertThat(e.getStatus()).isEqualTo(400);
              assertThat(e.getProblem().getStatus()).isEqualTo(400);
              assertThat(e.getProblemCode()).isNotBlank();
              assertThat(e.getDetail()).containsIgnoringCase("decryption failed");
            });
  }

  @Test
  void sdkWhenUsingKeysThenEncryptDecryptAndExportFernetKey() throws Exception {
    ApiClient client = basic(newUser("sdk-keys"));
    KeysApi keys = new KeysApi(client);
    EncryptionApi encryption = new EncryptionApi(client);

    keys.createKey(new NewKey().name("orders"));
    String ciphertext =
        encryption.encrypt("orders", new EncryptRequest().text("top secret")).getCiphertext();
    assertThat(ciphertext).startsWith("coffer:v1:");
    assertThat(encryption.decrypt("orders", new DecryptRequest().ciphertext(ciphertext)).getText())
        .isEqualTo("top secret");

    keys.createKey(new NewKey().name("legacy").type("fernet").exportable(true));
    String token = encryption.encrypt("legacy", new EncryptRequest().text("hello")).getCiphertext();
    String fernetKey = keys.exportKey("legacy", null).getKeys().get("1");
    assertThat(fernetKey).matches("[A-Za-z0-9_-]{43}=");
    assertThat(token).startsWith("gAAAAA");
  }
}

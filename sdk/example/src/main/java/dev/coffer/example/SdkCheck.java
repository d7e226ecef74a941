package dev.coffer.example;

import dev.coffer.sdk.ApiClient;
import dev.coffer.sdk.CofferProblemException;
import dev.coffer.sdk.api.AccountApi;
import dev.coffer.sdk.api.EncryptionApi;
import dev.coffer.sdk.api.FilesApi;
import dev.coffer.sdk.api.FoldersApi;
import dev.coffer.sdk.api.KeysApi;
import dev.coffer.sdk.api.TokensApi;
import dev.coffer.sdk.model.DecryptRequest;
import dev.coffer.sdk.model.EncryptRequest;
import dev.coffer.sdk.model.FileInfoView;
import dev.coffer.sdk.model.NewKey;
import dev.coffer.sdk.model.TokenRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * Uses the installed SDK jar the way the README shows, against the server at {@code COFFER_URL}
 * signed in as {@code COFFER_USER}/{@code COFFER_PASSWORD}: a token, an upload to a nested path, a
 * listing, a download to a chosen file, encrypt and decrypt, and an error as a typed problem.
 * Prints one line per check and "N passed, N failed" last; fails when any check failed.
 */
public final class SdkCheck {

  private int passed;
  private int failed;

  public static void main(String[] args) throws Exception {
    SdkCheck check = new SdkCheck();
    String url = env("COFFER_URL");
    try {
      check.run(url, env("COFFER_USER"), env("COFFER_PASSWORD"));
    } catch (Exception e) {
      check.failed++;
      System.out.println("FAIL  the SDK against " + url + ": " + e);
    }
    System.out.println(check.passed + " passed, " + check.failed + " failed");
    if (check.failed > 0) {
      throw new IllegalStateException(check.failed + " SDK check(s) failed");
    }
  }

  private void run(String url, String user, String password) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    String token =
        new TokensApi(client(url, "Basic " + basic))
            .createToken(new TokenRequest().name("sdk-check").expiresInDays(1))
            .getToken();
    ApiClient client = client(url, "Bearer " + token);
    expect("token signs in", user, new AccountApi(client).getMe().getUsername());

    FilesApi files = new FilesApi(client);
    String path = "docs/2026/q1 report.txt";
    Path work = Files.createTempDirectory("coffer-sdk-check");
    Path source = Files.writeString(work.resolve("report.txt"), "quarterly figures, from the SDK");
    FileInfoView uploaded = files.uploadFile(path, source.toFile());
    expect("upload to a nested path", path + " 31", uploaded.getPath() + " " + uploaded.getSize());

    expect(
        "list the nested folder",
        "[q1 report.txt]",
        new FoldersApi(client)
            .listFolder("docs/2026", null, null, null, null, null).getEntries().stream()
                .map(FileInfoView::getName)
                .toList()
                .toString());

    Path target = files.downloadFileTo(path, work.resolve("downloaded.txt"));
    expect("download to a chosen file", Files.readString(source), Files.readString(target));

    String key = "sdk-check-" + UUID.randomUUID();
    new KeysApi(client).createKey(new NewKey().name(key));
    EncryptionApi encryption = new EncryptionApi(client);
    String ciphertext =
        encryption.encrypt(key, new EncryptRequest().text("top secret")).getCiphertext();
    expect("encrypt", true, ciphertext.startsWith("coffer:v1:"));
    expect(
        "decrypt",
        "top secret",
        encryption.decrypt(key, new DecryptRequest().ciphertext(ciphertext)).getText());

    for (Path file : new Path[] {source, target, work}) {
      Files.delete(file);
    }

    try {
      files.downloadFile("docs/2026/missing.txt");
      expect("a missing file is a problem", "CofferProblemException", "a file");
    } catch (CofferProblemException e) {
      expect(
          "a missing file is a typed problem",
          "404 not-found",
          e.getStatus() + " " + e.getProblemCode());
    }
  }

  private static ApiClient client(String url, String authorization) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(url);
    client.setRequestInterceptor(request -> request.header("Authorization", authorization));
    return client;
  }

  private void expect(String name, Object expected, Object actual) {
    if (Objects.equals(expected, actual)) {
      passed++;
      System.out.println("ok    " + name);
    } else {
      failed++;
      System.out.println("FAIL  " + name + ": expected '" + expected + "', got '" + actual + "'");
    }
  }

  private static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("set " + name);
    }
    return value;
  }
}

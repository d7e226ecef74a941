package dev.coffer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.coffer.files.tus.CuttableProxy;
import dev.coffer.support.EndToEndTest;
import dev.coffer.support.Peers;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web interface in a real headless Chromium, one server and one browser for the class: sign-in,
 * uploads (progress, a cut connection, a folder tree), download, file operations, the crypto
 * console, tokens, admin quotas, axe-core on every page, screenshots, and the figures the README
 * reports (time to interactive of a 1,000-entry folder, compressed size of the assets).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebInterfaceBrowserTest extends EndToEndTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
  private static final long MB = 1_000_000;

  private ChromeDriver browser;
  private WebDriverWait wait;
  private Path downloads;
  private Path work;

  @BeforeAll
  void startBrowser() throws IOException {
    Peers.require(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium and ChromeDriver (Debian packages chromium, chromium-driver)");
    work = Files.createTempDirectory("coffer-ui-test");
    downloads = Files.createDirectories(work.resolve("downloads"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        "--user-data-dir=" + Files.createTempDirectory("coffer-chromium"));
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory", downloads.toString(),
            "download.prompt_for_download", false,
            "safebrowsing.enabled", false));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(60));
  }

  @AfterAll
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  /** The page's console: printed for diagnosis; a CSP violation fails the test. */
  @AfterEach
  void consoleHasNoPolicyViolations() {
    if (browser == null) {
      return;
    }
    List<String> violations = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
      System.out.println("browser console: " + entry.getLevel() + " " + entry.getMessage());
      if (entry.getMessage().contains("Content Security Policy")) {
        violations.add(entry.getMessage());
      }
    }
    assertThat(violations).isEmpty();
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  private void signIn(String origin, String user, String password) {
    browser.get(origin + "/");
    browser.manage().deleteAllCookies();
    browser.get("about:blank");
    browser.get(origin + "/#/files");
    WebElement name =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
    name.sendKeys(user);
    browser.findElement(By.name("password")).sendKeys(password);
    browser.findElement(By.cssSelector("form.sign-in button[type=submit]")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("listing")));
    wait.until(d -> d.findElement(By.id("listing")).getAttribute("aria-busy") == null);
  }

  private void signIn(String user) {
    signIn(base(), user, passwordOf(user));
  }

  private WebElement row(String name) {
    return wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.xpath("//tr[@data-name=" + xpathLiteral(name) + "]")));
  }

  /** Opens a row's link, again if the listing was redrawn meanwhile. */
  private void open(String name) {
    wait.ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              row(name).findElement(By.cssSelector("a.name")).click();
              return true;
            });
  }

  private void click(String css) {
    click(By.cssSelector(css));
  }

  /** Clicks the element once it is shown and enabled, again if the page redrew it meanwhile. */
  private void click(By by) {
    wait.ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              WebElement element = d.findElement(by);
              if (!element.isDisplayed() || !element.isEnabled()) {
                return false;
              }
              element.click();
              return true;
            });
  }

  private void clickLabelled(String label) {
    click(By.xpath("//button[@aria-label=" + xpathLiteral(label) + "]"));
  }

  /** Clicks a button of the open dialog by its text. */
  private void dialogButton(String text) {
    click(By.xpath("//dialog[@open]//button[normalize-space()=" + xpathLiteral(text) + "]"));
  }

  private WebElement upload(String name) {
    return wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.xpath("//li[contains(@class,'upload')][@data-name=" + xpathLiteral(name) + "]")));
  }

  private String waitForUpload(String name, Duration timeout, Set<String> seen) {
    WebElement item = upload(name);
    return new WebDriverWait(browser, timeout)
        .pollingEvery(Duration.ofMillis(50))
        .until(
            d -> {
              // the state first: once it reads done, the percent read after it is the final one
              String state = item.getAttribute("data-state");
              String percent = item.getAttribute("data-percent");
              if (percent != null) {
                seen.add(percent);
              }
              return "done".equals(state) || "failed".equals(state) ? state : null;
            });
  }

  private Path home(String user) {
    return STORAGE.resolve("homes").resolve(user);
  }

  @Test
  void uploadWhenFiftyMegabytesThenProgressReachesHundredAndDownloadHasSameSha256()
      throws Exception {
    String user = newUser("ui-big");
    Path file = randomFile("big.bin", 50 * MB);
    signIn(user);

    browser.findElement(By.id("pick-files")).sendKeys(file.toString());
    Set<String> seen = new LinkedHashSet<>();
    assertThat(waitForUpload("big.bin", Duration.ofMinutes(3), seen)).isEqualTo("done");
    System.out.println("UI upload of 50 MB: progress seen " + seen);
    assertThat(seen).contains("100");
    assertThat(upload("big.bin").getText()).contains("Done");
    assertThat(sha256(home(user).resolve("big.bin"))).isEqualTo(sha256(file));

    open("big.bin");
    Path downloaded = downloaded("big.bin");
    assertThat(sha256(downloaded)).isEqualTo(sha256(file));
  }

  @Test
  void uploadWhenConnectionIsCutThenItResumesAndCompletes() throws Exception {
    String user = newUser("ui-cut");
    Path file = randomFile("cut.bin", 30 * MB);
    try (CuttableProxy proxy = new CuttableProxy(port)) {
      String origin = "http://127.0.0.1:" + proxy.port();
      signIn(origin, user, passwordOf(user));
      proxy.cutAt(proxy.forwarded() + 12 * MB);

      browser.findElement(By.id("pick-files")).sendKeys(file.toString());
      Set<String> seen = new LinkedHashSet<>();
      assertThat(waitForUpload("cut.bin", Duration.ofMinutes(3), seen)).isEqualTo("done");

      assertThat(proxy.cuts()).isEqualTo(1);
      assertThat(upload("cut.bin").getAttribute("data-resumed-at")).isNotNull();
      System.out.println(
          "UI upload resumed at byte " + upload("cut.bin").getAttribute("data-resumed-at"));
    }
    assertThat(sha256(home(user).resolve("cut.bin"))).isEqualTo(sha256(file));
  }

  /**
   * A reload in the middle of an upload (slowed down by Chromium's network emulation): the new page
   * lists the unfinished upload, and picking the same file again continues it from the server's
   * offset instead of from the start.
   */
  @Test
  void uploadWhenPageIsReloadedMidwayThenPickingTheFileAgainContinuesIt() throws Exception {
    String user = newUser("ui-reload");
    Path file = randomFile("reload.bin", 20 * MB);
    signIn(user);
    throttleUploads(2_000_000);
    try {
      browser.findElement(By.id("pick-files")).sendKeys(file.toString());
      WebElement item = upload("reload.bin");
      wait.until(
          d -> {
            String percent = item.getAttribute("data-percent");
            return percent != null && Integer.parseInt(percent) >= 20;
          });
      browser.navigate().refresh();
    } finally {
      throttleUploads(-1);
    }
    WebElement pending =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.upload.pending")));
    assertThat(pending.getText()).contains("reload.bin");
    pending.findElement(By.cssSelector("input[type=file]")).sendKeys(file.toString());

    assertThat(waitForUpload("reload.bin", Duration.ofMinutes(2), new TreeSet<>()))
        .isEqualTo("done");
    assertThat(Long.parseLong(upload("reload.bin").getAttribute("data-resumed-at")))
        .isGreaterThan(0);
    assertThat(sha256(home(user).resolve("reload.bin"))).isEqualTo(sha256(file));
  }

  @Test
  void uploadWhenCancelledThenItStopsAndLeavesNothingToResume() throws Exception {
    String user = newUser("ui-cancel");
    Path file = randomFile("cancel.bin", 20 * MB);
    signIn(user);
    throttleUploads(1_000_000);
    try {
      browser.findElement(By.id("pick-files")).sendKeys(file.toString());
      WebElement item = upload("cancel.bin");
      wait.until(d -> item.getAttribute("data-percent") != null);
      item.findElement(By.xpath(".//button[text()='Cancel']")).click();
      wait.until(d -> "cancelled".equals(item.getAttribute("data-state")));
    } finally {
      throttleUploads(-1);
    }
    browser.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("listing")));
    wait.until(d -> d.findElement(By.id("listing")).getAttribute("aria-busy") == null);
    assertThat(browser.findElements(By.cssSelector("li.upload.pending"))).isEmpty();
    assertThat(home(user).resolve("cancel.bin")).doesNotExist();
  }

  /** Chromium's network emulation: uploads at most this many bytes a second (-1: no limit). */
  private void throttleUploads(long bytesPerSecond) {
    browser.executeCdpCommand("Network.enable", Map.of());
    browser.executeCdpCommand(
        "Network.emulateNetworkConditions",
        Map.of(
            "offline",
            false,
            "latency",
            0,
            "downloadThroughput",
            -1,
            "uploadThroughput",
            bytesPerSecond));
  }

  @Test
  void folderUploadWhenTreeThenKeptAndRenameMoveCopyDeleteAndZipWork() throws Exception {
    String user = newUser("ui-tree");
    Path tree = Files.createDirectories(work.resolve(user).resolve("tree"));
    Files.createDirectories(tree.resolve("sub/deep"));
    Files.writeString(tree.resolve("a.txt"), "a");
    Files.writeString(tree.resolve("sub/b.txt"), "b");
    Files.writeString(tree.resolve("sub/deep/c.txt"), "c");
    signIn(user);

    browser.findElement(By.id("pick-folder")).sendKeys(tree.toString());
    waitForUpload("tree/sub/deep/c.txt", Duration.ofMinutes(1), new TreeSet<>());
    waitForUpload("tree/a.txt", Duration.ofMinutes(1), new TreeSet<>());
    waitForUpload("tree/sub/b.txt", Duration.ofMinutes(1), new TreeSet<>());
    assertThat(home(user).resolve("tree/sub/deep/c.txt")).hasContent("c");
    assertThat(home(user).resolve("tree/sub/b.txt")).hasContent("b");

    open("tree");
    row("a.txt");
    clickLabelled("Rename a.txt");
    WebElement input =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog[open] input")));
    input.clear();
    input.sendKeys("renamed.txt");
    dialogButton("Rename");
    row("renamed.txt");
    assertThat(home(user).resolve("tree/renamed.txt")).hasContent("a");

    clickLabelled("Move renamed.txt");
    dialogButton("sub");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("dialog[open] .where"), "tree/sub"));
    dialogButton("Move here");
    wait.until(d -> Files.exists(home(user).resolve("tree/sub/renamed.txt")));

    open("sub");
    row("b.txt");
    clickLabelled("Copy b.txt");
    dialogButton("deep");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("dialog[open] .where"), "tree/sub/deep"));
    dialogButton("Copy here");
    wait.until(d -> Files.exists(home(user).resolve("tree/sub/deep/b.txt")));

    clickLabelled("Delete renamed.txt");
    dialogButton("Delete");
    wait.until(d -> !Files.exists(home(user).resolve("tree/sub/renamed.txt")));
    wait.until(
        ExpectedConditions.invisibilityOfElementLocated(
            By.xpath("//tr[@data-name='renamed.txt']")));

    browser.findElement(By.xpath("//nav[@aria-label='Breadcrumb']//a[text()='tree']")).click();
    row("sub");
    click("#zip");
    Path zip = downloaded("tree.zip");
    assertThat(zipEntries(zip))
        .anySatisfy(e -> assertThat(e).endsWith("sub/deep/b.txt"))
        .anySatisfy(e -> assertThat(e).endsWith("sub/deep/c.txt"))
        .anySatisfy(e -> assertThat(e).endsWith("sub/b.txt"))
        .noneSatisfy(e -> assertThat(e).endsWith("renamed.txt"));
  }

  @Test
  void fileNameWithMarkupThenShownAsTextAndNeverRun() {
    String user = newUser("ui-xss");
    String name = "<img src=x onerror=alert(1)>.txt";
    as(user)
        .urlEncodingEnabled(false)
        .body("x".getBytes(StandardCharsets.UTF_8))
        .put("/api/v1/files/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.txt")
        .then()
        .statusCode(201);
    signIn(user);

    WebElement row = row(name);
    assertThat(row.findElement(By.cssSelector(".c-name")).getText()).isEqualTo(name);
    assertThat(browser.findElements(By.cssSelector("#listing img"))).isEmpty();
    try {
      browser.switchTo().alert();
      throw new AssertionError("the file name ran as script");
    } catch (NoAlertPresentException expected) {
      // the name stayed text
    }
  }

  @Test
  void cryptoConsoleWhenTextEncryptedThenDecryptsAndKeyIsShownOnce() {
    String user = newUser("ui-crypto");
    signIn(user);
    browser.get(base() + "/#/crypto");
    createKey("legacy", "fernet", true);

    WebElement text =
        browser.findElement(
            By.xpath("//label[text()='Text or ciphertext']/following-sibling::textarea"));
    WebElement result =
        browser.findElement(By.xpath("//label[text()='Result']/following-sibling::textarea"));
    text.sendKeys("hello from the browser");
    click("#op-en");
    String ciphertext = wait.until(d -> blankToNull(result.getDomProperty("value")));
    assertThat(ciphertext).startsWith("gAAAAA");

    text.clear();
    text.sendKeys(ciphertext);
    click("#op-de");
    wait.until(d -> "hello from the browser".equals(result.getDomProperty("value")));

    click("#op-gk");
    WebElement secret =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("dialog[open] .secret textarea")));
    assertThat(secret.getDomProperty("value")).hasSize(44);
    dialogButton("Done");
    wait.until(d -> d.findElements(By.cssSelector(".secret")).isEmpty());

    createKey("signer", "ed25519", false);
    new Select(browser.findElement(By.xpath("//section[h2[@id='sign-title']]//select")))
        .selectByValue("signer");
    browser
        .findElement(By.xpath("//label[text()='Text']/following-sibling::textarea"))
        .sendKeys("signed in the browser");
    click(By.xpath("//button[text()='Sign']"));
    WebElement signature =
        browser.findElement(By.xpath("//label[text()='Signature']/following-sibling::input"));
    wait.until(d -> blankToNull(signature.getDomProperty("value")));
    assertThat(signature.getDomProperty("value")).startsWith("coffer:v1:");
    click(By.xpath("//button[text()='Verify']"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".verdict"), "The signature is valid."));
  }

  @Test
  void cryptoConsoleWhenFileEncryptedThroughStreamThenDecryptsToTheSameBytes() throws Exception {
    String user = newUser("ui-stream");
    Path plain = randomFile("plain.bin", 3 * MB);
    signIn(user);
    browser.get(base() + "/#/crypto");
    createKey("files", "aes256-gcm", false);
    String panel = "//section[h2[@id='stream-title']]";
    new Select(browser.findElement(By.xpath(panel + "//select"))).selectByValue("files");
    WebElement input = browser.findElement(By.xpath(panel + "//input[@type='file']"));

    input.sendKeys(plain.toString());
    click(By.xpath(panel + "//button[text()='Encrypt file']"));
    click(By.xpath(panel + "//a[@download='plain.bin.cofs']"));
    Path encrypted = downloaded("plain.bin.cofs");
    assertThat(sha256(encrypted)).isNotEqualTo(sha256(plain));
    assertThat(browser.findElement(By.xpath(panel + "//progress")).getDomProperty("value"))
        .isEqualTo("100");

    input.sendKeys(encrypted.toString());
    click(By.xpath(panel + "//button[text()='Decrypt file']"));
    click(By.xpath(panel + "//a[@download='plain.bin']"));
    assertThat(sha256(downloaded("plain.bin"))).isEqualTo(sha256(plain));
  }

  private void createKey(String name, String type, boolean exportable) {
    WebElement field =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//label[text()='Key name']/following-sibling::input")));
    field.sendKeys(name);
    new Select(browser.findElement(By.xpath("//label[text()='Type']/following-sibling::select")))
        .selectByValue(type);
    WebElement box = browser.findElement(By.xpath("//label[contains(.,'Exportable')]/input"));
    if (box.isSelected() != exportable) {
      box.click();
    }
    click("form.inline-form button[type=submit]");
    row(name);
  }

  @Test
  void accountWhenTokenCreatedThenShownOnceWorksAndRevokeEndsIt() {
    String user = newUser("ui-token");
    signIn(user);
    browser.get(base() + "/#/account");
    wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//label[text()='Token name']/following-sibling::input")))
        .sendKeys("ci");
    browser.findElement(By.xpath("//button[text()='Create token']")).click();
    WebElement secret =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#new-token textarea")));
    String token = secret.getDomProperty("value");
    assertThat(token).startsWith("coffer_");
    withToken(token).get("/api/v1/me").then().statusCode(200);

    row("ci");
    clickLabelled("Revoke ci");
    dialogButton("Revoke");
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.xpath("//tr[@data-name='ci']")));
    withToken(token).get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void adminWhenUserCreatedWithQuotaThenThatUserSeesOverQuotaMessage() throws Exception {
    String user = "ui-quota-" + System.nanoTime() % 100000;
    signIn(base(), ADMIN, ADMIN_PASSWORD);
    browser.get(base() + "/#/admin");
    wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//label[text()='Username']/following-sibling::input")))
        .sendKeys(user);
    browser
        .findElement(By.xpath("//label[text()='Password']/following-sibling::input"))
        .sendKeys(passwordOf(user));
    browser
        .findElement(By.xpath("//label[text()='Quota']/following-sibling::input"))
        .sendKeys("10KB");
    browser.findElement(By.xpath("//button[text()='Create user']")).click();
    WebElement created = row(user);
    assertThat(created.findElement(By.cssSelector("progress")).getDomAttribute("max"))
        .isEqualTo("10000");
    asAdmin().get("/api/v1/users/" + user).then().statusCode(200);

    browser.findElement(By.id("sign-out")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
    signIn(user);
    Path file = randomFile("too-big.bin", 50_000);
    browser.findElement(By.id("pick-files")).sendKeys(file.toString());
    assertThat(waitForUpload("too-big.bin", Duration.ofMinutes(1), new TreeSet<>()))
        .isEqualTo("failed");
    assertThat(upload("too-big.bin").getText()).contains("Over quota");
  }

  /**
   * Every page in four looks (desktop and 375 px, light and dark): a screenshot each, and axe-core
   * must find no serious or critical violation in any of them.
   */
  @Test
  void everyPageWhenCheckedByAxeThenNoSeriousViolationsAndScreenshotsSaved() throws Exception {
    String user = newUser("ui-look");
    as(user).body("hello".getBytes(StandardCharsets.UTF_8)).put("/api/v1/files/notes/todo.txt");
    as(user).body(new byte[123_456]).put("/api/v1/files/photo.jpg");
    as(user).contentType(ContentType.JSON).body(Map.of("name", "main")).post("/api/v1/keys");
    Files.createDirectories(SCREENSHOTS);
    List<String> problems = new ArrayList<>();
    browser.get(base() + "/");
    browser.manage().deleteAllCookies();
    browser.get(base() + "/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
    look("sign-in", problems);
    signIn(user);
    row("notes");
    look("files", problems);
    for (String page : List.of("crypto", "account")) {
      browser.get(base() + "/#/" + page);
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main h1")));
      wait.until(d -> !d.findElements(By.cssSelector("main tbody tr")).isEmpty());
      look(page, problems);
    }
    signIn(base(), ADMIN, ADMIN_PASSWORD);
    browser.get(base() + "/#/admin");
    row(user);
    look("admin", problems);
    assertThat(problems).isEmpty();
  }

  private void look(String page, List<String> problems) throws IOException {
    for (boolean phone : List.of(false, true)) {
      for (String scheme : List.of("light", "dark")) {
        if (phone) {
          browser.executeCdpCommand(
              "Emulation.setDeviceMetricsOverride",
              Map.of("width", 375, "height", 812, "deviceScaleFactor", 1, "mobile", true));
        } else {
          browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
        browser.executeCdpCommand(
            "Emulation.setEmulatedMedia",
            Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
        String variant = page + "-" + (phone ? "phone" : "desktop") + "-" + scheme;
        Files.copy(
            browser.getScreenshotAs(OutputType.FILE).toPath(),
            SCREENSHOTS.resolve(variant + ".png"),
            StandardCopyOption.REPLACE_EXISTING);
        Results results = new AxeBuilder().analyze(browser);
        for (Rule rule : results.getViolations()) {
          if ("serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())) {
            problems.add(
                variant
                    + ": "
                    + rule.getId()
                    + " ("
                    + rule.getImpact()
                    + ") "
                    + rule.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList());
          }
        }
      }
    }
    browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
  }

  /**
   * Reports (does not assert) how long the file page of a 1,000-entry folder takes from navigation
   * start until its first page of rows is on screen and usable, and the assets' compressed size.
   */
  @Test
  void thousandEntryFolderWhenOpenedThenTimeToInteractiveIsReported() throws Exception {
    String user = newUser("ui-speed");
    as(user).post("/api/v1/dirs/big").then().statusCode(201);
    for (int i = 0; i < 1000; i++) {
      Files.writeString(home(user).resolve("big").resolve(String.format("file-%04d.txt", i)), "x");
    }
    signIn(user);
    List<Long> times = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      browser.get("about:blank");
      browser.get(base() + "/#/files/big");
      wait.until(d -> d.findElements(By.cssSelector("#listing tbody tr[data-name]")).size() == 200);
      Object ms =
          browser.executeScript(
              "return Number(document.documentElement.dataset.listed) - performance.timeOrigin");
      times.add(Math.round(((Number) ms).doubleValue()));
    }
    times.sort(Long::compare);
    System.out.println(
        "UI figure: file page of a 1,000-entry folder interactive after "
            + times.get(times.size() / 2)
            + " ms (median of 5 from navigation start: "
            + times
            + ")");
    System.out.println(
        "UI figure: assets " + gzippedSize(Path.of("src/main/resources/static")) + " bytes gzip");
  }

  private static long gzippedSize(Path dir) throws IOException {
    long total = 0;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        CountingStream counter = new CountingStream();
        try (OutputStream gzip = new GZIPOutputStream(counter)) {
          Files.copy(file, gzip);
        }
        total += counter.count;
      }
    }
    return total;
  }

  private static final class CountingStream extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  private Path randomFile(String name, long size) throws IOException {
    Path file = work.resolve(name);
    Random random = new Random(size);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(left, chunk.length));
      }
    }
    return file;
  }

  private Path downloaded(String name) {
    Path file = downloads.resolve(name);
    new WebDriverWait(browser, Duration.ofMinutes(2))
        .pollingEvery(Duration.ofMillis(100))
        .until(d -> Files.exists(file) && !Files.exists(downloads.resolve(name + ".crdownload")));
    return file;
  }

  private static List<String> zipEntries(Path zip) throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
      }
    }
    return names;
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String xpathLiteral(String s) {
    if (!s.contains("'")) {
      return "'" + s + "'";
    }
    return "concat('" + s.replace("'", "',\"'\",'") + "')";
  }
}

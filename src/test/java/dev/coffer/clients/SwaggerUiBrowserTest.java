package dev.coffer.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.support.EndToEndTest;
import dev.coffer.support.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Swagger UI in a real headless Chromium: authorize with Basic, run operations, see them succeed,
 * nested file paths included.
 */
class SwaggerUiBrowserTest extends EndToEndTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private WebDriver browser;

  @BeforeEach
  void startBrowser() throws Exception {
    Peers.require(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium and ChromeDriver (Debian packages chromium, chromium-driver)");
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
        "--window-size=1400,2000",
        "--user-data-dir=" + Files.createTempDirectory("coffer-chromium"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void swaggerUiWhenAuthorizedWithBasicThenTryItOutReturns200() throws Exception {
    String user = newUser("swagger");
    WebDriverWait wait = openAndAuthorize(user);

    WebElement operation = execute(wait, "operations-Account-getMe", Map.of(), null);
    Path screenshot = Path.of("target", "swagger-ui.png");
    Files.createDirectories(screenshot.getParent());
    Files.copy(
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
        screenshot,
        StandardCopyOption.REPLACE_EXISTING);

    assertThat(status(wait, operation)).isEqualTo("200");
    assertThat(operation.getText()).contains("\"username\": \"" + user + "\"");
  }

  /**
   * Swagger UI encodes the whole {@code path} parameter, so {@code docs/2026/q1 café.txt} goes out
   * as {@code docs%2F2026%2Fq1%20caf%C3%A9.txt}: upload, download and listing must still reach the
   * nested file.
   */
  @Test
  void swaggerUiWhenPathIsNestedThenUploadDownloadAndListingWork() throws Exception {
    String user = newUser("swagger");
    String nested = "docs/2026/q1 caf\u00e9.txt";
    Path local = Files.createTempFile("swagger-upload", ".txt");
    Files.writeString(local, "uploaded from Swagger UI");
    WebDriverWait wait = openAndAuthorize(user);

    WebElement upload = execute(wait, "operations-Files-uploadFile", Map.of("path", nested), local);
    assertThat(status(wait, upload)).as(upload.getText()).isEqualTo("201");
    assertThat(requestUrl(upload)).contains("/api/v1/files/docs%2F2026%2Fq1%20caf%C3%A9.txt");
    assertThat(upload.getText()).contains("\"path\": \"" + nested + "\"");
    assertThat(STORAGE.resolve("homes").resolve(user).resolve(nested))
        .hasContent("uploaded from Swagger UI");

    WebElement download =
        execute(wait, "operations-Files-downloadFile", Map.of("path", nested), null);
    assertThat(status(wait, download)).as(download.getText()).isEqualTo("200");
    assertThat(requestUrl(download)).contains("docs%2F2026%2F");
    assertThat(download.getText()).containsIgnoringCase("content-disposition: attachment");

    WebElement listing =
        execute(wait, "operations-Folders-listFolder", Map.of("path", "docs/2026"), null);
    assertThat(status(wait, listing)).as(listing.getText()).isEqualTo("200");
    assertThat(requestUrl(listing)).contains("/api/v1/dirs/docs%2F2026");
    assertThat(listing.getText()).contains("\"path\": \"" + nested + "\"");
  }

  private WebDriverWait openAndAuthorize(String user) {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.get("http://127.0.0.1:" + port + "/swagger-ui/index.html");

    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.authorize"))).click();
    WebElement basic =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//div[contains(@class,'auth-container')][.//h4[contains(.,'basic')]]")));
    basic.findElement(By.cssSelector("input[type=text]")).sendKeys(user);
    basic.findElement(By.cssSelector("input[type=password]")).sendKeys(passwordOf(user));
    basic.findElement(By.cssSelector("button.authorize")).click();
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector(".auth-container button.btn-done")))
        .click();
    return wait;
  }

  /**
   * Opens an operation, fills in its parameters (and its file body, if any) and executes it; "Try
   * it out" is on from the start (springdoc.swagger-ui.try-it-out-enabled).
   */
  private WebElement execute(
      WebDriverWait wait, String operationId, Map<String, String> parameters, Path file) {
    WebElement operation =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id(operationId)));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", operation);
    operation.findElement(By.cssSelector(".opblock-summary")).click();
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      WebElement input =
          wait.until(
              d ->
                  operation
                      .findElements(
                          By.cssSelector("tr[data-param-name='" + parameter.getKey() + "'] input"))
                      .stream()
                      .filter(WebElement::isDisplayed)
                      .findFirst()
                      .orElse(null));
      input.clear();
      input.sendKeys(parameter.getValue());
    }
    if (file != null) {
      wait.until(
              d ->
                  operation.findElements(By.cssSelector("input[type=file]")).stream()
                      .findFirst()
                      .orElse(null))
          .sendKeys(file.toAbsolutePath().toString());
    }
    clickWhenReady(wait, operation, "button.execute");
    return operation;
  }

  private static String status(WebDriverWait wait, WebElement operation) {
    return wait.until(
            ExpectedConditions.visibilityOfNestedElementsLocatedBy(
                operation,
                By.cssSelector(".live-responses-table tr.response td.response-col_status")))
        .get(0)
        .getText()
        .trim();
  }

  private static String requestUrl(WebElement operation) {
    return operation.findElement(By.cssSelector(".request-url pre")).getText();
  }

  private static void clickWhenReady(WebDriverWait wait, WebElement scope, String css) {
    wait.until(
            d ->
                scope.findElements(By.cssSelector(css)).stream()
                    .filter(e -> e.isDisplayed() && e.isEnabled())
                    .findFirst()
                    .orElse(null))
        .click();
  }
}

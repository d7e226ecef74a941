package dev.coffer.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.support.EndToEndTest;
import dev.coffer.support.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Swagger UI in a real headless Chromium: authorize with Basic, run an operation, see 200. */
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

    WebElement operation =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("operations-Account-getMe")));
    operation.findElement(By.cssSelector(".opblock-summary")).click();
    // "Try it out" is on from the start (springdoc.swagger-ui.try-it-out-enabled)
    clickWhenReady(wait, operation, "button.execute");

    WebElement status =
        wait.until(
                ExpectedConditions.visibilityOfNestedElementsLocatedBy(
                    operation,
                    By.cssSelector(".live-responses-table tr.response td.response-col_status")))
            .get(0);
    Path screenshot = Path.of("target", "swagger-ui.png");
    Files.createDirectories(screenshot.getParent());
    Files.copy(
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
        screenshot,
        StandardCopyOption.REPLACE_EXISTING);

    assertThat(status.getText().trim()).isEqualTo("200");
    assertThat(operation.getText()).contains("\"username\": \"" + user + "\"");
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

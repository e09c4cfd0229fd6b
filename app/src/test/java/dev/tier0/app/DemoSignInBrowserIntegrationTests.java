package dev.tier0.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page in a real headless Chromium, under its strict Content-Security-Policy: a visitor
 * signs in as a demo user, asks the widget for a password reset, reads the code in the demo mailbox
 * shown on the page, types it, and gets the temporary password by mail, not in the chat. Skipped
 * where Chromium and its driver are not installed.
 */
class DemoSignInBrowserIntegrationTests extends AppIntegrationTestSupport {

  private static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
  private static final String DRIVER =
      System.getProperty("chromium.driver", "/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static WebDriver driver;

  @TempDir static Path profile;

  @BeforeAll
  static void startBrowser() {
    assumeTrue(
        Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(DRIVER)),
        "Chromium and chromedriver are not installed: skipping the browser test");
    System.setProperty("webdriver.chrome.driver", DRIVER);
    System.setProperty("SE_OFFLINE", "true");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    driver =
        new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build(),
            options);
  }

  @AfterAll
  static void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void aVisitorSignsInAsADemoUserAndResetsThePasswordWithTheCodeFromTheDemoMailbox() {
    driver.get(url("/"));
    waitFor(By.xpath("//button[text()='Sign in as Grace Hopper']")).click();
    waitUntil(() -> driver.findElement(By.id("demo-status")).getText().contains("Signed in as"));

    // Grace's inbox may hold older codes: only a code that was not there before counts.
    waitFor(By.cssSelector("#demo-mails li"));
    String before = driver.findElement(By.id("demo-mails")).getText();
    waitFor(By.cssSelector("button.t0-bubble")).click();
    type("I forgot my password");
    waitUntil(() -> chat().contains("I've sent a 6-digit code to g***@example.com"));

    // The mailbox on the page is re-read on each click, until the mail is there.
    Pattern pattern = Pattern.compile("code is (\\d{6})");
    String[] code = new String[1];
    waitUntil(() -> {
      driver.findElement(By.id("demo-refresh")).click();
      Matcher m = pattern.matcher(driver.findElement(By.id("demo-mails")).getText());
      code[0] = m.find() && !before.contains(m.group()) ? m.group(1) : null;
      return code[0] != null;
    });
    type(code[0]);
    waitUntil(() -> chat().contains("I've sent a temporary password"));

    assertThat(
            driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage))
        .noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused to"));
  }

  private static String chat() {
    return driver.findElement(By.cssSelector(".t0-panel")).getText();
  }

  private static void type(String text) {
    WebElement input = waitFor(By.id("t0-input"));
    input.sendKeys(text);
    input.sendKeys(Keys.ENTER);
  }

  private static WebElement waitFor(By by) {
    return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  private static void waitUntil(BooleanSupplier condition) {
    new WebDriverWait(driver, WAIT)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> condition.getAsBoolean());
  }
}

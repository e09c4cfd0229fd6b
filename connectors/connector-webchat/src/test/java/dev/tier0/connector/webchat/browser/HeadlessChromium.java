package dev.tier0.connector.webchat.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
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
 * A real headless Chromium for the browser tests of every module, as a JUnit extension on a static
 * field:
 *
 * <pre>{@code
 * @RegisterExtension static final HeadlessChromium browser = new HeadlessChromium(1280, 900);
 * }</pre>
 *
 * <p>The browser starts once before the test class and quits after it. Where Chromium or its driver
 * is not installed the class is skipped with a message that names the packages; the executables are
 * {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} unless the system properties {@code
 * chromium.binary} and {@code chromium.driver} say otherwise. Nothing is fetched from the network:
 * the driver is given explicitly and Selenium Manager is kept offline.
 *
 * <p>Not thread-safe: one test class drives one browser at a time.
 */
public final class HeadlessChromium implements BeforeAllCallback, AfterAllCallback {

  /** How long every wait may take: generous, as the machine may be busy. */
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
  private static final String DRIVER =
      System.getProperty("chromium.driver", "/usr/bin/chromedriver");

  private final int width;
  private final int height;
  private Path profile;
  private WebDriver driver;

  /** A browser whose window is {@code width} by {@code height} pixels. */
  public HeadlessChromium(int width, int height) {
    this.width = width;
    this.height = height;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    assumeTrue(
        Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(DRIVER)),
        "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver):"
            + " skipping the browser test");
    // Selenium Manager must not look for drivers on the network.
    System.setProperty("webdriver.chrome.driver", DRIVER);
    System.setProperty("SE_OFFLINE", "true");
    profile = Files.createTempDirectory("chromium-profile-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        // A test may drive two windows: the one in the background must keep its timers and
        // event streams running.
        "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile.toAbsolutePath());
    // The browser's console shows Content-Security-Policy violations; the tests read it.
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build();
    driver = new ChromeDriver(service, options);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      driver = null;
      deleteProfile();
    }
  }

  /** The running browser; only between the start and the end of the test class. */
  public WebDriver driver() {
    if (driver == null) {
      throw new IllegalStateException(
          "The browser is not running: register HeadlessChromium on a static field");
    }
    return driver;
  }

  /** Waits until an element is on the page and visible, and returns it. */
  public WebElement waitFor(By by) {
    return new WebDriverWait(driver(), WAIT)
        .until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /**
   * Waits until the condition holds. A condition that reads an element the page has just replaced
   * is asked again rather than failing.
   */
  public void waitUntil(BooleanSupplier condition) {
    new WebDriverWait(driver(), WAIT)
        .ignoring(StaleElementReferenceException.class)
        .until(d -> condition.getAsBoolean());
  }

  /**
   * The messages the browser's console received since the last call (reading them empties the
   * driver's buffer), whatever their level: Content-Security-Policy violations are among them.
   */
  public List<String> consoleErrors() {
    return driver().manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::getMessage)
        .toList();
  }

  private void deleteProfile() {
    if (profile == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(HeadlessChromium::deleteQuietly);
    } catch (IOException | UncheckedIOException e) {
      // A profile left behind in the temp folder harms nothing.
    } finally {
      profile = null;
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // See deleteProfile: best effort.
    }
  }
}

package dev.tier0.connector.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tier0.bot.BotReply;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.Speaker;
import dev.tier0.bot.TranscriptEntry;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The widget in a real headless Chromium against the connector on a real server. Skipped, with a
 * message, where Chromium and its driver are not installed.
 */
@SpringBootTest(
    classes = WebChatTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebChatBrowserIntegrationTests {

  private static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
  private static final String DRIVER =
      System.getProperty("chromium.driver", "/usr/bin/chromedriver");

  private static WebDriver driver;

  @TempDir static Path profile;

  @LocalServerPort int port;
  @Autowired WebChatReplySink sink;
  @Autowired WebChatTestApplication.SwitchableStore store;

  @BeforeAll
  static void startBrowser() {
    assumeTrue(
        Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(DRIVER)),
        "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver):"
            + " skipping the browser test");
    // Selenium Manager must not look for drivers on the network.
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
        "--window-size=1280,900",
        "--user-data-dir=" + profile.toAbsolutePath());
    // The browser's console shows Content-Security-Policy violations; the test reads it.
    options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build();
    driver = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void chatsFromTheDemoPageToAnAgentAndBack() throws Exception {
    freshPage();
    WebElement bubble = waitFor(By.cssSelector("button.t0-bubble"));
    assertThat(bubble.getAttribute("aria-expanded")).isEqualTo("false");
    bubble.click();
    WebElement input = waitFor(By.id("t0-input"));
    assertThat(driver.switchTo().activeElement()).isEqualTo(input);
    WebElement log = driver.findElement(By.cssSelector("[role=log]"));
    assertThat(log.getAttribute("aria-live")).isEqualTo("polite");
    assertThat(
            driver.findElement(By.cssSelector("label[for=t0-input]")).getAttribute("textContent"))
        .contains("Message to IT Help");

    // A knowledge-base answer: an article card with its link, then "did that fix it?".
    type("I forgot my password");
    WebElement card = waitFor(By.cssSelector(".t0-article"));
    assertThat(card.getText()).contains("Reset your password with the self-service portal");
    assertThat(card.findElement(By.cssSelector("a")).getAttribute("href"))
        .isEqualTo("https://kb.example.com/KB-012");
    WebElement no =
        waitFor(By.xpath("//button[contains(@class,'t0-option')][.='No, still broken']"));

    // A choice: its label becomes the user's line, its value goes to the server.
    no.click();
    waitUntil(() -> userLines().contains("No, still broken"));
    waitFor(By.xpath("//p[contains(.,'Shall I pass it to the IT team?')]"));

    // Asking for a person hands off, with the ticket visible.
    type("I want to talk to a person");
    WebElement ticket = waitFor(By.cssSelector(".t0-handoff .t0-ticket"));
    assertThat(ticket.getText()).matches("Ticket INC-\\d{4}-\\d{6}.*");
    String conversationId =
        (String)
            ((JavascriptExecutor) driver)
                .executeScript(
                    "return localStorage.getItem('tier0.webchat.conversation@' + location.origin);");
    assertThat(conversationId).isNotBlank();

    // An agent answers: the reply arrives live over the event stream, labelled as the agent.
    waitUntil(() -> sink.openStreams(conversationId) > 0);
    Conversation conversation =
        store
            .update(
                conversationId,
                c -> {
                  c.append(
                      new TranscriptEntry(Instant.now(), Speaker.AGENT, "Hi, Sam from IT here."));
                  return c;
                })
            .orElseThrow();
    sink.deliver(conversation, new BotReply.Text("Hi, Sam from IT here."));
    WebElement agent = waitFor(By.cssSelector(".t0-from-agent"));
    assertThat(agent.getText()).contains("Agent").contains("Hi, Sam from IT here.");

    // Hostile text stays text.
    String hostile = "<img src=x onerror=alert(1)>";
    type(hostile);
    waitUntil(() -> userLines().contains(hostile));
    assertThat(log.findElements(By.tagName("img"))).isEmpty();
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

    // Reload: the same conversation comes back from the server.
    driver.navigate().refresh();
    waitFor(By.cssSelector("button.t0-bubble")).click();
    waitUntil(() -> userLines().contains("I forgot my password"));
    WebElement reloaded = driver.findElement(By.cssSelector("[role=log]"));
    assertThat(reloaded.getText())
        .contains("Hi, Sam from IT here.")
        .contains(hostile)
        .containsPattern("INC-\\d{4}-\\d{6}");
    assertThat(reloaded.findElements(By.cssSelector(".t0-from-agent"))).hasSize(1);
    assertThat(reloaded.findElements(By.tagName("img"))).isEmpty();
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

    assertThat(consoleErrors()).noneMatch(m -> m.contains("Content Security Policy"));

    // Escape closes the panel and gives focus back to the bubble.
    driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    waitUntil(() -> !driver.findElement(By.id("t0-panel")).isDisplayed());
    assertThat(driver.switchTo().activeElement().getAttribute("class")).contains("t0-bubble");
  }

  @Test
  void restoresThePendingButtonsAfterAReload() {
    freshPage();
    waitFor(By.cssSelector("button.t0-bubble")).click();
    waitFor(By.id("t0-input"));
    type("my vpn is broken");
    waitFor(By.cssSelector(".t0-article"));
    driver.navigate().refresh();
    waitFor(By.cssSelector("button.t0-bubble")).click();
    WebElement yes =
        waitFor(By.xpath("//button[contains(@class,'t0-option')][.='Yes, that fixed it']"));
    yes.click();
    waitFor(By.xpath("//p[contains(.,'glad that fixed it')]"));
  }

  @Test
  void servesTheDemoPageWithTheContentSecurityPolicy() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url("/"))).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Security-Policy"))
        .hasValue(DemoPageController.CONTENT_SECURITY_POLICY);

    // The browser enforces it: an inline style is refused and reported, which also shows that
    // the console check of the chat test would see a violation.
    freshPage();
    waitFor(By.cssSelector("button.t0-bubble"));
    consoleErrors();
    ((JavascriptExecutor) driver)
        .executeScript("document.body.setAttribute('style', 'background: red');");
    waitUntil(() -> consoleErrors().stream().anyMatch(m -> m.contains("Content Security Policy")));
  }

  private static List<String> consoleErrors() {
    return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .map(org.openqa.selenium.logging.LogEntry::getMessage)
        .toList();
  }

  /** The demo page as a first-time visitor sees it. */
  private void freshPage() {
    driver.get(url("/"));
    ((JavascriptExecutor) driver).executeScript("localStorage.clear();");
    driver.navigate().refresh();
  }

  private void type(String text) {
    WebElement input = driver.findElement(By.id("t0-input"));
    input.sendKeys(text);
    input.sendKeys(Keys.ENTER);
  }

  private List<String> userLines() {
    return driver.findElements(By.cssSelector(".t0-from-user .t0-text")).stream()
        .map(e -> e.getAttribute("textContent"))
        .toList();
  }

  private WebElement waitFor(By by) {
    return new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  private void waitUntil(java.util.function.BooleanSupplier condition) {
    new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> condition.getAsBoolean());
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}

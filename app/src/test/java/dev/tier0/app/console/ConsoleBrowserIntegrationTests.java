package dev.tier0.app.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tier0.app.AppIntegrationTestSupport;
import dev.tier0.app.WebSession;
import dev.tier0.connector.webchat.browser.HeadlessChromium;
import dev.tier0.connector.webchat.browser.WebChatWidget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console in a real headless Chromium against the whole app: an agent signs in, a user's
 * hand-off from the web chat widget appears live, the agent claims it, answers (the answer reaches
 * the widget in the other window), notes, resolves, and sees the user's rating. Skipped where
 * Chromium and its driver are not installed.
 */
class ConsoleBrowserIntegrationTests extends AppIntegrationTestSupport {

  private static final String HOSTILE =
      "<b>bold</b><script>alert(1)</script><img src=x onerror=alert(2)>";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @RegisterExtension static final HeadlessChromium browser = new HeadlessChromium(1400, 1000);

  private final WebChatWidget webChat = new WebChatWidget(browser);

  @Test
  void anAgentTakesAHandOffFromTheWidgetToTheRating() throws Exception {
    WebDriver driver = browser.driver();
    // The agent signs in and watches the queue.
    driver.get(url("/console"));
    browser.waitFor(By.id("username")).sendKeys(AGENT);
    driver.findElement(By.id("password")).sendKeys(AGENT_PASSWORD);
    driver.findElement(By.id("sign-in")).click();
    browser.waitUntil(
        () -> "true".equals(driver.findElement(By.tagName("body")).getAttribute("data-live")));
    String console = driver.getWindowHandle();

    // A user asks for a person in the web chat widget, in a second window.
    driver.switchTo().newWindow(WindowType.WINDOW);
    String widget = driver.getWindowHandle();
    driver.get(url("/"));
    webChat.open();
    webChat.type("I want to talk to a person " + HOSTILE);
    String ticketText = browser.waitFor(By.cssSelector(".t0-handoff .t0-ticket")).getText();
    String ticketId = ticketText.replaceAll("(?s).*?(INC-\\d{4}-\\d{6}).*", "$1");
    assertThat(ticketId).matches("INC-\\d{4}-\\d{6}");

    // It appears in the console without a reload.
    driver.switchTo().window(console);
    WebElement row = browser.waitFor(By.cssSelector("tr.ticket-row[data-id='" + ticketId + "']"));
    assertThat(row.getText()).contains(ticketId);
    assertThat(row.findElement(By.cssSelector("td.sla")).getText()).contains("answer in");
    row.click();
    browser.waitUntil(() -> ticketId.equals(driver.findElement(By.id("t-id")).getText()));

    // The user's markup is shown as text: no element, no script run.
    WebElement transcript = driver.findElement(By.id("t-transcript"));
    browser.waitUntil(() -> transcript.getText().contains(HOSTILE));
    assertThat(transcript.findElements(By.tagName("b"))).isEmpty();
    assertThat(transcript.findElements(By.tagName("img"))).isEmpty();
    assertThat(transcript.findElements(By.tagName("script"))).isEmpty();
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

    // Claim it and answer with a canned reply that names the user.
    driver.findElement(By.id("claim")).click();
    browser.waitUntil(() -> driver.findElement(By.id("t-assignee")).getText().equals(AGENT));
    new Select(driver.findElement(By.id("canned"))).selectByValue("greeting");
    String reply = driver.findElement(By.id("reply-text")).getAttribute("value");
    assertThat(reply).contains(AGENT).contains(ticketId).doesNotContain("{");
    driver.findElement(By.id("reply-send")).click();
    browser.waitUntil(() -> transcript.getText().contains("I'm looking at " + ticketId));

    // The answer reaches the widget; the user's next message reaches the console live.
    driver.switchTo().window(widget);
    browser.waitUntil(() ->
        driver.findElements(By.cssSelector(".t0-from-agent")).stream()
            .anyMatch(e -> e.getText().contains("I'm looking at " + ticketId)));
    webChat.type("Thanks, it is the laptop in room 4");
    driver.switchTo().window(console);
    browser.waitUntil(() -> transcript.getText().contains("it is the laptop in room 4"));

    // An internal note, then the resolution.
    driver.findElement(By.id("note-text")).sendKeys("Checked the asset register.");
    driver.findElement(By.id("note-add")).click();
    browser.waitUntil(() ->
        driver.findElement(By.id("t-notes")).getText().contains("Checked the asset register."));
    driver.findElement(By.id("resolution-text")).sendKeys("Replaced the docking station.");
    driver.findElement(By.id("resolve")).click();
    browser.waitUntil(() -> driver.findElement(By.id("t-status")).getText().equals("resolved"));

    screenshot("console-ticket");

    // The user rates the help in the widget; the console shows it.
    driver.switchTo().window(widget);
    browser
        .waitFor(By.xpath("//button[contains(@class,'t0-option')][normalize-space(.)='4']"))
        .click();
    driver.switchTo().window(console);
    browser.waitUntil(() -> driver.findElement(By.id("t-csat")).getText().equals("4 / 5"));

    // A ticket another agent claims leaves this agent's queue at once.
    WebSession user = new WebSession(url(""));
    String conversation =
        JSON.readTree(user.json("POST", "/api/v1/conversations", "{\"channel\":\"api\"}").body())
            .get("conversationId")
            .asString();
    String other =
        JSON.readTree(
                user.json(
                        "POST",
                        "/api/v1/conversations/" + conversation + "/messages",
                        "{\"text\":\"I want to talk to a person\"}")
                    .body())
            .get("ticket")
            .get("id")
            .asString();
    browser.waitFor(By.cssSelector("tr.ticket-row[data-id='" + other + "']"));
    WebSession colleague = new WebSession(url(""));
    colleague.login(ADMIN, ADMIN_PASSWORD);
    assertThat(
            colleague.json("POST", "/console/api/tickets/" + other + "/claim", null).statusCode())
        .isEqualTo(200);
    browser.waitUntil(() ->
        driver.findElements(By.cssSelector("tr.ticket-row[data-id='" + other + "']")).isEmpty());
    browser.waitUntil(() ->
        driver.findElement(By.id("live")).getText().contains(other + " was claimed by " + ADMIN));

    assertThat(browser.consoleErrors()).noneMatch(m -> m.contains("Content Security Policy"));
    driver.switchTo().window(widget);
    driver.close();
    driver.switchTo().window(console);
  }

  @Test
  void theDashboardShowsTheFiguresOfTheApi() throws Exception {
    WebDriver driver = browser.driver();
    WebSession admin = new WebSession(url(""));
    admin.login(ADMIN, ADMIN_PASSWORD);
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    JsonNode report =
        JSON.readTree(
                admin.get("/console/analytics/api/report?from=" + today + "&to=" + today).body())
            .get("report");

    driver.manage().deleteAllCookies();
    driver.get(url("/console/analytics"));
    browser.waitFor(By.id("username")).sendKeys(ADMIN);
    driver.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
    driver.findElement(By.id("sign-in")).click();
    browser.waitUntil(
        () -> driver.findElement(By.tagName("body")).getAttribute("data-loaded") != null);
    driver.findElement(By.id("from")).clear();
    ((JavascriptExecutor) driver)
        .executeScript(
            "document.getElementById('from').value = arguments[0];"
                + "document.getElementById('to').value = arguments[0];",
            today);
    driver.findElement(By.id("apply")).click();
    browser.waitUntil(() ->
        (today + ".." + today)
            .equals(driver.findElement(By.tagName("body")).getAttribute("data-loaded")));

    assertThat(text("kpi-conversations")).isEqualTo(report.get("conversations").asString());
    assertThat(text("kpi-turns")).isEqualTo(report.get("turns").asString());
    assertThat(text("kpi-escalation")).isEqualTo(percent(report.get("escalationRate").asDouble()));
    assertThat(text("kpi-containment"))
        .isEqualTo(percent(report.get("containmentRate").asDouble()));
    assertThat(driver.findElements(By.cssSelector("#sla-rows tr"))).hasSize(4);
    screenshot("analytics");
    Object chart = ((JavascriptExecutor) driver).executeScript("return typeof window.Chart;");
    assertThat(chart).isEqualTo("function");
    assertThat(browser.consoleErrors()).noneMatch(m -> m.contains("Content Security Policy"));
  }

  private static String percent(double share) {
    return String.format(java.util.Locale.ROOT, "%.1f %%", Math.round(share * 1000) / 10.0);
  }

  /** Saves a picture of the page when -Dconsole.screenshots=<folder> is given (for reviews). */
  private static void screenshot(String name) throws java.io.IOException {
    String dir = System.getProperty("console.screenshots");
    if (dir != null && !dir.isBlank()) {
      byte[] png =
          ((org.openqa.selenium.TakesScreenshot) browser.driver())
              .getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
      Files.createDirectories(Path.of(dir));
      Files.write(Path.of(dir, name + ".png"), png);
    }
  }

  private static String text(String id) {
    return browser.driver().findElement(By.id(id)).getText();
  }
}

package dev.tier0.connector.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tier0.bot.BotReply;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.Speaker;
import dev.tier0.bot.TranscriptEntry;
import dev.tier0.connector.webchat.browser.HeadlessChromium;
import dev.tier0.connector.webchat.browser.WebChatWidget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
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

  @RegisterExtension static final HeadlessChromium browser = new HeadlessChromium(1280, 900);

  private final WebChatWidget webChat = new WebChatWidget(browser);

  @LocalServerPort int port;
  @Autowired WebChatReplySink sink;
  @Autowired WebChatTestApplication.SwitchableStore store;

  @Test
  void chatsFromTheDemoPageToAnAgentAndBack() throws Exception {
    WebDriver driver = browser.driver();
    freshPage();
    WebElement bubble = browser.waitFor(By.cssSelector("button.t0-bubble"));
    assertThat(bubble.getAttribute("aria-expanded")).isEqualTo("false");
    bubble.click();
    WebElement input = browser.waitFor(By.id("t0-input"));
    assertThat(driver.switchTo().activeElement()).isEqualTo(input);
    WebElement log = driver.findElement(By.cssSelector("[role=log]"));
    assertThat(log.getAttribute("aria-live")).isEqualTo("polite");
    assertThat(
            driver.findElement(By.cssSelector("label[for=t0-input]")).getAttribute("textContent"))
        .contains("Message to IT Help");

    // A knowledge-base answer: an article card with its link, then "did that fix it?".
    webChat.type("I forgot my password");
    WebElement card = browser.waitFor(By.cssSelector(".t0-article"));
    assertThat(card.getText()).contains("Reset your password with the self-service portal");
    assertThat(card.findElement(By.cssSelector("a")).getAttribute("href"))
        .isEqualTo("https://kb.example.com/KB-012");
    WebElement no =
        browser.waitFor(By.xpath("//button[contains(@class,'t0-option')][.='No, still broken']"));

    // A choice: its label becomes the user's line, its value goes to the server.
    no.click();
    browser.waitUntil(() -> userLines().contains("No, still broken"));
    browser.waitFor(By.xpath("//p[contains(.,'Shall I pass it to the IT team?')]"));

    // Asking for a person hands off, with the ticket visible.
    webChat.type("I want to talk to a person");
    WebElement ticket = browser.waitFor(By.cssSelector(".t0-handoff .t0-ticket"));
    assertThat(ticket.getText()).matches("Ticket INC-\\d{4}-\\d{6}.*");
    String conversationId =
        (String)
            ((JavascriptExecutor) driver)
                .executeScript(
                    "return localStorage.getItem('tier0.webchat.conversation@' + location.origin);");
    assertThat(conversationId).isNotBlank();

    // An agent answers: the reply arrives live over the event stream, labelled as the agent.
    browser.waitUntil(() -> sink.openStreams(conversationId) > 0);
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
    WebElement agent = browser.waitFor(By.cssSelector(".t0-from-agent"));
    assertThat(agent.getText()).contains("Agent").contains("Hi, Sam from IT here.");

    // Hostile text stays text.
    String hostile = "<img src=x onerror=alert(1)>";
    webChat.type(hostile);
    browser.waitUntil(() -> userLines().contains(hostile));
    assertThat(log.findElements(By.tagName("img"))).isEmpty();
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

    // Reload: the same conversation comes back from the server.
    driver.navigate().refresh();
    webChat.open();
    browser.waitUntil(() -> userLines().contains("I forgot my password"));
    WebElement reloaded = driver.findElement(By.cssSelector("[role=log]"));
    assertThat(reloaded.getText())
        .contains("Hi, Sam from IT here.")
        .contains(hostile)
        .containsPattern("INC-\\d{4}-\\d{6}");
    assertThat(reloaded.findElements(By.cssSelector(".t0-from-agent"))).hasSize(1);
    assertThat(reloaded.findElements(By.tagName("img"))).isEmpty();
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

    assertThat(browser.consoleErrors()).noneMatch(m -> m.contains("Content Security Policy"));

    // Escape closes the panel and gives focus back to the bubble.
    driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    browser.waitUntil(() -> !driver.findElement(By.id("t0-panel")).isDisplayed());
    assertThat(driver.switchTo().activeElement().getAttribute("class")).contains("t0-bubble");
  }

  @Test
  void restoresThePendingButtonsAfterAReload() {
    WebDriver driver = browser.driver();
    freshPage();
    webChat.open();
    browser.waitFor(By.id("t0-input"));
    webChat.type("my vpn is broken");
    browser.waitFor(By.cssSelector(".t0-article"));
    driver.navigate().refresh();
    webChat.open();
    WebElement yes =
        browser.waitFor(By.xpath("//button[contains(@class,'t0-option')][.='Yes, that fixed it']"));
    yes.click();
    browser.waitFor(By.xpath("//p[contains(.,'glad that fixed it')]"));
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
    browser.waitFor(By.cssSelector("button.t0-bubble"));
    browser.consoleErrors();
    ((JavascriptExecutor) browser.driver())
        .executeScript("document.body.setAttribute('style', 'background: red');");
    browser.waitUntil(() ->
        browser.consoleErrors().stream().anyMatch(m -> m.contains("Content Security Policy")));
  }

  /** The demo page as a first-time visitor sees it. */
  private void freshPage() {
    WebDriver driver = browser.driver();
    driver.get(url("/"));
    ((JavascriptExecutor) driver).executeScript("localStorage.clear();");
    driver.navigate().refresh();
  }

  private List<String> userLines() {
    return browser.driver().findElements(By.cssSelector(".t0-from-user .t0-text")).stream()
        .map(e -> e.getAttribute("textContent"))
        .toList();
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}

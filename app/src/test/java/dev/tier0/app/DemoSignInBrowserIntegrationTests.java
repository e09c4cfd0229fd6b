package dev.tier0.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.connector.webchat.browser.HeadlessChromium;
import dev.tier0.connector.webchat.browser.WebChatWidget;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The demo page in a real headless Chromium, under its strict Content-Security-Policy: a visitor
 * signs in as a demo user, asks the widget for a password reset, reads the code in the demo mailbox
 * shown on the page, types it, and gets the temporary password by mail, not in the chat. Skipped
 * where Chromium and its driver are not installed.
 */
class DemoSignInBrowserIntegrationTests extends AppIntegrationTestSupport {

  @RegisterExtension static final HeadlessChromium browser = new HeadlessChromium(1400, 1000);

  private final WebChatWidget webChat = new WebChatWidget(browser);

  @Test
  void aVisitorSignsInAsADemoUserAndResetsThePasswordWithTheCodeFromTheDemoMailbox() {
    WebDriver driver = browser.driver();
    driver.get(url("/"));
    browser.waitFor(By.xpath("//button[text()='Sign in as Grace Hopper']")).click();
    browser.waitUntil(
        () -> driver.findElement(By.id("demo-status")).getText().contains("Signed in as"));

    // Grace's inbox may hold older codes: only a code that was not there before counts.
    browser.waitFor(By.cssSelector("#demo-mails li"));
    String before = driver.findElement(By.id("demo-mails")).getText();
    webChat.open();
    webChat.type("I forgot my password");
    browser.waitUntil(() -> chat().contains("I've sent a 6-digit code to g***@example.com"));

    // The mailbox on the page is re-read on each click, until the mail is there.
    Pattern pattern = Pattern.compile("code is (\\d{6})");
    String[] code = new String[1];
    browser.waitUntil(() -> {
      driver.findElement(By.id("demo-refresh")).click();
      Matcher m = pattern.matcher(driver.findElement(By.id("demo-mails")).getText());
      code[0] = m.find() && !before.contains(m.group()) ? m.group(1) : null;
      return code[0] != null;
    });
    webChat.type(code[0]);
    browser.waitUntil(() -> chat().contains("I've sent a temporary password"));

    assertThat(browser.consoleErrors())
        .noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused to"));
  }

  private static String chat() {
    return browser.driver().findElement(By.cssSelector(".t0-panel")).getText();
  }
}

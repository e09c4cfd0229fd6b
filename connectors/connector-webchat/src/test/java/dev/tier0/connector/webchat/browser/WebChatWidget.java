package dev.tier0.connector.webchat.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The web chat widget on the page the browser shows, as the browser tests use it: open the panel,
 * send a line as the user would.
 */
public final class WebChatWidget {

  private final HeadlessChromium browser;

  /** The widget in the current window of {@code browser}. */
  public WebChatWidget(HeadlessChromium browser) {
    this.browser = browser;
  }

  /** Waits for the chat bubble and clicks it, which opens the panel. */
  public void open() {
    browser.waitFor(By.cssSelector("button.t0-bubble")).click();
  }

  /** Types {@code text} into the message field, once it is shown, and presses Enter. */
  public void type(String text) {
    WebElement input = browser.waitFor(By.id("t0-input"));
    input.sendKeys(text);
    input.sendKeys(Keys.ENTER);
  }
}

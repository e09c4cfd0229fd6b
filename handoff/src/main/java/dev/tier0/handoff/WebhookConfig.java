package dev.tier0.handoff;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Set;

/**
 * Where and how ticket events are POSTed. Invalid settings fail at start-up with a message that
 * names the setting, never at the first event.
 *
 * @param url an absolute http or https URL
 * @param secret the HMAC-SHA256 key shared with the receiver (at least 16 characters)
 * @param events the event types to send, e.g. {@link TicketEvent#CREATED}
 * @param maxAttempts how often one event is tried before it is given up (1..20)
 * @param initialBackoff the pause before the first retry; each further retry doubles it
 * @param timeout how long one attempt may take
 */
public record WebhookConfig(
    URI url,
    String secret,
    Set<String> events,
    int maxAttempts,
    Duration initialBackoff,
    Duration timeout) {

  /** The events sent by default: created, claimed, resolved. */
  public static final Set<String> DEFAULT_EVENTS =
      Set.of(TicketEvent.CREATED, TicketEvent.CLAIMED, TicketEvent.RESOLVED);

  public WebhookConfig {
    if (url == null
        || !url.isAbsolute()
        || url.getHost() == null
        || !("http".equalsIgnoreCase(url.getScheme())
            || "https".equalsIgnoreCase(url.getScheme()))) {
      throw new IllegalArgumentException(
          "helpdesk.webhook.url must be an absolute http or https URL (got " + url + ")");
    }
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException(
          "helpdesk.webhook.secret is empty: set the HMAC secret shared with the receiver");
    }
    if (secret.length() < 16) {
      throw new IllegalArgumentException(
          "helpdesk.webhook.secret is too short: use at least 16 characters");
    }
    events = events == null || events.isEmpty() ? DEFAULT_EVENTS : Set.copyOf(events);
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException(
          "helpdesk.webhook.max-attempts must be between 1 and 20 (got " + maxAttempts + ")");
    }
    if (initialBackoff == null || initialBackoff.isNegative()) {
      throw new IllegalArgumentException("helpdesk.webhook.initial-backoff must not be negative");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("helpdesk.webhook.timeout must be positive");
    }
  }

  /**
   * A configuration from its text settings with the defaults: the default events, 6 attempts, 1 s
   * first back-off, 10 s timeout.
   *
   * @throws IllegalArgumentException when the URL or the secret is unusable
   */
  public static WebhookConfig of(String url, String secret) {
    URI uri;
    try {
      uri = url == null ? null : new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "helpdesk.webhook.url is not a valid URL (" + e.getMessage() + ")", e);
    }
    return new WebhookConfig(
        uri, secret, DEFAULT_EVENTS, 6, Duration.ofSeconds(1), Duration.ofSeconds(10));
  }
}

package dev.tier0.handoff;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs ticket events as JSON to an outside system (ServiceNow, Jira, Zendesk through their inbound
 * automation). Each request carries {@code X-Helpdesk-Signature: sha256=<hex>}, the HMAC-SHA256 of
 * the raw body with the shared secret, and {@code X-Helpdesk-Timestamp} (epoch seconds; the body's
 * {@code at} repeats it under the signature). Failures (connection errors, 408, 429, 5xx) are
 * retried with exponential back-off; other 4xx are the receiver's verdict and are not retried.
 *
 * <p>{@link #publish} never blocks and never throws: delivery runs on the HTTP client's threads.
 */
public final class WebhookNotifier implements TicketEvents, AutoCloseable {

  public static final String SIGNATURE_HEADER = "X-Helpdesk-Signature";
  public static final String TIMESTAMP_HEADER = "X-Helpdesk-Timestamp";
  public static final String EVENT_HEADER = "X-Helpdesk-Event";

  private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);

  private final WebhookConfig config;
  private final Clock clock;
  private final HttpClient http;
  private final ScheduledExecutorService retries;

  public WebhookNotifier(WebhookConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    this.retries =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "helpdesk-webhook-retry");
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public void publish(TicketEvent event) {
    if (!config.events().contains(event.type())) {
      return;
    }
    try {
      byte[] body = HandoffJson.write(event).getBytes(StandardCharsets.UTF_8);
      attempt(event, body, 1);
    } catch (RuntimeException e) {
      log.warn("Webhook could not send {} of {}: {}", event.type(), event.ticketId(), e.toString());
    }
  }

  /** The signature header value of a body: {@code sha256=<lower-case hex>}. */
  public static String sign(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private void attempt(TicketEvent event, byte[] body, int attempt) {
    HttpRequest request =
        HttpRequest.newBuilder(config.url())
            .timeout(config.timeout())
            .header("Content-Type", "application/json")
            .header(SIGNATURE_HEADER, sign(body, config.secret()))
            .header(TIMESTAMP_HEADER, Long.toString(clock.instant().getEpochSecond()))
            .header(EVENT_HEADER, event.type())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete((response, error) -> {
          int status = response == null ? -1 : response.statusCode();
          if (error == null && status >= 200 && status < 300) {
            return;
          }
          boolean retryable = error != null || status == 408 || status == 429 || status >= 500;
          String why = error != null ? error.toString() : "HTTP " + status;
          if (!retryable || attempt >= config.maxAttempts()) {
            log.warn(
                "Webhook gave up on {} of {} after {} attempt(s): {}",
                event.type(),
                event.ticketId(),
                attempt,
                why);
            return;
          }
          Duration pause = config.initialBackoff().multipliedBy(1L << (attempt - 1));
          log.info(
              "Webhook retries {} of {} in {}: {}", event.type(), event.ticketId(), pause, why);
          retries.schedule(
              () -> attempt(event, body, attempt + 1), pause.toMillis(), TimeUnit.MILLISECONDS);
        });
  }

  @Override
  public void close() {
    retries.shutdownNow();
    http.close();
  }
}

package dev.tier0.connector.teams;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends activities to a conversation through the Bot Connector REST API ({@code POST
 * {serviceUrl}/v3/conversations/{id}/activities[/{replyToId}]}).
 *
 * <p>Sending a message is not idempotent, so a send is repeated only when the service surely did
 * not process it: 429 (after its {@code Retry-After}, or a short backoff), 503 with {@code
 * Retry-After}, 401 once with a fresh token, and a connection that was never established. Any other
 * failure (a timeout, a 500, a reset connection) might have delivered the message and is logged,
 * not repeated: a lost reply is better than a doubled one.
 *
 * <p>Thread-safe. Blocks the calling thread while it waits; callers run it off request threads.
 */
final class ConnectorClient {

  private static final Logger log = LoggerFactory.getLogger(ConnectorClient.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

  private final TeamsProperties settings;
  private final AccessTokens tokens;
  private final HttpClient http;
  private final JsonMapper json;
  private final Clock clock;

  ConnectorClient(
      TeamsProperties settings,
      AccessTokens tokens,
      HttpClient http,
      JsonMapper json,
      Clock clock) {
    this.settings = settings;
    this.tokens = tokens;
    this.http = http;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Sends one activity. Returns true when the connector accepted it; never throws for a failed
   * delivery (it is logged).
   */
  boolean send(String serviceUrl, String conversationId, String replyToId, Activity activity) {
    URI uri = activitiesUri(serviceUrl, conversationId, replyToId);
    byte[] body = json.writeValueAsBytes(activity);
    boolean refreshedToken = false;
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      Optional<Duration> retryIn;
      try {
        HttpRequest request =
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + tokens.token())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return true;
        }
        if (status == 401 && !refreshedToken) {
          // refused before processing: a token revoked or rotated early; one more try
          tokens.invalidate();
          refreshedToken = true;
          retryIn = Optional.of(Duration.ZERO);
        } else if (status == 429) {
          retryIn = Optional.of(retryAfter(response).orElse(backoff));
        } else if (status == 503) {
          retryIn = retryAfter(response);
        } else {
          retryIn = Optional.empty();
        }
        if (retryIn.isEmpty()) {
          log.warn("The Bot Connector refused a reply with {}; not repeating it", status);
          return false;
        }
      } catch (ConnectException | HttpConnectTimeoutException e) {
        // the connection never opened, so nothing was sent
        retryIn = Optional.of(backoff);
      } catch (IOException e) {
        log.warn(
            "A reply may or may not have reached the Bot Connector ({}); not repeating it",
            e.toString());
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (RuntimeException e) {
        log.warn("Could not send a reply to the Bot Connector: {}", e.toString());
        return false;
      }
      if (attempt >= settings.maxAttempts()) {
        log.warn("Gave up on a reply after {} attempts", attempt);
        return false;
      }
      Duration wait = retryIn.get();
      if (wait.compareTo(settings.maxRetryAfter()) > 0) {
        log.warn("The Bot Connector asks to wait {}, longer than allowed; dropping a reply", wait);
        return false;
      }
      if (!pause(wait)) {
        return false;
      }
      backoff = backoff.multipliedBy(2);
    }
  }

  /** The {@code Retry-After} of a response, in seconds or as an HTTP date. */
  Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().strip();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException ignored) {
        return Optional.empty();
      }
    }
  }

  private static boolean pause(Duration wait) {
    try {
      Thread.sleep(wait);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static URI activitiesUri(String serviceUrl, String conversationId, String replyToId) {
    String base = serviceUrl.strip();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String path = base + "/v3/conversations/" + segment(conversationId) + "/activities";
    if (replyToId != null && !replyToId.isBlank()) {
      path += "/" + segment(replyToId);
    }
    return URI.create(path);
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

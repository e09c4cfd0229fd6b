package dev.tier0.connector.teams;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bearer tokens for calls to the Bot Connector, from the OAuth 2.0 client-credentials flow of the
 * Microsoft identity platform. A token is reused until shortly before it expires.
 *
 * <p>Thread-safe: concurrent callers share one token request.
 */
final class AccessTokens {

  /** Tokens are renewed this long before they expire, so none expires in flight. */
  private static final Duration MARGIN = Duration.ofMinutes(5);

  private final TeamsProperties settings;
  private final HttpClient http;
  private final JsonMapper json;
  private final Clock clock;
  private String token;
  private Instant renewAt = Instant.MIN;

  AccessTokens(TeamsProperties settings, HttpClient http, JsonMapper json, Clock clock) {
    this.settings = settings;
    this.http = http;
    this.json = json;
    this.clock = clock;
  }

  /** A valid access token, fetched when none is cached or it is about to expire. */
  synchronized String token() throws IOException, InterruptedException {
    Instant now = clock.instant();
    if (token != null && now.isBefore(renewAt)) {
      return token;
    }
    String form =
        "grant_type=client_credentials"
            + "&client_id="
            + encode(settings.appId())
            + "&client_secret="
            + encode(settings.appPassword())
            + "&scope="
            + encode(settings.tokenScope());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(settings.effectiveTokenUrl()))
            .timeout(Duration.ofSeconds(15))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("The token endpoint answered " + response.statusCode());
    }
    JsonNode body = json.readTree(response.body());
    String accessToken = body.path("access_token").asString("");
    if (accessToken.isBlank()) {
      throw new IOException("The token endpoint returned no access_token");
    }
    long expiresIn = body.path("expires_in").asLong(3600);
    token = accessToken;
    Duration lifetime = Duration.ofSeconds(Math.max(0, expiresIn));
    renewAt =
        now.plus(
            lifetime.compareTo(MARGIN.multipliedBy(2)) > 0
                ? lifetime.minus(MARGIN)
                : lifetime.dividedBy(2));
    return token;
  }

  /** Forgets the cached token, e.g. after the connector refused it. */
  synchronized void invalidate() {
    token = null;
    renewAt = Instant.MIN;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
  }
}

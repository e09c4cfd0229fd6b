package dev.tier0.connector.teams;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Bot Connector's signing keys with their channel endorsements, read from the OpenID metadata
 * document's {@code jwks_uri}. Keys are cached and fetched again periodically and when a token
 * names a key id not seen yet (keys rotate), but not more often than a minimum interval.
 *
 * <p>Thread-safe. When the endpoints cannot be reached the keys already known stay in use.
 */
final class SigningKeys {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** A signing key and the channels it may vouch for. */
  record SigningKey(RSAKey key, Set<String> endorsements) {}

  private final TeamsProperties settings;
  private final HttpClient http;
  private final JsonMapper json;
  private final Clock clock;
  private volatile Map<String, SigningKey> keys = Map.of();
  private volatile Set<String> algorithms = Set.of();
  private volatile Instant fetchedAt = Instant.MIN;
  private volatile Instant attemptedAt = Instant.MIN;

  SigningKeys(TeamsProperties settings, HttpClient http, JsonMapper json, Clock clock) {
    this.settings = settings;
    this.http = http;
    this.json = json;
    this.clock = clock;
  }

  /** The key with this id, fetching the keys again when they are stale or the id is new. */
  Optional<SigningKey> find(String keyId) {
    Instant now = clock.instant();
    if (now.isAfter(fetchedAt.plus(settings.keysRefreshInterval()))) {
      refresh(now, false);
    }
    SigningKey key = keys.get(keyId);
    if (key == null && refresh(now, true)) {
      key = keys.get(keyId);
    }
    return Optional.ofNullable(key);
  }

  /**
   * The algorithms the metadata allows for signatures ({@code
   * id_token_signing_alg_values_supported}), empty when it does not say.
   */
  Set<String> algorithms() {
    return algorithms;
  }

  private synchronized boolean refresh(Instant now, boolean becauseUnknown) {
    // also spaces out retries while the endpoints are down
    if (attemptedAt.plus(settings.keysMinRefreshInterval()).isAfter(now)
        || (!becauseUnknown && !now.isAfter(fetchedAt.plus(settings.keysRefreshInterval())))) {
      return false;
    }
    attemptedAt = now;
    try {
      JsonNode metadata = get(settings.openidMetadataUrl());
      String jwksUri = metadata.path("jwks_uri").asString("");
      if (jwksUri.isBlank()) {
        log.warn("The OpenID metadata at {} names no jwks_uri", settings.openidMetadataUrl());
        return false;
      }
      Set<String> algs = new LinkedHashSet<>();
      metadata.path("id_token_signing_alg_values_supported").forEach(a -> algs.add(a.asString()));
      Map<String, SigningKey> fresh = new HashMap<>();
      for (JsonNode node : get(jwksUri).path("keys")) {
        parse(node).ifPresent(k -> fresh.put(k.key().getKeyID(), k));
      }
      keys = Map.copyOf(fresh);
      algorithms = Set.copyOf(algs);
      fetchedAt = now;
      log.debug("Fetched {} Bot Connector signing keys", fresh.size());
      return true;
    } catch (IOException | RuntimeException e) {
      log.warn("Could not fetch the Bot Connector signing keys: {}", e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private Optional<SigningKey> parse(JsonNode node) {
    try {
      Map<String, Object> members = json.convertValue(node, Map.class);
      // nimbus keeps only the members it knows: endorsements are read from the raw JSON
      JWK jwk = JWK.parse(members);
      if (!(jwk instanceof RSAKey rsa) || rsa.getKeyID() == null) {
        return Optional.empty();
      }
      Set<String> endorsements = new LinkedHashSet<>();
      node.path("endorsements").forEach(e -> endorsements.add(e.asString()));
      return Optional.of(new SigningKey(rsa, Set.copyOf(endorsements)));
    } catch (java.text.ParseException | IllegalArgumentException | JacksonException e) {
      log.debug("Skipped a signing key that does not parse: {}", e.toString());
      return Optional.empty();
    }
  }

  private JsonNode get(String url) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + url + " answered " + response.statusCode());
    }
    return json.readTree(response.body());
  }

  /** For tests and diagnostics: the ids of the keys known now. */
  List<String> knownKeyIds() {
    return List.copyOf(keys.keySet());
  }
}

package dev.tier0.connector.teams;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A loopback stand-in for the Microsoft side of the Bot Framework: the OpenID metadata and signing
 * keys (with endorsements), the identity platform's token endpoint, and the Bot Connector service
 * that records the activities the bot sends.
 */
final class FakeBotFramework implements AutoCloseable {

  static final String APP_ID = "00000000-1111-2222-3333-444444444444";
  static final String APP_PASSWORD = "test-secret";
  static final String ACCESS_TOKEN = "access-token-from-fake";

  /** An activity the bot posted: where to, with which credentials, what. */
  record Posted(String path, String authorization, JsonNode body) {}

  /** A canned answer for the next post to the connector. */
  record Scripted(int status, String retryAfter) {}

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpServer server;
  final RSAKey trusted;
  final RSAKey webchatOnly;
  final RSAKey rotated;
  private final List<Map<String, Object>> published = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Posted> delivered = new LinkedBlockingQueue<>();
  private final Queue<Scripted> script = new ConcurrentLinkedQueue<>();
  final AtomicInteger attempts = new AtomicInteger();
  final AtomicInteger tokenRequests = new AtomicInteger();
  final AtomicInteger keyRequests = new AtomicInteger();
  final List<String> tokenForms = new CopyOnWriteArrayList<>();

  FakeBotFramework() {
    try {
      trusted = new RSAKeyGenerator(2048).keyID("trusted").generate();
      webchatOnly = new RSAKeyGenerator(2048).keyID("webchat-only").generate();
      rotated = new RSAKeyGenerator(2048).keyID("rotated").generate();
      publish(trusted, "msteams", "webchat");
      publish(webchatOnly, "webchat");
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/.well-known/openidconfiguration", this::metadata);
    server.createContext("/v1/.well-known/keys", this::keys);
    server.createContext("/oauth2/token", this::token);
    server.createContext("/v3/conversations/", this::activity);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  /** Makes a key part of the published key set, endorsed for these channels. */
  void publish(RSAKey key, String... endorsements) {
    Map<String, Object> jwk = new java.util.LinkedHashMap<>(key.toPublicJWK().toJSONObject());
    jwk.put("endorsements", List.of(endorsements));
    published.add(jwk);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String metadataUrl() {
    return baseUrl() + "/v1/.well-known/openidconfiguration";
  }

  String tokenUrl() {
    return baseUrl() + "/oauth2/token";
  }

  /** The service URL activities claim to come from (the fake connector). */
  String serviceUrl() {
    return baseUrl() + "/";
  }

  /** The next posts to the connector get these answers, in order. */
  void script(Scripted... answers) {
    script.addAll(List.of(answers));
  }

  /** The next activity the connector accepted, or null after the timeout. */
  Posted nextDelivered(Duration timeout) throws InterruptedException {
    return delivered.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Everything accepted so far that was not taken yet. */
  List<Posted> drain() {
    List<Posted> out = new ArrayList<>();
    delivered.drainTo(out);
    return out;
  }

  void reset() {
    delivered.clear();
    script.clear();
    attempts.set(0);
  }

  /** A token as the Bot Connector would send it, changed by the tweak. */
  String token(RSAKey key, Consumer<JWTClaimsSet.Builder> tweak) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer("https://api.botframework.com")
            .audience(APP_ID)
            .notBeforeTime(Date.from(now.minusSeconds(60)))
            .expirationTime(Date.from(now.plusSeconds(3600)))
            .claim("serviceurl", serviceUrl());
    tweak.accept(claims);
    return sign(key, claims.build());
  }

  String token() {
    return token(trusted, c -> {});
  }

  static String sign(RSAKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(key.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private void metadata(HttpExchange exchange) throws IOException {
    respond(
        exchange,
        200,
        Map.of(
            "issuer",
            "https://api.botframework.com",
            "jwks_uri",
            baseUrl() + "/v1/.well-known/keys",
            "id_token_signing_alg_values_supported",
            List.of("RS256")),
        null);
  }

  private void keys(HttpExchange exchange) throws IOException {
    keyRequests.incrementAndGet();
    respond(exchange, 200, Map.of("keys", List.copyOf(published)), null);
  }

  private void token(HttpExchange exchange) throws IOException {
    tokenRequests.incrementAndGet();
    tokenForms.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    respond(
        exchange,
        200,
        Map.of("token_type", "Bearer", "expires_in", 3600, "access_token", ACCESS_TOKEN),
        null);
  }

  private void activity(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    attempts.incrementAndGet();
    Scripted next = script.poll();
    if (next != null) {
      respond(exchange, next.status(), Map.of("error", "scripted"), next.retryAfter());
      return;
    }
    delivered.add(
        new Posted(
            exchange.getRequestURI().getRawPath(),
            exchange.getRequestHeaders().getFirst("Authorization"),
            json.readTree(body)));
    respond(exchange, 201, Map.of("id", "sent-" + attempts.get()), null);
  }

  private void respond(HttpExchange exchange, int status, Object body, String retryAfter)
      throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    if (retryAfter != null) {
      exchange.getResponseHeaders().add("Retry-After", retryAfter);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

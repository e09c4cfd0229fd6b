package dev.tier0.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the end-to-end tests share: one data directory (so every test class that uses {@link
 * #PROPERTIES} shares one cached application context and one bundled Redis) and a small HTTP
 * client.
 */
final class AppTestSupport {

  static final Path DATA_DIR;

  static {
    try {
      DATA_DIR = Files.createTempDirectory("helpdesk-it-");
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  record Response(int status, JsonNode json, String body, java.net.http.HttpHeaders headers) {}

  private final String base;

  AppTestSupport(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  Response get(String path, String basicAuth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (basicAuth != null) {
      b.header("Authorization", basic(basicAuth));
    }
    return send(b.build());
  }

  Response post(String path, String json) throws Exception {
    return post(path, json, null, "application/json");
  }

  Response post(String path, String json, String basicAuth, String contentType) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (basicAuth != null) {
      b.header("Authorization", basic(basicAuth));
    }
    return send(b.build());
  }

  private static String basic(String userPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
  }

  private static Response send(HttpRequest request) throws Exception {
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode json = null;
    String ct = r.headers().firstValue("Content-Type").orElse("");
    if (ct.contains("json") && !r.body().isEmpty()) {
      json = JSON.readTree(r.body());
    }
    return new Response(r.statusCode(), json, r.body(), r.headers());
  }

  static String quote(String text) {
    return JSON.writeValueAsString(text);
  }
}

package dev.tier0.connector.slack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback stand-in for Slack's Web API: answers {@code auth.test}, {@code users.info}, {@code
 * chat.postMessage}, {@code chat.update} and {@code apps.connections.open} the way Slack does, and
 * records every call.
 */
final class FakeSlackWebApi implements AutoCloseable {
  static final String BOT_USER = "UBOT";

  /** One recorded call: the method and its form parameters. */
  record Call(String method, Map<String, String> params) {
    String param(String name) {
      return params.get(name);
    }
  }

  private final HttpServer server;
  private final Map<String, BlockingQueue<Call>> calls = new ConcurrentHashMap<>();
  private final AtomicLong ts = new AtomicLong(1_700_000_000_000100L);
  private final AtomicInteger openFailures = new AtomicInteger();
  private volatile String socketUrl;

  FakeSlackWebApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next call of this method, waiting at most five seconds. */
  Call await(String method) throws InterruptedException {
    Call call = queue(method).poll(5, TimeUnit.SECONDS);
    if (call == null) {
      throw new AssertionError("No " + method + " call within 5 s");
    }
    return call;
  }

  /** The next call of this method if one comes within the given time, else null. */
  Call poll(String method, Duration within) throws InterruptedException {
    return queue(method).poll(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The WebSocket URL that {@code apps.connections.open} hands out. */
  void socketUrl(String url) {
    socketUrl = url;
  }

  /** The next {@code times} calls of {@code apps.connections.open} answer {@code ok:false}. */
  void failConnectionsOpen(int times) {
    openFailures.set(times);
  }

  /** Forgets what was recorded. */
  void clear() {
    calls.clear();
  }

  private BlockingQueue<Call> queue(String method) {
    return calls.computeIfAbsent(method, k -> new LinkedBlockingQueue<>());
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestURI().getPath().substring("/api/".length());
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> params = form(body);
    String json =
        switch (method) {
          case "auth.test" ->
              "{\"ok\":true,\"url\":\"https://acme.slack.com/\",\"team\":\"Acme\",\"user\":\"helpdesk\","
                  + "\"team_id\":\"T1\",\"user_id\":\""
                  + BOT_USER
                  + "\",\"bot_id\":\"B1\"}";
          case "users.info" -> user(params.get("user"));
          case "apps.connections.open" ->
              socketUrl == null || openFailures.getAndDecrement() > 0
                  ? "{\"ok\":false,\"error\":\"internal_error\"}"
                  : "{\"ok\":true,\"url\":\"" + socketUrl + "\"}";
          case "chat.postMessage" -> {
            String next = String.valueOf(ts.incrementAndGet());
            String stamp = next.substring(0, 10) + "." + next.substring(10);
            params.put("ts", stamp);
            yield "{\"ok\":true,\"channel\":\""
                + params.getOrDefault("channel", "")
                + "\",\"ts\":\""
                + stamp
                + "\"}";
          }
          case "chat.update" ->
              "{\"ok\":true,\"channel\":\""
                  + params.getOrDefault("channel", "")
                  + "\",\"ts\":\""
                  + params.getOrDefault("ts", "")
                  + "\"}";
          default -> "{\"ok\":false,\"error\":\"unknown_method\"}";
        };
    queue(method).add(new Call(method, params));
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String user(String id) {
    if ("UAGENT".equals(id)) {
      return "{\"ok\":true,\"user\":{\"id\":\"UAGENT\",\"name\":\"grace\",\"real_name\":\"Grace Hopper\","
          + "\"profile\":{\"real_name\":\"Grace Hopper\",\"display_name\":\"grace\","
          + "\"email\":\"grace@example.com\"}}}";
    }
    return "{\"ok\":true,\"user\":{\"id\":\""
        + id
        + "\",\"name\":\"ada\",\"real_name\":\"Ada Lovelace\",\"is_bot\":false,"
        + "\"profile\":{\"real_name\":\"Ada Lovelace\",\"display_name\":\"ada\","
        + "\"email\":\"ada@example.com\"}}}";
  }

  private static Map<String, String> form(String body) {
    Map<String, String> params = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return params;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          // Gson writes &, <, > and = as JSON escapes: show them as Slack reads them
          URLDecoder.decode(value, StandardCharsets.UTF_8)
              .replace("\\u0026", "&")
              .replace("\\u003c", "<")
              .replace("\\u003e", ">")
              .replace("\\u003d", "=")
              .replace("\\u0027", "'"));
    }
    return params;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

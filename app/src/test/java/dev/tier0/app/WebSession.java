package dev.tier0.app;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser-like HTTP client for tests: keeps cookies, does not follow redirects. */
public final class WebSession {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern ME_TOKEN = Pattern.compile("\"csrfToken\":\"([^\"]+)\"");

  final String base;
  final HttpClient http;
  public String csrfToken;

  public WebSession(String base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** Signs in through the login form; returns the login POST's response. */
  public HttpResponse<String> login(String name, String password) throws Exception {
    HttpResponse<String> page = get("/login");
    Matcher m = CSRF.matcher(page.body());
    if (!m.find()) {
      throw new AssertionError("no CSRF field on the login page: " + page.body());
    }
    String form =
        "username="
            + enc(name)
            + "&password="
            + enc(password)
            + "&_csrf="
            + enc(m.group(1).replace("&#45;", "-"));
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    HttpResponse<String> me = get("/console/api/me");
    Matcher t = ME_TOKEN.matcher(me.body());
    csrfToken = t.find() ? t.group(1) : null;
    return response;
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public HttpResponse<String> getBasic(String path, String name, String password)
      throws IOException, InterruptedException {
    String auth =
        Base64.getEncoder()
            .encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Basic " + auth)
            .GET());
  }

  /** A JSON call with the session's CSRF token. */
  public HttpResponse<String> json(String method, String path, String body)
      throws IOException, InterruptedException {
    return jsonWithToken(method, path, body, csrfToken);
  }

  public HttpResponse<String> jsonWithToken(String method, String path, String body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("X-CSRF-TOKEN", token);
    }
    return send(b);
  }

  private HttpResponse<String> send(HttpRequest.Builder b)
      throws IOException, InterruptedException {
    return http.send(
        b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

package dev.tier0.app.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * The console's pages: static HTML with no inline script or style (the security chain sends a
 * strict Content-Security-Policy); the scripts load their data from {@code /console/api}. The login
 * page is the only one with a server-side value, the CSRF token, HTML-escaped.
 */
@Controller
class ConsolePageController {

  private final Map<String, String> pages = new ConcurrentHashMap<>();

  @GetMapping({"/console", "/console/"})
  ResponseEntity<String> console() {
    return html(page("console.html"));
  }

  @GetMapping({"/console/analytics", "/console/analytics/"})
  ResponseEntity<String> analytics() {
    return html(page("analytics.html"));
  }

  @GetMapping("/login")
  ResponseEntity<String> login(
      CsrfToken csrf,
      @RequestParam(name = "error", required = false) String error,
      @RequestParam(name = "logout", required = false) String logout) {
    String notice =
        error != null
            ? "<p class=\"notice error\" role=\"alert\">Wrong name or password.</p>"
            : logout != null ? "<p class=\"notice\" role=\"status\">You are signed out.</p>" : "";
    return html(
        page("login.html")
            .replace("{{csrfParameter}}", HtmlUtils.htmlEscape(csrf.getParameterName()))
            .replace("{{csrfToken}}", HtmlUtils.htmlEscape(csrf.getToken()))
            .replace("{{notice}}", notice));
  }

  private String page(String name) {
    return pages.computeIfAbsent(
        name,
        n -> {
          try (InputStream in = getClass().getResourceAsStream("/console/" + n)) {
            if (in == null) {
              throw new IllegalStateException("missing console page " + n);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static ResponseEntity<String> html(String body) {
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .cacheControl(CacheControl.noStore())
        .body(body);
  }
}

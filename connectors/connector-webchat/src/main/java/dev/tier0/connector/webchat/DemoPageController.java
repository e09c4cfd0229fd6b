package dev.tier0.connector.webchat;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The demo page at {@code /}: an intranet-like page that embeds the widget, served with a strict
 * Content-Security-Policy that proves the widget needs no inline script or style.
 */
@Controller
class DemoPageController {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self';"
          + " img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'self'";

  private final Resource page = new ClassPathResource("webchat/demo.html");

  @GetMapping({"/", "/index.html"})
  ResponseEntity<Resource> demo() {
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .cacheControl(CacheControl.noCache())
        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "same-origin")
        .body(page);
  }
}

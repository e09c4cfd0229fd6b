package dev.tier0.app.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells whoever started the server where to open it, once it really answers. */
@Component
class ReadyBanner {

  private static final Logger log = LoggerFactory.getLogger(ReadyBanner.class);

  @EventListener(ApplicationReadyEvent.class)
  void ready(ApplicationReadyEvent event) {
    if (event.getApplicationContext() instanceof WebServerApplicationContext web
        && web.getWebServer() != null) {
      int port = web.getWebServer().getPort();
      String base = "http://localhost:" + port;
      log.info(
          "\n\n  The help desk is ready: open {}/ and chat.\n  Agent console: {}/console    API: {}/api/v1\n",
          base,
          base,
          base);
    }
  }
}

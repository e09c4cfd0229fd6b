package dev.tier0.connector.slack;

import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Socket Mode: when an app token is set, events arrive over a WebSocket that the desk opens to
 * Slack, so no public URL is needed. Failing to connect is logged, never fatal.
 */
final class SlackSocketMode implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SlackSocketMode.class);

  private final SlackConnector connector;
  private final String appToken;
  private volatile SocketModeApp socket;

  SlackSocketMode(SlackConnector connector, String appToken) {
    this.connector = connector;
    this.appToken = appToken;
  }

  @Override
  public void start() {
    if (appToken == null) {
      return;
    }
    try {
      SocketModeApp s =
          new SocketModeApp(appToken, SocketModeClient.Backend.JavaWebSocket, connector.app());
      s.startAsync();
      socket = s;
      log.info("Slack Socket Mode connected");
    } catch (Exception | LinkageError e) {
      log.error(
          "Slack Socket Mode could not start ({}); the Events API endpoint still works.",
          e.toString());
    }
  }

  @Override
  public void stop() {
    SocketModeApp s = socket;
    socket = null;
    if (s != null) {
      try {
        s.close();
      } catch (Exception e) {
        log.debug("Socket Mode close: {}", e.toString());
      }
    }
  }

  @Override
  public boolean isRunning() {
    return socket != null;
  }
}

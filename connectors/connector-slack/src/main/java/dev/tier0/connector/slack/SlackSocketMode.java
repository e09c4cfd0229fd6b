package dev.tier0.connector.slack;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.slack.api.bolt.App;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.request.SocketModeRequest;
import com.slack.api.bolt.socket_mode.request.SocketModeRequestParser;
import com.slack.api.socket_mode.SocketModeClient;
import com.slack.api.socket_mode.impl.SocketModeClientJavaWSImpl;
import com.slack.api.socket_mode.queue.impl.ConcurrentLinkedMessageQueue;
import com.slack.api.socket_mode.response.AckResponse;
import com.slack.api.util.json.GsonFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Socket Mode: when an app token is set, events, slash commands and clicks arrive over a WebSocket
 * that the desk opens to Slack, so no public URL is needed. The same Bolt app as the Events API
 * handles them.
 *
 * <p>Bolt's own {@code SocketModeApp} is not used because it leaves an envelope unacknowledged when
 * its payload cannot be parsed (Slack then redelivers it), and its session monitor stops for good
 * the first time {@code apps.connections.open} answers {@code ok:false}. Here every envelope is
 * acknowledged, the connection is watched by a task that survives any failure, and a first
 * connection that cannot be opened is retried with a growing delay. Never fatal: failures are
 * logged and the Events API keeps working.
 */
final class SlackSocketMode implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SlackSocketMode.class);

  /** Envelopes are only parsed and acknowledged on these threads; the work runs on the workers. */
  private static final int MESSAGE_THREADS = 2;

  private static final Duration MAX_RETRY = Duration.ofMinutes(5);

  private final App app;
  private final String appToken;
  private final Duration firstRetry;
  private final Duration checkEvery;
  private final SocketModeRequestParser parser;
  private final Gson gson;
  private volatile ScheduledExecutorService keeper;
  private volatile SocketModeClient client;
  private volatile boolean running;

  /**
   * @param appToken the {@code xapp-} token, or null for no Socket Mode
   * @param firstRetry how long to wait before trying again when the first connection fails
   * @param checkEvery how often the open connection is checked (ping) and replaced when dead
   */
  SlackSocketMode(App app, String appToken, Duration firstRetry, Duration checkEvery) {
    this.app = app;
    this.appToken = appToken;
    this.firstRetry = firstRetry;
    this.checkEvery = checkEvery;
    this.parser = new SocketModeRequestParser(app.config());
    this.gson = GsonFactory.createSnakeCase(app.slack().getConfig());
  }

  @Override
  public synchronized void start() {
    if (appToken == null || running) {
      return;
    }
    running = true;
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "slack-socket-mode");
          t.setDaemon(true);
          return t;
        });
    keeper = executor;
    executor.execute(() -> open(firstRetry));
  }

  @Override
  public synchronized void stop() {
    running = false;
    ScheduledExecutorService executor = keeper;
    keeper = null;
    if (executor != null) {
      executor.shutdownNow();
    }
    SocketModeClient c = client;
    client = null;
    if (c != null) {
      try {
        c.close();
      } catch (IOException | RuntimeException e) {
        log.debug("Socket Mode close: {}", e.toString());
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** True once a connection has been opened (it may be reconnecting). */
  boolean connected() {
    return client != null;
  }

  private void open(Duration retry) {
    if (!running) {
      return;
    }
    ScheduledExecutorService executor = keeper;
    SocketModeClient c = null;
    try {
      String url = app.slack().issueSocketModeUrl(appToken);
      c =
          new SocketModeClientJavaWSImpl(
              app.slack(),
              appToken,
              url,
              MESSAGE_THREADS,
              new ConcurrentLinkedMessageQueue(),
              true,
              // the desk watches the session itself (see check())
              false,
              SocketModeClient.DEFAULT_SESSION_MONITOR_INTERVAL_MILLISECONDS);
      SocketModeClient opened = c;
      c.addWebSocketMessageListener(message -> onMessage(opened, message));
      client = c;
      c.connect();
      if (!running) {
        // stopped while connecting
        client = null;
        closeQuietly(c);
        return;
      }
      log.info("Slack Socket Mode is connecting");
      long every = Math.max(1, checkEvery.toMillis());
      executor.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    } catch (Exception | LinkageError e) {
      client = null;
      closeQuietly(c);
      Duration doubled = retry.multipliedBy(2);
      Duration next = doubled.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : doubled;
      log.warn(
          "Slack Socket Mode could not connect ({}); trying again in {}. The Events API endpoint"
              + " still works.",
          e.toString(),
          retry);
      schedule(() -> open(next), retry);
    }
  }

  /** Replaces a dead connection with a new one from {@code apps.connections.open}. */
  private void check() {
    SocketModeClient c = client;
    if (!running || c == null || !c.isAutoReconnectEnabled()) {
      return;
    }
    try {
      c.maintainCurrentSession();
    } catch (RuntimeException e) {
      // e.g. apps.connections.open answered ok:false: try again at the next check
      log.warn("Slack Socket Mode could not reconnect: {}", e.toString());
    }
  }

  /**
   * One message from Slack. Envelopes are acknowledged whatever happens to them: a payload that
   * cannot be read is dropped (a redelivery would fail the same way), and the work of a good one
   * runs on the connector's workers after the acknowledgement.
   */
  void onMessage(SocketModeClient c, String message) {
    String envelopeId = envelopeId(message);
    if (envelopeId == null) {
      // hello, and anything else that needs no answer
      return;
    }
    Response response = null;
    try {
      SocketModeRequest request = parser.parse(message);
      if (request != null && request.getBoltRequest() != null) {
        response = app.run(request.getBoltRequest());
      }
    } catch (Exception | StackOverflowError e) {
      log.warn("Slack Socket Mode envelope {} ignored: {}", envelopeId, e.toString());
    }
    acknowledge(c, envelopeId, response);
  }

  private void acknowledge(SocketModeClient c, String envelopeId, Response response) {
    String ack;
    if (response != null && response.getStatusCode() == 200 && response.getBody() != null) {
      // an answer in the acknowledgement (e.g. a slash command's immediate text), as Bolt does
      Map<String, Object> withPayload = new LinkedHashMap<>();
      withPayload.put("envelope_id", envelopeId);
      String type = response.getContentType();
      if (type != null && type.startsWith("application/json")) {
        withPayload.put("payload", gson.fromJson(response.getBody(), JsonElement.class));
      } else {
        withPayload.put("payload", Map.of("text", response.getBody()));
      }
      ack = gson.toJson(withPayload);
    } else {
      ack = gson.toJson(new AckResponse(envelopeId));
    }
    try {
      c.sendSocketModeResponse(ack);
    } catch (RuntimeException e) {
      // the connection went away: Slack redelivers the envelope on the next one
      log.warn("Could not acknowledge Slack envelope {}: {}", envelopeId, e.toString());
    }
  }

  /** The envelope id of a Socket Mode message, or null when it has none. */
  static String envelopeId(String message) {
    try {
      JsonElement json = JsonParser.parseString(message);
      if (!json.isJsonObject()) {
        return null;
      }
      JsonElement id = json.getAsJsonObject().get("envelope_id");
      if (id == null || !id.isJsonPrimitive() || !id.getAsJsonPrimitive().isString()) {
        return null;
      }
      String s = id.getAsString();
      return s.isBlank() || s.length() > 200 ? null : s;
    } catch (RuntimeException | StackOverflowError e) {
      return null;
    }
  }

  private void schedule(Runnable task, Duration delay) {
    ScheduledExecutorService executor = keeper;
    if (executor == null || !running) {
      return;
    }
    try {
      executor.schedule(task, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      log.debug("Socket Mode retry not scheduled: {}", e.toString());
    }
  }

  private static void closeQuietly(SocketModeClient c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException | RuntimeException e) {
        log.debug("Socket Mode close: {}", e.toString());
      }
    }
  }
}

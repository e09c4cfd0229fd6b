package dev.tier0.connector.slack;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A loopback stand-in for Slack's Socket Mode server: greets each new connection with {@code
 * hello}, sends envelopes to the newest connection and records the acknowledgements it gets back.
 */
final class FakeSocketModeServer extends WebSocketServer implements AutoCloseable {
  private static final String HELLO =
      "{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"applink-test\","
          + "\"build_number\":10,\"approximate_connection_time\":18060},"
          + "\"connection_info\":{\"app_id\":\"A1\"}}";

  private static final Duration WAIT = Duration.ofSeconds(5);

  private final CountDownLatch started = new CountDownLatch(1);
  // guarded by this; every change wakes the waiters
  private final Set<WebSocket> closed = new HashSet<>();
  private final Set<String> acked = new HashSet<>();
  private int connections;
  private WebSocket newest;

  FakeSocketModeServer() {
    super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    setReuseAddr(true);
    setDaemon(true);
    start();
    try {
      if (!started.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("The fake Socket Mode server did not start");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The URL {@code apps.connections.open} hands out. */
  String url() {
    return "ws://127.0.0.1:" + getPort() + "/link/?ticket=test-ticket&app_id=A1";
  }

  /** How many connections were opened so far. */
  synchronized int connections() {
    return connections;
  }

  /**
   * Waits at most five seconds until at least {@code n} connections were opened and the newest is
   * open; returns it.
   */
  synchronized WebSocket awaitConnection(int n) throws InterruptedException {
    if (!await(() -> connections >= n && newest != null && newest.isOpen(), WAIT)) {
      throw new AssertionError("Connection " + n + " not open within " + WAIT);
    }
    return newest;
  }

  /** True when the connection was closed within five seconds. */
  synchronized boolean awaitClosed(WebSocket connection) throws InterruptedException {
    return await(() -> closed.contains(connection), WAIT);
  }

  /** Sends a message on the newest open connection. */
  void send(String message) {
    WebSocket ws;
    synchronized (this) {
      ws = newest;
    }
    if (ws == null || !ws.isOpen()) {
      throw new AssertionError("No open Socket Mode connection");
    }
    ws.send(message);
  }

  /** Closes the newest connection from the server's side, as a restarting Slack host would. */
  void dropNewest() {
    WebSocket ws;
    synchronized (this) {
      ws = newest;
    }
    if (ws != null) {
      ws.close(1001, "going away");
    }
  }

  /** True when this envelope was acknowledged within the given time. */
  synchronized boolean acked(String envelopeId, Duration within) throws InterruptedException {
    return await(() -> acked.contains(envelopeId), within);
  }

  private boolean await(BooleanSupplier condition, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  @Override
  public void onStart() {
    started.countDown();
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    conn.send(HELLO);
    synchronized (this) {
      connections++;
      newest = conn;
      notifyAll();
    }
  }

  @Override
  public synchronized void onClose(WebSocket conn, int code, String reason, boolean remote) {
    closed.add(conn);
    notifyAll();
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    JsonElement json = JsonParser.parseString(message);
    if (json.isJsonObject() && json.getAsJsonObject().has("envelope_id")) {
      synchronized (this) {
        acked.add(json.getAsJsonObject().get("envelope_id").getAsString());
        notifyAll();
      }
    }
  }

  @Override
  public void onError(WebSocket conn, Exception e) {
    // a client that goes away mid-frame: nothing to record
  }

  @Override
  public void close() {
    try {
      stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

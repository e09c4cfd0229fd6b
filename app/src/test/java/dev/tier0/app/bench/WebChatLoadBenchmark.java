package dev.tier0.app.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Load generator for the web chat round trip: real HTTP against the whole app (shipped model and
 * KB, bundled Redis). Not part of the test suite (its name does not end in Tests); run it with
 *
 * <pre>
 * ./mvnw -B -pl app -am verify -Dtest=WebChatLoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbench.clients=16 -Dbench.seconds=30 -Dbench.warmup=90 -DenableAssertions=false
 * </pre>
 *
 * Each client starts a conversation and sends a realistic mix of messages in a loop (bounded in
 * count and time, loopback only); results go to {@code app/target/webchat-load.txt}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebChatLoadBenchmark {

  static final Path DATA;

  static {
    try {
      DATA = Files.createTempDirectory("helpdesk-bench-");
    } catch (java.io.IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("helpdesk.data-dir", DATA::toString);
    // One load generator is one client address: lift the per-client and per-conversation limits.
    registry.add("helpdesk.webchat.per-client.capacity", () -> "1000000");
    registry.add("helpdesk.webchat.per-client.per-minute", () -> "100000000");
    registry.add("helpdesk.webchat.per-conversation.capacity", () -> "1000000");
    registry.add("helpdesk.webchat.per-conversation.per-minute", () -> "100000000");
  }

  static final String[] MESSAGES = {
    "hi",
    "my outlook keeps crashing when I open attachments",
    "no",
    "how do I restore a deleted file from onedrive",
    "yes",
    "the projector in room 4 shows no signal from my laptop",
    "thanks",
    "what is the canteen menu today",
  };

  private static final Pattern OUTCOME = Pattern.compile("\"outcome\":\"([a-z_]+)\"");
  private static final Pattern CONVERSATION_ID = Pattern.compile("\"conversationId\":\"([^\"]+)\"");
  private static final String BASE = "/api/v1/conversations";

  /** The name prefix of the generator's threads, whose CPU time is the generator's share. */
  static final String GENERATOR = "loadgen-";

  /** CPU time of the generator's threads that have finished, added as each one ends. */
  static final LongAdder GENERATOR_CPU = new LongAdder();

  /** Why requests failed, with counts, for the report. */
  static final Map<String, Integer> FAILURES = new ConcurrentHashMap<>();

  @LocalServerPort int port;

  @Test
  void measureRoundTrips() throws Exception {
    int clients = Integer.getInteger("bench.clients", 16);
    int seconds = Integer.getInteger("bench.seconds", 20);
    // The JIT compiler keeps busy for well over 40 s of load on two cores (docs/BENCHMARKS.md).
    int warmup = Integer.getInteger("bench.warmup", 90);
    run(port, clients, warmup, new long[1 << 20], new AtomicLong(), new ConcurrentHashMap<>());
    long[] latencies = new long[1 << 22];
    AtomicLong count = new AtomicLong();
    CpuClock cpu = new CpuClock();
    long started = System.nanoTime();
    Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    FAILURES.clear();
    long errors = run(port, clients, seconds, latencies, count, outcomes);
    double elapsed = (System.nanoTime() - started) / 1e9;
    CpuClock.Spent spent = cpu.spent();
    int n = (int) Math.min(count.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    String report =
        String.format(
            Locale.ROOT,
            "web chat round trip (POST message over HTTP, shipped model + KB, bundled Redis)%n"
                + "clients=%d seconds=%d cores=%d java=%s assertions=%s%n"
                + "turns=%d errors=%d %s throughput=%.0f turns/s%n"
                + "latency ms: p50=%.2f p90=%.2f p99=%.2f max=%.2f%n"
                + "outcomes: %s%n"
                + "CPU per turn ms: this JVM (server and load generator) %.3f, of which the"
                + " generator's threads %.3f; redis-server %.3f%n"
                + "CPU used: %.2f of %d cores; load average at the end %.2f%n"
                + "while measuring: JIT compilation %.1f s, GC %.1f s (still compiling means"
                + " the warm-up was too short for this machine's load)%n",
            clients,
            seconds,
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            // Surefire turns them on by default, and Lucene's cost a lot: measure with
            // -DenableAssertions=false.
            assertionsOn() ? "on (not a speed figure)" : "off",
            n,
            errors,
            new TreeMap<>(FAILURES),
            n / elapsed,
            pct(sorted, 0.50),
            pct(sorted, 0.90),
            pct(sorted, 0.99),
            n == 0 ? 0 : sorted[n - 1] / 1e6,
            new TreeMap<>(outcomes),
            spent.processMs() / Math.max(1, n),
            spent.generatorMs() / Math.max(1, n),
            spent.redisMs() / Math.max(1, n),
            (spent.processMs() + spent.redisMs()) / 1000 / elapsed,
            Runtime.getRuntime().availableProcessors(),
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage(),
            spent.jitMs() / 1000,
            spent.gcMs() / 1000);
    Files.writeString(Path.of("target", "webchat-load.txt"), report);
    org.slf4j.LoggerFactory.getLogger(getClass()).info("\n{}", report);
  }

  private static boolean assertionsOn() {
    boolean on = false;
    // The assignment runs only when assertions are enabled for this class.
    assert on = true;
    return on;
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0
        ? 0
        : sorted[(int) Math.min(sorted.length - 1, sorted.length * p)] / 1e6;
  }

  private static long run(
      int port,
      int clients,
      int seconds,
      long[] latencies,
      AtomicLong count,
      Map<String, LongAdder> outcomes)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    AtomicLong errors = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread t =
          Thread.ofPlatform()
              .name(GENERATOR + c)
              .start(() -> {
                String id = null;
                int i = 0;
                Connection[] http = {null};
                while (System.nanoTime() < deadline) {
                  try {
                    if (id == null || i % MESSAGES.length == 0) {
                      Connection.Response created =
                          Connection.post(http, port, BASE, "{\"channel\":\"web\"}");
                      Matcher m = CONVERSATION_ID.matcher(created.body());
                      id = m.find() ? m.group(1) : null;
                      if (id == null) {
                        errors.incrementAndGet();
                        FAILURES.merge("start HTTP " + created.status(), 1, Integer::sum);
                        continue;
                      }
                    }
                    String text = MESSAGES[i++ % MESSAGES.length];
                    long t0 = System.nanoTime();
                    Connection.Response r =
                        Connection.post(
                            http,
                            port,
                            BASE + "/" + id + "/messages",
                            // As the widget sends it: with an idempotency key per message.
                            "{\"text\":\"" + text + "\",\"clientMessageId\":\"m-" + i + "\"}");
                    long took = System.nanoTime() - t0;
                    if (r.status() != 200) {
                      errors.incrementAndGet();
                      FAILURES.merge("HTTP " + r.status(), 1, Integer::sum);
                      id = null;
                      continue;
                    }
                    Matcher outcome = OUTCOME.matcher(r.body());
                    outcomes
                        .computeIfAbsent(
                            outcome.find() ? outcome.group(1) : "?", k -> new LongAdder())
                        .increment();
                    int slot = (int) count.getAndIncrement();
                    if (slot < latencies.length) {
                      latencies[slot] = took;
                    }
                  } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet();
                    FAILURES.merge(e.toString(), 1, Integer::sum);
                    Connection.closeQuietly(http[0]);
                    http[0] = null;
                    id = null;
                  }
                }
                Connection.closeQuietly(http[0]);
                GENERATOR_CPU.add(
                    java.lang.management.ManagementFactory.getThreadMXBean()
                        .getCurrentThreadCpuTime());
              });
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    return errors.get();
  }

  /**
   * One kept-alive HTTP/1.1 connection of one simulated client, spoken with blocking socket I/O on
   * the client's own platform thread. The JDK's HTTP client cost a fifth of a turn's CPU in this
   * JVM (its selector and worker threads, request builders and body handlers) and could not be told
   * apart from the server's virtual threads on the same carriers; this client costs a few
   * microseconds per request and its thread's CPU time is exactly the generator's share.
   */
  static final class Connection implements java.io.Closeable {
    private final Socket socket;
    private final java.io.BufferedInputStream in;
    private final java.io.OutputStream out;
    private final String host;
    private boolean closed;
    private int answered;

    record Response(int status, String body) {}

    Connection(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      in = new java.io.BufferedInputStream(socket.getInputStream(), 16 * 1024);
      out = new java.io.BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
      host = "127.0.0.1:" + port;
    }

    /**
     * Sends a request; a connection the server closed while idle is replaced and the request sent
     * again, once, as browsers do (every request here is safe to repeat: messages carry an
     * idempotency key).
     */
    static Response post(Connection[] held, int port, String path, String json) throws IOException {
      if (held[0] == null || held[0].closed) {
        closeQuietly(held[0]);
        held[0] = new Connection(port);
      }
      try {
        return held[0].send(path, json);
      } catch (java.io.EOFException idleClosed) {
        if (held[0].answered > 0) {
          closeQuietly(held[0]);
          held[0] = new Connection(port);
          return held[0].send(path, json);
        }
        throw idleClosed;
      }
    }

    private Response send(String path, String json) throws IOException {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      String head =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: "
              + host
              + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
              + "Content-Length: "
              + body.length
              + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      String status = line();
      if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
        throw new IOException("not an HTTP response: " + status);
      }
      int code = Integer.parseInt(status.substring(9, 12));
      int length = -1;
      boolean chunked = false;
      boolean close = false;
      for (String h = line(); !h.isEmpty(); h = line()) {
        int colon = h.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = h.substring(0, colon).trim();
        String value = h.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Content-Length")) {
          length = Integer.parseInt(value);
        } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
          chunked = value.equalsIgnoreCase("chunked");
        } else if (name.equalsIgnoreCase("Connection")) {
          close = value.equalsIgnoreCase("close");
        }
      }
      java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream(2048);
      if (chunked) {
        for (int size = Integer.parseInt(line().split(";")[0].trim(), 16);
            size > 0;
            size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
          content.write(in.readNBytes(size));
          line();
        }
        // Trailers, up to the empty line.
        while (!line().isEmpty()) {}
      } else if (length >= 0) {
        content.write(in.readNBytes(length));
      } else {
        throw new IOException("response without a length");
      }
      // Tomcat ends a kept-alive connection after 100 requests, as browsers expect servers to.
      closed = close;
      answered++;
      return new Response(code, content.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder(64);
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new java.io.EOFException("connection closed");
        }
        if (b != '\r') {
          sb.append((char) b);
        }
      }
      return sb.toString();
    }

    static void closeQuietly(Connection c) {
      if (c != null) {
        try {
          c.close();
        } catch (IOException ignored) {
          // Nothing to do: the connection is gone either way.
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /**
   * CPU time spent while measuring: a figure that holds however busy the machine is, unlike
   * throughput, which also counts the time spent waiting for a core.
   */
  private static final class CpuClock {
    private final long process = processNanos();
    private final long generator = generatorNanos();
    private final long redis = redisNanos();
    private final long jit = jitMillis();
    private final long gc = gcMillis();

    record Spent(double processMs, double generatorMs, double redisMs, double jitMs, double gcMs) {}

    Spent spent() {
      return new Spent(
          (processNanos() - process) / 1e6,
          (generatorNanos() - generator) / 1e6,
          (redisNanos() - redis) / 1e6,
          jitMillis() - jit,
          gcMillis() - gc);
    }

    private static long jitMillis() {
      var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
      return jit != null && jit.isCompilationTimeMonitoringSupported()
          ? jit.getTotalCompilationTime()
          : 0;
    }

    private static long gcMillis() {
      return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
          .mapToLong(b -> Math.max(0, b.getCollectionTime()))
          .sum();
    }

    private static long processNanos() {
      return ((com.sun.management.OperatingSystemMXBean)
              java.lang.management.ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
    }

    /** The load generator's own platform threads, one per simulated client. */
    private static long generatorNanos() {
      var threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long sum = GENERATOR_CPU.sum();
      for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
        if (info != null && info.getThreadName().startsWith(GENERATOR)) {
          sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
        }
      }
      return sum;
    }

    /** The bundled Redis server is a child process of this JVM. */
    private static long redisNanos() {
      return ProcessHandle.current()
          .descendants()
          // Matched loosely: Debian installs redis-server as a link to redis-check-rdb.
          .filter(p -> p.info().command().map(c -> c.contains("redis")).orElse(false))
          .mapToLong(p -> p.info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L))
          .sum();
    }
  }
}

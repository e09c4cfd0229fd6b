package dev.tier0.app.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  @LocalServerPort int port;

  @Test
  void measureRoundTrips() throws Exception {
    int clients = Integer.getInteger("bench.clients", 16);
    int seconds = Integer.getInteger("bench.seconds", 20);
    // The JIT compiler keeps busy for well over 40 s of load on two cores (docs/BENCHMARKS.md).
    int warmup = Integer.getInteger("bench.warmup", 90);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base = "http://127.0.0.1:" + port + "/api/v1/conversations";

    run(
        http,
        base,
        clients,
        warmup,
        new long[1 << 20],
        new AtomicLong(),
        new ConcurrentHashMap<>());
    long[] latencies = new long[1 << 22];
    AtomicLong count = new AtomicLong();
    CpuClock cpu = new CpuClock();
    long started = System.nanoTime();
    Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    long errors = run(http, base, clients, seconds, latencies, count, outcomes);
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
                + "turns=%d errors=%d throughput=%.0f turns/s%n"
                + "latency ms: p50=%.2f p90=%.2f p99=%.2f max=%.2f%n"
                + "outcomes: %s%n"
                + "CPU per turn ms: this JVM (server and load generator) %.3f, of which the"
                + " generator's HTTP client threads %.3f; redis-server %.3f%n"
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
            n / elapsed,
            pct(sorted, 0.50),
            pct(sorted, 0.90),
            pct(sorted, 0.99),
            n == 0 ? 0 : sorted[n - 1] / 1e6,
            new TreeMap<>(outcomes),
            spent.processMs() / Math.max(1, n),
            spent.httpClientMs() / Math.max(1, n),
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
      HttpClient http,
      String base,
      int clients,
      int seconds,
      long[] latencies,
      AtomicLong count,
      Map<String, LongAdder> outcomes)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    AtomicLong errors = new AtomicLong();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        futures.add(
            pool.submit(() -> {
              String id = null;
              int i = 0;
              while (System.nanoTime() < deadline) {
                try {
                  if (id == null || i % MESSAGES.length == 0) {
                    String created =
                        http.send(
                                post(base, "{\"channel\":\"web\"}"),
                                HttpResponse.BodyHandlers.ofString())
                            .body();
                    id = created.replaceAll(".*\\\"conversationId\\\":\\\"([^\\\"]+)\\\".*", "$1");
                  }
                  String text = MESSAGES[i++ % MESSAGES.length];
                  long t0 = System.nanoTime();
                  HttpResponse<String> r =
                      http.send(
                          post(
                              base + "/" + id + "/messages",
                              // As the widget sends it: with an idempotency key per message.
                              "{\"text\":\"" + text + "\",\"clientMessageId\":\"m-" + i + "\"}"),
                          HttpResponse.BodyHandlers.ofString());
                  long took = System.nanoTime() - t0;
                  if (r.statusCode() != 200) {
                    errors.incrementAndGet();
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
                } catch (Exception e) {
                  errors.incrementAndGet();
                }
              }
              return null;
            }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    return errors.get();
  }

  private static HttpRequest post(String url, String json) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  /**
   * CPU time spent while measuring: a figure that holds however busy the machine is, unlike
   * throughput, which also counts the time spent waiting for a core.
   */
  private static final class CpuClock {
    private final long process = processNanos();
    private final long httpClient = httpClientNanos();
    private final long redis = redisNanos();
    private final long jit = jitMillis();
    private final long gc = gcMillis();

    record Spent(
        double processMs, double httpClientMs, double redisMs, double jitMs, double gcMs) {}

    Spent spent() {
      return new Spent(
          (processNanos() - process) / 1e6,
          (httpClientNanos() - httpClient) / 1e6,
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

    /** The load generator's own platform threads (selector and workers of the JDK client). */
    private static long httpClientNanos() {
      var threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long sum = 0;
      for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
        if (info != null && info.getThreadName().startsWith("HttpClient")) {
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

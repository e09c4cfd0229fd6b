package dev.tier0.handoff;

import dev.tier0.bot.spi.HandoffRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enqueue and claim throughput and latency on a local redis-server. Not part of the test suite (the
 * name does not end in Tests); run it with
 *
 * <pre>
 * ./mvnw -B -o -q -pl handoff -am verify -Dtest=TicketQueueBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark.tickets=20000 -Dbenchmark.threads=8
 * </pre>
 *
 * Results are printed and written to {@code handoff/target/benchmark-results.txt}.
 */
class TicketQueueBenchmark {

  @TempDir Path dir;

  @Test
  void measureEnqueueAndClaim() throws Exception {
    int tickets = Integer.getInteger("benchmark.tickets", 20_000);
    int threads = Integer.getInteger("benchmark.threads", 8);
    int agents = Integer.getInteger("benchmark.agents", 4);
    StringBuilder report = new StringBuilder();
    try (RedisServerLauncher server = RedisServerLauncher.start(dir.resolve("redis"));
        RedisHandoffClient client =
            RedisHandoffClient.connect(server.uri(), Duration.ofSeconds(30))) {
      RedisTicketQueue queue =
          new RedisTicketQueue(
              client,
              Triage.defaults(),
              SlaPolicy.defaults(),
              TicketEvents.none(),
              Clock.systemUTC(),
              Duration.ofMinutes(5));
      String version =
          client
              .sync()
              .info("server")
              .lines()
              .filter(l -> l.startsWith("redis_version:"))
              .findFirst()
              .orElse("?");
      report.append(
          String.format(
              Locale.ROOT,
              "machine: %d cores, %s; %s; binary %s; JDK %s%n",
              Runtime.getRuntime().availableProcessors(),
              cpuModel(),
              version,
              server.binary().getFileName(),
              Runtime.version()));

      // Warm-up: JIT, scripts, connection.
      for (int i = 0; i < 2_000; i++) {
        queue.submit(request("warm-" + i));
      }
      while (queue.claimNext("warm").isPresent()) {
        // drain
      }

      // Enqueue throughput: many threads share one auto-pipelined connection, like app threads.
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      AtomicInteger next = new AtomicInteger();
      long[] latencies = new long[tickets];
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(() -> {
              for (int i = next.getAndIncrement(); i < tickets; i = next.getAndIncrement()) {
                HandoffRequest r = request("bench-" + i);
                long t0 = System.nanoTime();
                queue.submit(r);
                latencies[i] = System.nanoTime() - t0;
              }
            }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      double enqueueSeconds = (System.nanoTime() - start) / 1e9;
      report.append(line("enqueue", tickets, threads, enqueueSeconds, latencies));
      client
          .sync()
          .info("commandstats")
          .lines()
          .filter(l -> l.startsWith("cmdstat_evalsha:"))
          .forEach(l -> report.append("  redis-side submit script: ").append(l).append('\n'));

      // The Java side of a submit alone (triage, redaction, JSON), single-threaded.
      int prepared = Math.min(tickets, 5_000);
      long prepStart = System.nanoTime();
      for (int i = 0; i < prepared; i++) {
        HandoffRequest r = request("prep-" + i);
        Triage.Assessment a = Triage.defaults().assess(r);
        HandoffJson.write(
            TicketFactory.draft("X", r, a, SlaPolicy.defaults().due(a.priority(), r.at()), r.at()));
      }
      report.append(
          String.format(
              Locale.ROOT,
              "  java-side submit work: %.1f µs per ticket, 1 thread%n",
              (System.nanoTime() - prepStart) / 1e3 / prepared));

      // Claim throughput: agents take the next ticket until the queue is empty.
      long[] claimLatencies = new long[tickets];
      AtomicInteger claimed = new AtomicInteger();
      futures.clear();
      start = System.nanoTime();
      for (int a = 0; a < agents; a++) {
        String agent = "agent-" + a;
        futures.add(
            pool.submit(() -> {
              while (true) {
                long t0 = System.nanoTime();
                if (queue.claimNext(agent).isEmpty()) {
                  return;
                }
                int n = claimed.getAndIncrement();
                if (n < tickets) {
                  claimLatencies[n] = System.nanoTime() - t0;
                }
              }
            }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      double claimSeconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      report.append(
          line(
              "claimNext",
              claimed.get(),
              agents,
              claimSeconds,
              Arrays.copyOf(claimLatencies, Math.min(claimed.get(), tickets))));
    }
    System.out.print(report);
    Path out = Path.of("target", "benchmark-results.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }

  static String line(String what, int n, int threads, double seconds, long[] latencies) {
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    return String.format(
        Locale.ROOT,
        "%-9s %6d tickets, %d threads: %8.0f tickets/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        what,
        n,
        threads,
        n / seconds,
        pct(sorted, 0.50),
        pct(sorted, 0.99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
  }

  static double pct(long[] sorted, double p) {
    return sorted.length == 0
        ? 0
        : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1e6;
  }

  static HandoffRequest request(String key) {
    return RedisIntegrationTestSupport.request(
        key, "c-" + key, "network.vpn", "VPN drops every hour");
  }

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst()
          .orElse(System.getProperty("os.arch"));
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
  }
}

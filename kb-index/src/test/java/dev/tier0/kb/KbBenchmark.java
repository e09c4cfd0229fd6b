package dev.tier0.kb;

import dev.tier0.bot.spi.KnowledgeBase.Query;
import dev.tier0.kb.eval.KbEvaluator;
import dev.tier0.kb.eval.KbEvaluator.EvalQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Indexing time, query latency and heap on generated knowledge bases. Not part of the test suite
 * (the name does not end in Tests); run it on purpose:
 *
 * <pre>
 * ./mvnw -B -o -q -pl kb-index -am verify -Dtest=KbBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -DenableAssertions=false
 * </pre>
 *
 * Sizes come from {@code -Dbench.sizes=1000,10000,100000}; {@code shipped} is the repository's
 * {@code kb/} with the texts of {@code eval/kb-queries.jsonl} as the queries (load only). The seed
 * from {@code -Dbench.seed}; warm-up queries per size from {@code -Dbench.warmupQueries} (20,000).
 */
class KbBenchmark {

  private static final String[] IT_WORDS = {
    "password",
    "reset",
    "vpn",
    "wifi",
    "printer",
    "outlook",
    "mailbox",
    "teams",
    "zoom",
    "laptop",
    "monitor",
    "dock",
    "battery",
    "onedrive",
    "sharepoint",
    "sync",
    "error",
    "crash",
    "install",
    "licence",
    "locked",
    "account",
    "mfa",
    "authenticator",
    "phone",
    "code",
    "phishing",
    "malware",
    "disk",
    "space",
    "driver",
    "queue",
    "scan",
    "calendar",
    "signature",
    "access",
    "permission",
    "folder",
    "drive",
    "network",
    "connect",
    "slow",
    "update",
    "windows",
    "mac",
    "browser",
    "cache",
    "camera",
    "audio",
    "headset",
    "keyboard",
    "screen",
    "backup",
    "restore",
    "certificate",
    "proxy"
  };

  private static boolean assertionsOn() {
    boolean on = false;
    // The assignment runs only when assertions are enabled for this class.
    assert on = true;
    return on;
  }

  @Test
  void measure() {
    long seed = Long.getLong("bench.seed", 42L);
    // "shipped" is the repository's own knowledge base with the evaluation queries as the load.
    int[] sizes =
        Arrays.stream(System.getProperty("bench.sizes", "1000,10000,100000").split(","))
            .map(String::strip)
            .mapToInt(s -> s.equalsIgnoreCase("shipped") ? SHIPPED : Integer.parseInt(s))
            .toArray();
    Random random = new Random(seed);
    String[] vocabulary = vocabulary(random, 20_000);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "KbBenchmark seed=%d cores=%d maxHeap=%dMB java=%s assertions=%s%n",
            seed,
            Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().maxMemory() >> 20,
            System.getProperty("java.version"),
            // Surefire turns them on by default, and Lucene's own cost a lot: measure with
            // -DenableAssertions=false.
            assertionsOn() ? "on (not a speed figure)" : "off"));
    for (int size : sizes) {
      boolean shipped = size == SHIPPED;
      List<ArticleSource> sources =
          shipped ? shippedArticles() : generate(new Random(seed + size), vocabulary, size);
      String[] shippedQueries = shipped ? shippedQueries() : null;
      long heapBefore = usedHeapAfterGc();
      long started = System.nanoTime();
      long cpuStarted = processCpuNanos();
      try (LuceneKnowledgeBase kb = LuceneKnowledgeBase.of(sources, KbSettings.defaults())) {
        double indexSeconds = (System.nanoTime() - started) / 1e9;
        double indexCpuSeconds = (processCpuNanos() - cpuStarted) / 1e9;
        long heapAfter = usedHeapAfterGc();
        Random queries = new Random(seed * 31 + size);
        Supplier<String> next =
            shipped
                ? () -> shippedQueries[queries.nextInt(shippedQueries.length)]
                : () -> query(queries, vocabulary);
        // Enough queries for the JIT compiler to finish: its work shows in the wall-clock tail.
        int warmup = Integer.getInteger("bench.warmupQueries", 20_000);
        for (int i = 0; i < warmup; i++) {
          String q = next.get();
          kb.search(new Query(q, 5, null)); // warm-up
          kb.rawSearch(q);
        }
        int n = 5_000;
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) {
          texts[i] = next.get();
        }
        long[][] ours = time(n, i -> kb.search(new Query(texts[i], 5, hint(i))));
        long[][] raw = time(n, i -> kb.rawSearch(texts[i]));
        out.append(
            String.format(
                Locale.ROOT,
                "articles=%d index=%.1fs (cpu %.1fs) heapIndex=%dMB%n"
                    + "  search    wall p50=%.3fms p99=%.3fms max=%.2fms | cpu p50=%.3fms"
                    + " p99=%.3fms%n"
                    + "  raw bm25  wall p50=%.3fms p99=%.3fms max=%.2fms | cpu p50=%.3fms"
                    + " p99=%.3fms%n"
                    + "  ratio search/raw: wall p50 %.1f p99 %.1f, cpu p50 %.1f p99 %.1f;"
                    + " load=%.1f%n",
                kb.size(),
                indexSeconds,
                indexCpuSeconds,
                (heapAfter - heapBefore) >> 20,
                ms(ours[0], 0.5),
                ms(ours[0], 0.99),
                ms(ours[0], 1),
                ms(ours[1], 0.5),
                ms(ours[1], 0.99),
                ms(raw[0], 0.5),
                ms(raw[0], 0.99),
                ms(raw[0], 1),
                ms(raw[1], 0.5),
                ms(raw[1], 0.99),
                ms(ours[0], 0.5) / ms(raw[0], 0.5),
                ms(ours[0], 0.99) / ms(raw[0], 0.99),
                ms(ours[1], 0.5) / ms(raw[1], 0.5),
                ms(ours[1], 0.99) / ms(raw[1], 0.99),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      System.out.print(out);
      out.setLength(0);
    }
  }

  private interface Call {
    void run(int i) throws IOException;
  }

  /** Wall-clock and thread CPU nanoseconds of each call, each array sorted. */
  private static long[][] time(int n, Call call) throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] wall = new long[n];
    long[] cpu = new long[n];
    for (int i = 0; i < n; i++) {
      long c = threads.getCurrentThreadCpuTime();
      long t = System.nanoTime();
      call.run(i);
      wall[i] = System.nanoTime() - t;
      cpu[i] = threads.getCurrentThreadCpuTime() - c;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    return new long[][] {wall, cpu};
  }

  private static double ms(long[] sortedNanos, double quantile) {
    int at = (int) Math.min(sortedNanos.length - 1, sortedNanos.length * quantile);
    return sortedNanos[at] / 1e6;
  }

  /** The size that stands for the shipped knowledge base. */
  private static final int SHIPPED = -1;

  /** The repository's articles, as the app ships them. */
  private static List<ArticleSource> shippedArticles() {
    Path dir = Path.of(System.getProperty("bench.kb", "../kb"));
    return Fixtures.sources(dir).stream().filter(s -> s.name().endsWith(".md")).toList();
  }

  /** The texts of the evaluation queries, used as load only. */
  private static String[] shippedQueries() {
    Path file = Path.of(System.getProperty("bench.queries", "../eval/kb-queries.jsonl"));
    try {
      return KbEvaluator.read(file).stream().map(EvalQuery::query).toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hint(int i) {
    return i % 3 == 0 ? "network.vpn" : null;
  }

  public static void main(String[] args) {
    new KbBenchmark().measure();
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  static String[] vocabulary(Random random, int size) {
    String[] words = new String[size];
    for (int i = 0; i < size; i++) {
      int len = 4 + random.nextInt(7);
      StringBuilder sb = new StringBuilder(len);
      for (int j = 0; j < len; j++) {
        sb.append((char) ('a' + random.nextInt(26)));
      }
      words[i] = sb.toString();
    }
    return words;
  }

  /** A word with a Zipf-like skew, so that some words are common and most are rare. */
  private static String word(Random random, String[] vocabulary) {
    if (random.nextInt(4) == 0) {
      return IT_WORDS[random.nextInt(IT_WORDS.length)];
    }
    double u = random.nextDouble();
    return vocabulary[(int) Math.min(vocabulary.length - 1, Math.pow(vocabulary.length, u))];
  }

  private static String words(Random random, String[] vocabulary, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(word(random, vocabulary));
    }
    return sb.toString();
  }

  static List<ArticleSource> generate(Random random, String[] vocabulary, int size) {
    List<ArticleSource> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      StringBuilder md = new StringBuilder(1_500);
      md.append("---\nid: GEN-")
          .append(i)
          .append("\ntitle: ")
          .append(words(random, vocabulary, 5))
          .append("\ncategory: network.vpn\ntags: [")
          .append(word(random, vocabulary))
          .append(", ")
          .append(word(random, vocabulary))
          .append("]\naliases: [\"")
          .append(words(random, vocabulary, 3))
          .append("\"]\n---\n## Symptoms\n")
          .append(words(random, vocabulary, 40))
          .append(".\n\n## Resolution\n");
      for (int step = 1; step <= 5; step++) {
        md.append(step).append(". ").append(words(random, vocabulary, 15)).append(".\n");
      }
      md.append("\n## More\n").append(words(random, vocabulary, 60)).append(".\n");
      out.add(new ArticleSource("gen/" + i + ".md", md.toString()));
    }
    return out;
  }

  static String query(Random random, String[] vocabulary) {
    return words(random, vocabulary, 2 + random.nextInt(5));
  }
}

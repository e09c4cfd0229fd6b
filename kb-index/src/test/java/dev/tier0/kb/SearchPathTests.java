package dev.tier0.kb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.bot.spi.KnowledgeBase.Hit;
import dev.tier0.bot.spi.KnowledgeBase.Query;
import dev.tier0.bot.spi.KnowledgeBase.SearchResult;
import dev.tier0.kb.eval.KbEvaluator;
import dev.tier0.kb.eval.KbEvaluator.EvalQuery;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The search with term states and weights kept per snapshot and its own top-n collection returns
 * exactly what the plain path returns (every term looked up afresh, Lucene's search entry point) on
 * the same index: same articles, same order, same scores to the last bit, same snippets, same
 * verdict and signals, on the shipped knowledge base and many generated variants of the evaluation
 * questions. (Two separately built indexes may number the articles differently, which orders equal
 * scores differently, so both paths run on one.)
 */
class SearchPathTests {

  private static final String[] HINTS = {
    null, "network.vpn", "access", "email", "hardware.printer", "software"
  };

  private static List<ArticleSource> articles;
  private static List<String> questions;
  private static LuceneKnowledgeBase kb;

  @BeforeAll
  static void load() throws IOException {
    articles =
        Fixtures.sources(Path.of("../kb")).stream().filter(s -> s.name().endsWith(".md")).toList();
    questions =
        KbEvaluator.read(Path.of("../eval/kb-queries.jsonl")).stream()
            .map(EvalQuery::query)
            .toList();
    kb = LuceneKnowledgeBase.of(articles, KbSettings.defaults());
  }

  @AfterAll
  static void close() {
    kb.close();
  }

  @Test
  void findsExactlyWhatThePlainPathFindsOnManyQuestions() {
    long seed = Long.getLong("test.seed", 20261123L);
    System.out.println("SearchPathTests seed=" + seed + " (replay with -Dtest.seed=" + seed + ")");
    Random random = new Random(seed);
    List<String> words = words();
    int asked = 0;
    for (String q : questions) {
      // Each question twice: the second time every term comes from the kept states.
      assertSame(new Query(q, 5, null));
      assertSame(new Query(q, 10, null));
      asked += 2;
    }
    for (int i = 0; i < 3_000; i++) {
      Query q = new Query(variant(random, words), 1 + random.nextInt(10), hint(random));
      assertSame(q);
      asked++;
    }
    assertThat(asked).isGreaterThan(3_000);
  }

  @Test
  void findsExactlyWhatThePlainPathFindsOnAGeneratedKnowledgeBase() {
    long seed = Long.getLong("test.seed", 20261123L) + 2;
    System.out.println("SearchPathTests generated seed=" + seed);
    Random random = new Random(seed);
    // Common words in most articles: long sums of concept scores and many equal scores.
    String[] vocabulary = KbBenchmark.vocabulary(random, 2_000);
    try (LuceneKnowledgeBase generated =
        LuceneKnowledgeBase.of(
            KbBenchmark.generate(random, vocabulary, 400), KbSettings.defaults())) {
      for (int i = 0; i < 1_500; i++) {
        String text = KbBenchmark.query(random, vocabulary);
        if (i % 5 == 0) {
          text = text + " " + KbBenchmark.query(random, vocabulary);
        }
        Query q = new Query(text, 1 + random.nextInt(10), i % 3 == 0 ? "network.vpn" : null);
        SearchResult expected = generated.searchPlain(q);
        SearchResult got = generated.search(q);
        assertThat(got).as(text).isEqualTo(expected);
      }
    }
  }

  @Test
  void givesTheSameAnswersFromSeveralThreadsAtOnce() throws Exception {
    long seed = Long.getLong("test.seed", 20261123L) + 1;
    System.out.println("SearchPathTests threads seed=" + seed);
    List<Query> queries = new ArrayList<>();
    Random random = new Random(seed);
    List<String> words = words();
    for (int i = 0; i < 400; i++) {
      queries.add(new Query(variant(random, words), 5, hint(random)));
    }
    // A fresh snapshot, so that the threads race to fill its lookups.
    try (LuceneKnowledgeBase fresh = LuceneKnowledgeBase.of(articles, KbSettings.defaults())) {
      List<SearchResult> expected = new ArrayList<>();
      for (Query q : queries) {
        expected.add(fresh.searchPlain(q));
      }
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<List<SearchResult>>> runs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int offset = t * 37;
          runs.add(
              pool.submit(() -> {
                List<SearchResult> out = new ArrayList<>(queries.size());
                for (int i = 0; i < queries.size(); i++) {
                  out.add(null);
                }
                for (int i = 0; i < queries.size(); i++) {
                  int at = (i + offset) % queries.size();
                  out.set(at, fresh.search(queries.get(at)));
                }
                return out;
              }));
        }
        for (Future<List<SearchResult>> run : runs) {
          List<SearchResult> got = run.get(60, TimeUnit.SECONDS);
          for (int i = 0; i < queries.size(); i++) {
            assertThat(got.get(i)).as(queries.get(i).text()).isEqualTo(expected.get(i));
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static void assertSame(Query q) {
    SearchResult expected = kb.searchPlain(q);
    LuceneKnowledgeBase.Signals expectedSignals = expected.hits().isEmpty() ? null : kb.lastSignals;
    SearchResult got = kb.search(q);
    LuceneKnowledgeBase.Signals gotSignals = got.hits().isEmpty() ? null : kb.lastSignals;
    assertThat(got).as(q.text()).isEqualTo(expected);
    assertThat(scores(got)).as(q.text()).containsExactly(scores(expected));
    assertThat(gotSignals).as(q.text()).isEqualTo(expectedSignals);
  }

  private static double[] scores(SearchResult r) {
    return r.hits().stream().mapToDouble(Hit::score).toArray();
  }

  private List<String> words() {
    List<String> out = new ArrayList<>();
    for (String q : questions) {
      for (String w : q.split("\\s+")) {
        if (!w.isBlank()) {
          out.add(w);
        }
      }
    }
    return out;
  }

  private static String hint(Random random) {
    return HINTS[random.nextInt(HINTS.length)];
  }

  /**
   * A question built from the evaluation questions' words: a question with words dropped, words
   * from other questions mixed in, a typo, or noise.
   */
  private String variant(Random random, List<String> words) {
    List<String> base =
        new ArrayList<>(List.of(questions.get(random.nextInt(questions.size())).split("\\s+")));
    int kind = random.nextInt(5);
    switch (kind) {
      case 0 -> {
        while (base.size() > 1 && random.nextInt(3) > 0) {
          base.remove(random.nextInt(base.size()));
        }
      }
      case 1 -> {
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
          base.add(random.nextInt(base.size() + 1), words.get(random.nextInt(words.size())));
        }
      }
      case 2 -> {
        int at = random.nextInt(base.size());
        String w = base.get(at);
        if (w.length() > 3) {
          int c = 1 + random.nextInt(w.length() - 2);
          base.set(at, w.substring(0, c) + w.substring(c + 1));
        }
      }
      case 3 -> {
        base.clear();
        for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
          base.add(words.get(random.nextInt(words.size())));
        }
      }
      default -> base.add(Long.toString(random.nextLong(), 36));
    }
    return String.join(" ", base);
  }
}

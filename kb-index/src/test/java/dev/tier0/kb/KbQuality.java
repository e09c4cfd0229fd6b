package dev.tier0.kb;

import dev.tier0.bot.spi.KnowledgeBase.Query;
import dev.tier0.bot.spi.KnowledgeBase.SearchResult;
import dev.tier0.kb.eval.KbEvaluator;
import dev.tier0.kb.eval.KbEvaluator.EvalQuery;
import dev.tier0.kb.eval.KbEvaluator.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Retrieval quality of the shipped knowledge base on {@code eval/kb-queries.jsonl}, split
 * deterministically into a tuning half and a reporting half by a hash of the query text, plus a
 * held-out-articles check: every seventh article is removed from the index and the queries that
 * only it answers must turn into "nothing fits" rather than a wrong article. Not part of the test
 * suite (the name does not end in Tests); run it on purpose:
 *
 * <pre>
 * ./mvnw -B -o -q -pl kb-index -am verify -Dtest=KbQuality -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * {@code -Dquality.kb} and {@code -Dquality.queries} point at other files (defaults: the
 * repository's {@code kb} and {@code eval/kb-queries.jsonl}, relative to this module).
 */
class KbQuality {

  private static final Pattern ID = Pattern.compile("(?m)^id:\\s*\"?([^\"\\s]+)");

  /** Tuning half: CRC32 of the UTF-8 query text is even. */
  static boolean tuning(EvalQuery q) {
    CRC32 crc = new CRC32();
    crc.update(q.query().getBytes(StandardCharsets.UTF_8));
    return crc.getValue() % 2 == 0;
  }

  @Test
  void measure() throws IOException {
    Path kbDir = Path.of(System.getProperty("quality.kb", "../kb"));
    Path queriesFile = Path.of(System.getProperty("quality.queries", "../eval/kb-queries.jsonl"));
    List<ArticleSource> sources = sources(kbDir);
    List<EvalQuery> queries = KbEvaluator.read(queriesFile);
    StringBuilder out = new StringBuilder();
    try (LuceneKnowledgeBase kb = LuceneKnowledgeBase.of(sources, KbSettings.defaults())) {
      out.append(line("tuning", KbEvaluator.evaluate(kb, filter(queries, KbQuality::tuning))));
      out.append(line("reporting", KbEvaluator.evaluate(kb, filter(queries, q -> !tuning(q)))));
      Report all = KbEvaluator.evaluate(kb, queries);
      out.append(line("all", all));
      if (Boolean.getBoolean("quality.failures")) {
        for (KbEvaluator.QueryOutcome f : all.failures()) {
          out.append(
              String.format(
                  Locale.ROOT,
                  "  FAIL %s expected=%s got=%s noGood=%s%n",
                  f.query(),
                  f.expected(),
                  f.returned().stream().limit(3).toList(),
                  f.noGoodAnswer()));
        }
      }
    }
    out.append(heldOut(sources, queries));
    String dump = System.getProperty("quality.dump");
    if (dump != null) {
      Set<String> removed = new HashSet<>();
      List<ArticleSource> kept = new ArrayList<>();
      split(sources, removed, kept);
      List<EvalQuery> orphans =
          queries.stream()
              .filter(q -> !q.expected().isEmpty() && removed.containsAll(q.expected()))
              .map(q -> new EvalQuery(q.query(), List.of()))
              .toList();
      Files.writeString(
          Path.of(dump),
          "set\thalf\tanswerable\ttop1\tshare\tinfo\tfocus\tmargin\tconcepts\n"
              + dumpSignals("eval", sources, queries)
              + dumpSignals("heldout", kept, orphans));
    }
    System.out.print(out);
  }

  /**
   * Removes every seventh article and asks the queries that only removed articles answer: the right
   * verdict is "nothing fits"; a confident wrong article is the failure that matters.
   */
  private static String heldOut(List<ArticleSource> sources, List<EvalQuery> queries) {
    Set<String> removed = new HashSet<>();
    List<ArticleSource> kept = new ArrayList<>();
    split(sources, removed, kept);
    int asked = 0;
    int nothingFits = 0;
    int tuningAsked = 0;
    int tuningNothingFits = 0;
    try (LuceneKnowledgeBase kb = LuceneKnowledgeBase.of(kept, KbSettings.defaults())) {
      for (EvalQuery q : queries) {
        if (q.expected().isEmpty() || !removed.containsAll(q.expected())) {
          continue;
        }
        SearchResult r = kb.search(new Query(q.query(), 10, null));
        asked++;
        nothingFits += r.noGoodAnswer() ? 1 : 0;
        if (tuning(q)) {
          tuningAsked++;
          tuningNothingFits += r.noGoodAnswer() ? 1 : 0;
        }
      }
    }
    return String.format(
        Locale.ROOT,
        "held-out articles=%d queries=%d nothingFits=%.3f (tuning half %d/%d, reporting half %d/%d)%n",
        removed.size(),
        asked,
        asked == 0 ? 0 : (double) nothingFits / asked,
        tuningNothingFits,
        tuningAsked,
        nothingFits - tuningNothingFits,
        asked - tuningAsked);
  }

  /**
   * One line per query: half, expected, whether the top hit is right, and the verdict's signals.
   */
  private static String dumpSignals(
      String set, List<ArticleSource> sources, List<EvalQuery> queries) {
    StringBuilder out = new StringBuilder();
    try (LuceneKnowledgeBase kb = LuceneKnowledgeBase.of(sources, KbSettings.defaults())) {
      for (EvalQuery q : queries) {
        SearchResult r = kb.search(new Query(q.query(), 10, null));
        LuceneKnowledgeBase.Signals s = r.hits().isEmpty() ? null : kb.lastSignals;
        boolean top1 = !r.hits().isEmpty() && q.expected().contains(r.hits().get(0).articleId());
        out.append(set)
            .append('\t')
            .append(tuning(q) ? "tune" : "report")
            .append('\t')
            .append(!q.expected().isEmpty())
            .append('\t')
            .append(top1)
            .append('\t')
            .append(
                s == null
                    ? "0\t0\t0\t0\t0"
                    : s.share()
                        + "\t"
                        + s.information()
                        + "\t"
                        + s.focus()
                        + "\t"
                        + s.margin()
                        + "\t"
                        + s.concepts())
            .append('\n');
      }
    }
    return out.toString();
  }

  /** Every seventh article (from the fourth) is held out. */
  private static void split(
      List<ArticleSource> sources, Set<String> removed, List<ArticleSource> kept) {
    for (int i = 0; i < sources.size(); i++) {
      if (i % 7 == 3) {
        removed.add(id(sources.get(i)));
      } else {
        kept.add(sources.get(i));
      }
    }
  }

  private static String line(String name, Report r) {
    return String.format(
        Locale.ROOT,
        "%-9s n=%d answerable=%d unanswerable=%d P@1=%.3f R@3=%.3f MRR=%.3f nDCG@10=%.3f"
            + " noAnswerAcc=%.3f heldBack=%.3f shownP@1=%.3f%n",
        name,
        r.n(),
        r.answerable(),
        r.unanswerable(),
        r.precisionAt1(),
        r.recallAt3(),
        r.mrr(),
        r.ndcg10(),
        r.noAnswerAccuracy(),
        r.falseNoAnswerRate(),
        r.answeredPrecisionAt1());
  }

  private static List<EvalQuery> filter(List<EvalQuery> queries, Predicate<EvalQuery> keep) {
    return queries.stream().filter(keep).toList();
  }

  private static String id(ArticleSource s) {
    Matcher m = ID.matcher(s.text());
    return m.find() ? m.group(1) : s.name();
  }

  private static List<ArticleSource> sources(Path dir) {
    return Fixtures.sources(dir).stream().filter(s -> s.name().endsWith(".md")).toList();
  }

  public static void main(String[] args) throws IOException {
    new KbQuality().measure();
  }
}

package dev.tier0.kb.eval;

import dev.tier0.bot.spi.KnowledgeBase;
import dev.tier0.bot.spi.KnowledgeBase.Hit;
import dev.tier0.bot.spi.KnowledgeBase.Query;
import dev.tier0.bot.spi.KnowledgeBase.SearchResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores a {@link KnowledgeBase} on a queries file: one JSON object per line, {@code
 * {"query":"...","expected":["KB-012"]}}, where {@code "expected": []} means no article answers.
 *
 * <p>Ranking figures (precision at 1, recall at 3, MRR, nDCG at 10) are computed over the queries
 * that have an answer, from the ranked hits whatever the no-good-answer verdict; the verdict is
 * scored separately: {@code noAnswerAccuracy} on the unanswerable queries and {@code
 * falseNoAnswerRate} on the answerable ones.
 */
public final class KbEvaluator {

  private static final int DEPTH = 10;

  private KbEvaluator() {}

  /**
   * One query of an evaluation file.
   *
   * @param expected the ids of articles that answer it; empty when none does
   */
  public record EvalQuery(String query, List<String> expected) {
    public EvalQuery {
      query = query == null ? "" : query;
      expected = List.copyOf(expected);
    }
  }

  /**
   * How one query went.
   *
   * @param returned the ranked article ids (up to 10)
   * @param rank the 1-based rank of the first expected article, 0 when none was returned
   */
  public record QueryOutcome(
      String query, List<String> expected, List<String> returned, boolean noGoodAnswer, int rank) {

    /** True when this query counts as a failure for the failure list. */
    public boolean failed() {
      return expected.isEmpty() ? !noGoodAnswer : rank != 1 || noGoodAnswer;
    }
  }

  /**
   * The figures of one evaluation.
   *
   * @param n all queries scored
   * @param answerable queries with a non-empty expected list (the base of the ranking figures)
   * @param unanswerable queries with {@code expected: []}
   * @param precisionAt1 share of answerable queries whose first hit is expected
   * @param recallAt3 mean share of a query's expected articles found in the first three hits
   * @param mrr mean reciprocal rank of the first expected hit (within ten)
   * @param ndcg10 mean nDCG at ten with binary relevance
   * @param noAnswerAccuracy share of unanswerable queries that got {@code noGoodAnswer}
   * @param falseNoAnswerRate share of answerable queries that wrongly got {@code noGoodAnswer}
   * @param answeredPrecisionAt1 share of answerable queries whose first hit is expected and shown
   *     (not withheld by the verdict): what a user actually sees
   */
  public record Report(
      int n,
      int answerable,
      int unanswerable,
      double precisionAt1,
      double recallAt3,
      double mrr,
      double ndcg10,
      double noAnswerAccuracy,
      double falseNoAnswerRate,
      double answeredPrecisionAt1,
      List<QueryOutcome> details) {
    public Report {
      details = List.copyOf(details);
    }

    /** The queries that went wrong, in file order. */
    public List<QueryOutcome> failures() {
      return details.stream().filter(QueryOutcome::failed).toList();
    }
  }

  /** Reads a queries JSONL file; blank lines are skipped, a malformed line names its number. */
  public static List<EvalQuery> read(Path file) throws IOException {
    List<EvalQuery> out = new ArrayList<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      try {
        if (!(JsonLine.parse(line) instanceof Map<?, ?> obj)) {
          throw new IllegalArgumentException("not a JSON object");
        }
        Object query = obj.get("query");
        if (!(query instanceof String text)) {
          throw new IllegalArgumentException("no \"query\" string");
        }
        List<String> expected = new ArrayList<>();
        Object exp = obj.get("expected");
        if (exp instanceof List<?> ids) {
          for (Object id : ids) {
            if (id != null) {
              expected.add(id.toString());
            }
          }
        } else if (exp instanceof String id && !id.isBlank()) {
          expected.add(id);
        }
        out.add(new EvalQuery(text, expected));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + " line " + lineNo + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Scores the knowledge base on a queries file. */
  public static Report evaluate(KnowledgeBase kb, Path queries) throws IOException {
    return evaluate(kb, read(queries));
  }

  /** Scores the knowledge base on the given queries. */
  public static Report evaluate(KnowledgeBase kb, List<EvalQuery> queries) {
    List<QueryOutcome> details = new ArrayList<>();
    int answerable = 0;
    int unanswerable = 0;
    double p1 = 0;
    double r3 = 0;
    double rr = 0;
    double ndcg = 0;
    int rightNoAnswer = 0;
    int falseNoAnswer = 0;
    int shownRight = 0;
    for (EvalQuery q : queries) {
      SearchResult result = kb.search(new Query(q.query(), DEPTH, null));
      List<String> returned = result.hits().stream().limit(DEPTH).map(Hit::articleId).toList();
      Set<String> expected = new HashSet<>(q.expected());
      int rank = 0;
      for (int i = 0; i < returned.size(); i++) {
        if (expected.contains(returned.get(i))) {
          rank = i + 1;
          break;
        }
      }
      details.add(new QueryOutcome(q.query(), q.expected(), returned, result.noGoodAnswer(), rank));
      if (expected.isEmpty()) {
        unanswerable++;
        if (result.noGoodAnswer()) {
          rightNoAnswer++;
        }
        continue;
      }
      answerable++;
      if (rank == 1) {
        p1++;
        if (!result.noGoodAnswer()) {
          shownRight++;
        }
      }
      if (result.noGoodAnswer()) {
        falseNoAnswer++;
      }
      r3 +=
          (double) countIn(returned.subList(0, Math.min(3, returned.size())), expected)
              / expected.size();
      rr += rank == 0 ? 0 : 1.0 / rank;
      ndcg += ndcg(returned, expected);
    }
    return new Report(
        queries.size(),
        answerable,
        unanswerable,
        share(p1, answerable),
        share(r3, answerable),
        share(rr, answerable),
        share(ndcg, answerable),
        share(rightNoAnswer, unanswerable),
        share(falseNoAnswer, answerable),
        share(shownRight, answerable),
        details);
  }

  private static int countIn(List<String> ids, Set<String> expected) {
    return (int) ids.stream().distinct().filter(expected::contains).count();
  }

  private static double ndcg(List<String> returned, Set<String> expected) {
    double dcg = 0;
    for (int i = 0; i < Math.min(DEPTH, returned.size()); i++) {
      if (expected.contains(returned.get(i))) {
        dcg += 1 / log2(i + 2);
      }
    }
    double ideal = 0;
    for (int i = 0; i < Math.min(DEPTH, expected.size()); i++) {
      ideal += 1 / log2(i + 2);
    }
    return ideal == 0 ? 0 : dcg / ideal;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  private static double share(double count, int total) {
    return total == 0 ? 0 : count / total;
  }
}

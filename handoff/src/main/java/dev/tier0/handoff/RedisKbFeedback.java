package dev.tier0.handoff;

import dev.tier0.bot.Redactor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "Did this help?" verdicts and unanswered questions in Redis, shared by every app instance: per
 * article helpful / not-helpful counters, per query verdicts, and a ranking of the questions the
 * knowledge base could not answer (the gap report).
 */
public final class RedisKbFeedback {

  static final String ARTICLE = "helpdesk:kb:feedback:article";
  static final String QUERY = "helpdesk:kb:feedback:query:";
  static final String GAPS = "helpdesk:kb:gaps";
  static final String UNHELPFUL_QUERIES = "helpdesk:kb:unhelpful";
  private static final int MAX_QUERY = 300;

  /** Helpful and not-helpful counts. */
  public record Counts(long helpful, long notHelpful) {}

  /** A question and how often it went unanswered or unhelped. */
  public record Gap(String query, long count) {}

  private final RedisCommands<String, String> redis;

  public RedisKbFeedback(RedisHandoffClient client) {
    this.redis = client.sync();
  }

  /**
   * Normalises a question so that the same words count as the same question. Secrets are masked
   * first: admins read these questions in the gap report, and users paste passwords into them.
   */
  static String key(String query) {
    String q =
        query == null
            ? ""
            : Redactor.redact(query).toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
    return q.length() > MAX_QUERY ? q.substring(0, MAX_QUERY) : q;
  }

  /** Records a user's verdict on an article shown for a query. */
  public void record(String query, String articleId, boolean helpful) {
    String field = articleId + (helpful ? ":yes" : ":no");
    RedisHandoffClient.run(
        "recording feedback",
        () -> {
          redis.hincrby(ARTICLE, field, 1);
          String q = key(query);
          if (!q.isEmpty()) {
            redis.hincrby(QUERY + q, field, 1);
            if (!helpful) {
              redis.zincrby(UNHELPFUL_QUERIES, 1, q);
            }
          }
        });
  }

  /** Counts per article id. */
  public Map<String, Counts> articleCounts() {
    Map<String, String> raw =
        RedisHandoffClient.call("reading feedback", () -> redis.hgetall(ARTICLE));
    Map<String, long[]> acc = new LinkedHashMap<>();
    raw.forEach((field, value) -> {
      int colon = field.lastIndexOf(':');
      if (colon > 0) {
        long[] c = acc.computeIfAbsent(field.substring(0, colon), k -> new long[2]);
        c[field.endsWith(":yes") ? 0 : 1] += parse(value);
      }
    });
    Map<String, Counts> out = new LinkedHashMap<>();
    acc.forEach((id, c) -> out.put(id, new Counts(c[0], c[1])));
    return out;
  }

  /** Records a question the knowledge base had no good answer for. */
  public void recordGap(String query) {
    String q = key(query);
    if (!q.isEmpty()) {
      RedisHandoffClient.run("recording a gap", () -> redis.zincrby(GAPS, 1, q));
    }
  }

  /** The most frequent unanswered questions, most frequent first. */
  public List<Gap> topGaps(int n) {
    return top(GAPS, n);
  }

  /** The questions whose articles users most often said did not help. */
  public List<Gap> topUnhelpful(int n) {
    return top(UNHELPFUL_QUERIES, n);
  }

  private List<Gap> top(String key, int n) {
    List<ScoredValue<String>> values =
        RedisHandoffClient.call(
            "reading the gap report", () -> redis.zrevrangeWithScores(key, 0, Math.max(0, n - 1)));
    return values.stream().map(v -> new Gap(v.getValue(), (long) v.getScore())).toList();
  }

  private static long parse(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}

package dev.tier0.kb;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Feedback counts kept in this process only; lost on restart. Thread-safe. */
public final class InMemoryFeedbackStats implements FeedbackStats {

  private final ConcurrentMap<String, Counts> counts = new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemoryFeedbackStats() {}

  @Override
  public void record(String articleId, boolean helpful) {
    if (articleId == null) {
      return;
    }
    counts.merge(
        articleId,
        helpful ? new Counts(1, 0) : new Counts(0, 1),
        (a, b) -> new Counts(a.helpful() + b.helpful(), a.notHelpful() + b.notHelpful()));
  }

  @Override
  public Counts counts(String articleId) {
    return articleId == null ? Counts.NONE : counts.getOrDefault(articleId, Counts.NONE);
  }
}

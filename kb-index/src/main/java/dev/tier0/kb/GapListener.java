package dev.tier0.kb;

import dev.tier0.bot.spi.KnowledgeBase;
import java.time.Instant;
import java.util.List;

/**
 * Hears about queries the knowledge base could not answer, so that a gap report can be kept
 * elsewhere. Called on the searching thread: implementations must be quick and must not throw (an
 * exception is logged and ignored).
 */
@FunctionalInterface
public interface GapListener {

  /** A search ended with {@code noGoodAnswer}. */
  void on(QueryUnanswered event);

  /**
   * A query that got no good answer.
   *
   * @param text the query as the user wrote it (possibly shortened to the first 2,000 characters)
   * @param categoryHint the category the caller hinted, or null
   * @param candidates the hits that were not good enough, best first (possibly empty)
   * @param at when the search ran
   */
  record QueryUnanswered(
      String text, String categoryHint, List<KnowledgeBase.Hit> candidates, Instant at) {
    public QueryUnanswered {
      candidates = List.copyOf(candidates);
    }
  }
}

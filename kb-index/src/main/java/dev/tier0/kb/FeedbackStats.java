package dev.tier0.kb;

/**
 * "Did this help?" verdicts per article, used as a small ranking prior.
 *
 * <p>Implementations must be thread-safe; reads happen on every search, so they should be cheap (an
 * in-memory view, even when the source of truth is remote). A failing store should answer zero
 * counts rather than throw.
 */
public interface FeedbackStats {

  /** Records one verdict on an article. */
  void record(String articleId, boolean helpful);

  /** The verdicts recorded for an article so far; zero counts when there are none. */
  Counts counts(String articleId);

  /**
   * Helpful and not-helpful counts of one article.
   *
   * @param helpful how many users said the article helped
   * @param notHelpful how many said it did not
   */
  record Counts(long helpful, long notHelpful) {
    /** No verdicts at all. */
    public static final Counts NONE = new Counts(0, 0);
  }

  /** A store that keeps nothing and answers zero counts; for knowledge bases without feedback. */
  static FeedbackStats none() {
    return new FeedbackStats() {
      @Override
      public void record(String articleId, boolean helpful) {}

      @Override
      public Counts counts(String articleId) {
        return Counts.NONE;
      }
    };
  }
}

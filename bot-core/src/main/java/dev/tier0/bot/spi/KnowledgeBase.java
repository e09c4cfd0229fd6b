package dev.tier0.bot.spi;

import java.util.List;
import java.util.Optional;

/**
 * Searches the help articles.
 *
 * <p>Thread-safe; a search sees a consistent snapshot even while articles are reloaded. {@link
 * #search} never throws for any query text (Lucene syntax, 10 kB, emoji, nothing): a query that
 * cannot match returns no hits with {@code noGoodAnswer} true.
 */
public interface KnowledgeBase {

  /** Finds the articles that answer a query, best first. */
  SearchResult search(Query query);

  /** One article by id, or empty. */
  Optional<Article> find(String articleId);

  /** How many articles are searchable now. */
  int size();

  /**
   * Records a user's verdict on an article shown for a query. Implementations may use it as a small
   * ranking prior and for the gap report; the default ignores it.
   */
  default void feedback(String query, String articleId, boolean helpful) {}

  /**
   * A search.
   *
   * @param text what the user wrote
   * @param k how many hits at most (1..50)
   * @param categoryHint the detected category to favour, or null
   */
  record Query(String text, int k, String categoryHint) {
    public Query {
      k = Math.max(1, Math.min(k, 50));
    }
  }

  /**
   * A hit.
   *
   * @param snippet the passage that answers (the resolution steps when present), plain text
   * @param url where the full article can be read, or null
   */
  record Hit(
      String articleId, String title, String category, double score, String snippet, String url) {}

  /**
   * The hits and the verdict on them.
   *
   * @param noGoodAnswer true when no hit is good enough to show: offer a person instead
   */
  record SearchResult(List<Hit> hits, boolean noGoodAnswer) {
    public SearchResult {
      hits = List.copyOf(hits);
    }

    /** The best hit when it is good enough to show. */
    public Optional<Hit> best() {
      return noGoodAnswer || hits.isEmpty() ? Optional.empty() : Optional.of(hits.get(0));
    }
  }

  /**
   * A whole article.
   *
   * @param body the Markdown body without front matter
   */
  record Article(
      String id,
      String title,
      String category,
      List<String> tags,
      List<String> aliases,
      String body,
      String url) {}
}

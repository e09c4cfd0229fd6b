package dev.tier0.kb;

import dev.tier0.bot.spi.KnowledgeBase.Article;
import java.util.List;

/**
 * An article split into the fields the index weighs separately.
 *
 * @param symptoms plain text of the Symptoms section(s), possibly empty
 * @param resolution plain text of the Resolution section(s), possibly empty
 * @param text plain text of the whole body
 */
record ParsedArticle(
    String source,
    String id,
    String title,
    String category,
    List<String> tags,
    List<String> aliases,
    String symptoms,
    String resolution,
    String text,
    String markdown,
    String url) {

  Article toArticle() {
    return new Article(id, title, category, tags, aliases, markdown, url);
  }
}

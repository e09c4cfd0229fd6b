package dev.tier0.kb;

import java.util.Map;

/** Index field names and the weight each searched field carries. */
final class Fields {
  static final String PATH = "path";
  static final String ID = "id";
  static final String TITLE = "title";
  static final String ALIASES = "aliases";
  static final String TAGS = "tags";
  static final String CATEGORY = "category";
  static final String SYMPTOMS = "symptoms";
  static final String RESOLUTION = "resolution";

  /**
   * Everything searchable at once (title, aliases, tags and the whole text): the body's ranking
   * field, and where term statistics, coverage and spelling come from.
   */
  static final String ALL = "all";

  static final String URL = "url";
  static final String TEXT = "text";
  static final String MARKDOWN = "markdown";

  /**
   * Where a word appears says how central it is: a title or alias word names the problem, a body
   * word may only be mentioned in passing. The text as a whole is scored through the catch-all
   * field, so an article's text is analysed for one field instead of two.
   */
  static final Map<String, Float> WEIGHTS =
      Map.of(
          TITLE, 3.0f,
          ALIASES, 2.5f,
          TAGS, 2.0f,
          SYMPTOMS, 1.5f,
          RESOLUTION, 1.0f,
          ALL, 0.8f);

  private Fields() {}
}

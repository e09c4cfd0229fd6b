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
  static final String BODY = "body";

  /** Everything searchable at once: term statistics, coverage and spelling come from here. */
  static final String ALL = "all";

  static final String URL = "url";
  static final String TEXT = "text";
  static final String MARKDOWN = "markdown";

  /**
   * Where a word appears says how central it is: a title or alias word names the problem, a body
   * word may only be mentioned in passing.
   */
  static final Map<String, Float> WEIGHTS =
      Map.of(
          TITLE, 3.0f,
          ALIASES, 2.5f,
          TAGS, 2.0f,
          SYMPTOMS, 1.5f,
          RESOLUTION, 1.0f,
          BODY, 0.8f);

  private Fields() {}
}

package dev.tier0.kb;

import java.util.Objects;

/**
 * One article file's text before parsing, for knowledge bases that do not live in a folder (for
 * example Markdown files carried as classpath resources in a jar).
 *
 * @param name where the text came from (a file name or resource path), used in reports
 * @param text the whole file: YAML front matter and Markdown body
 */
public record ArticleSource(String name, String text) {
  public ArticleSource {
    Objects.requireNonNull(name, "name");
    text = text == null ? "" : text;
  }
}

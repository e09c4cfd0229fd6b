package dev.tier0.kb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.text.LineBreakRendering;
import org.commonmark.renderer.text.TextContentRenderer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Turns one Markdown file with YAML front matter into a {@link ParsedArticle} or a reason. */
final class ArticleParser {

  /** The outcome of parsing one file: exactly one of article and problem is non-null. */
  record Result(ParsedArticle article, String problem) {}

  private static final int MAX_FRONT_MATTER_CHARS = 64 * 1024;

  /**
   * One loader per indexing thread: building a loader costs more than reading a short front matter
   * with it, and a loader may be reused but not shared between threads.
   */
  private static final ThreadLocal<Yaml> YAML =
      ThreadLocal.withInitial(() -> {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(MAX_FRONT_MATTER_CHARS * 2);
        return new Yaml(new SafeConstructor(options));
      });

  private final Parser markdown = Parser.builder().build();
  private final TextContentRenderer plain =
      TextContentRenderer.builder().lineBreakRendering(LineBreakRendering.COMPACT).build();
  private final String urlPrefix;

  ArticleParser(String urlPrefix) {
    this.urlPrefix = urlPrefix;
  }

  Result parse(String source, String raw) {
    String text = raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
    text = text.replace("\r\n", "\n").replace('\r', '\n');
    if (text.indexOf('\0') >= 0) {
      return problem("not a text file");
    }
    String stripped = text.stripLeading();
    if (!stripped.startsWith("---")) {
      return problem("no front matter (a YAML block between --- lines with id and title)");
    }
    int firstEnd = stripped.indexOf('\n');
    if (firstEnd < 0 || !stripped.substring(0, firstEnd).strip().equals("---")) {
      return problem("broken front matter: the first line must be ---");
    }
    int close = findClosingFence(stripped, firstEnd + 1);
    if (close < 0) {
      return problem("broken front matter: no closing --- line");
    }
    String yaml = stripped.substring(firstEnd + 1, close);
    if (yaml.length() > MAX_FRONT_MATTER_CHARS) {
      return problem("broken front matter: longer than 64 kB");
    }
    int bodyStart = stripped.indexOf('\n', close);
    String body = bodyStart < 0 ? "" : stripped.substring(bodyStart + 1);

    Map<?, ?> meta;
    try {
      Object loaded = YAML.get().load(yaml);
      if (loaded == null) {
        return problem("no id in front matter");
      }
      if (!(loaded instanceof Map<?, ?> map)) {
        return problem("broken front matter: not a set of key: value pairs");
      }
      meta = map;
    } catch (RuntimeException e) {
      return problem("broken front matter: " + firstLine(e.getMessage()));
    }
    String id = scalar(meta.get("id"));
    if (id.isEmpty()) {
      return problem("no id in front matter");
    }
    String title = scalar(meta.get("title"));
    if (title.isEmpty()) {
      return problem("no title in front matter");
    }
    String category = scalar(meta.get("category")).toLowerCase(Locale.ROOT);
    List<String> tags = list(meta.get("tags"));
    List<String> aliases = list(meta.get("aliases"));
    String url = scalar(meta.get("url"));
    if (url.isEmpty()) {
      url = urlPrefix == null ? null : urlPrefix + id;
    }

    StringBuilder symptoms = new StringBuilder();
    StringBuilder resolution = new StringBuilder();
    StringBuilder all = new StringBuilder();
    StringBuilder current = null;
    for (Node node = markdown.parse(body).getFirstChild(); node != null; node = node.getNext()) {
      String rendered = plain.render(node).strip();
      if (node instanceof Heading) {
        current = sectionFor(rendered, symptoms, resolution);
      } else if (current != null) {
        append(current, rendered);
      }
      append(all, rendered);
    }
    return new Result(
        new ParsedArticle(
            source,
            id,
            title,
            category.isEmpty() ? null : category,
            tags,
            aliases,
            symptoms.toString(),
            resolution.toString(),
            all.toString(),
            body,
            url),
        null);
  }

  private static StringBuilder sectionFor(
      String heading, StringBuilder symptoms, StringBuilder resolution) {
    String h = heading.toLowerCase(Locale.ROOT);
    if (h.startsWith("symptom") || h.startsWith("problem") || h.startsWith("issue")) {
      return symptoms;
    }
    if (h.startsWith("resolution")
        || h.startsWith("solution")
        || h.startsWith("fix")
        || h.startsWith("steps")
        || h.startsWith("how to")
        || h.startsWith("workaround")) {
      return resolution;
    }
    return null;
  }

  private static void append(StringBuilder sb, String text) {
    if (text.isEmpty()) {
      return;
    }
    if (!sb.isEmpty()) {
      sb.append('\n');
    }
    sb.append(text);
  }

  private static int findClosingFence(String text, int from) {
    int lineStart = from;
    while (lineStart <= text.length()) {
      int lineEnd = text.indexOf('\n', lineStart);
      String line = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd).strip();
      if (line.equals("---") || line.equals("...")) {
        return lineStart;
      }
      if (lineEnd < 0) {
        return -1;
      }
      lineStart = lineEnd + 1;
    }
    return -1;
  }

  private static String scalar(Object value) {
    if (value == null || value instanceof Map<?, ?> || value instanceof Collection<?>) {
      return "";
    }
    return value.toString().strip();
  }

  private static List<String> list(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof Collection<?> items) {
      for (Object item : items) {
        String s = scalar(item);
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
    } else {
      for (String part : scalar(value).split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return List.copyOf(out);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable YAML";
    }
    String line = message.strip().lines().findFirst().orElse("unreadable YAML");
    return line.length() > 160 ? line.substring(0, 160) : line;
  }

  private static Result problem(String reason) {
    return new Result(null, reason);
  }
}

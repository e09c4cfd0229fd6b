package dev.tier0.app.console;

import dev.tier0.handoff.Ticket;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a knowledge-base article from a resolved ticket: the symptoms in the user's own words, the
 * resolution from what the bot tried, what the agent said and the agent's resolution. Users' and
 * agents' text is escaped so that it stays text in Markdown; front-matter values are YAML
 * double-quoted strings.
 */
final class ArticleDraft {

  static final int MAX_TITLE = 120;
  static final int MAX_LINE = 2_000;

  private ArticleDraft() {}

  static String markdown(String id, Ticket t) {
    StringBuilder md = new StringBuilder("---\n");
    md.append("id: ").append(id).append('\n');
    md.append("title: ").append(yaml(title(t))).append('\n');
    if (t.category() != null && !t.category().isBlank()) {
      md.append("category: ").append(yaml(t.category())).append('\n');
    }
    Set<String> tags = new LinkedHashSet<>();
    if (t.intent() != null && t.intent().name() != null) {
      tags.add(t.intent().name());
    }
    if (t.category() != null) {
      for (String part : t.category().split("\\.")) {
        if (!part.isBlank()) {
          tags.add(part);
        }
      }
    }
    md.append("tags: [")
        .append(String.join(", ", tags.stream().map(ArticleDraft::yaml).toList()))
        .append("]\n");
    List<String> userLines = lines(t, "user");
    if (!userLines.isEmpty()) {
      md.append("aliases: [").append(yaml(shorten(userLines.getFirst(), MAX_TITLE))).append("]\n");
    }
    md.append("source-ticket: ").append(yaml(t.id())).append('\n');
    md.append("---\n\n");

    md.append("## Symptoms\n\n");
    if (userLines.isEmpty()) {
      md.append(escape(t.subject() == null ? "(no description)" : t.subject())).append("\n\n");
    } else {
      md.append("What users report, in their own words:\n\n");
      for (String line : userLines) {
        md.append("- ").append(escape(line)).append('\n');
      }
      md.append('\n');
    }

    md.append("## Resolution\n\n");
    int step = 1;
    for (String tried : t.stepsTried()) {
      md.append(step++).append(". ").append(escape(tried)).append('\n');
    }
    for (String said : lines(t, "agent")) {
      md.append(step++).append(". ").append(escape(said)).append('\n');
    }
    if (t.resolution() != null && !t.resolution().isBlank()) {
      md.append(step).append(". ").append(escape(t.resolution())).append('\n');
    }
    if (step == 1 && (t.resolution() == null || t.resolution().isBlank())) {
      md.append("(Describe the steps that fixed it.)\n");
    }
    return md.toString();
  }

  private static String title(Ticket t) {
    String subject = t.subject() == null || t.subject().isBlank() ? t.id() : t.subject();
    return shorten(subject, MAX_TITLE);
  }

  private static List<String> lines(Ticket t, String from) {
    return t.transcript().stream()
        .filter(l -> from.equals(l.from()))
        .map(Ticket.Line::text)
        .filter(s -> s != null && !s.isBlank())
        .map(s -> shorten(s, MAX_LINE))
        .toList();
  }

  /** One line, printable, at most {@code max} characters. */
  static String shorten(String s, int max) {
    String one =
        s.codePoints()
            .map(c -> Character.isISOControl(c) ? ' ' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString()
            .replaceAll("\\s+", " ")
            .strip();
    return one.length() <= max ? one : one.substring(0, max - 1).strip() + "…";
  }

  /** A YAML double-quoted scalar. */
  static String yaml(String s) {
    StringBuilder out = new StringBuilder("\"");
    shorten(s, MAX_LINE)
        .codePoints()
        .forEach(c -> {
          switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            default -> out.appendCodePoint(c);
          }
        });
    return out.append('"').toString();
  }

  /**
   * Markdown text that renders as itself: the marks that start emphasis, code, links, HTML,
   * entities or tables are backslash-escaped everywhere, and list or heading marks at the start.
   */
  static String escape(String s) {
    StringBuilder out = new StringBuilder();
    String line = shorten(s, MAX_LINE);
    if (!line.isEmpty() && "-+#=!".indexOf(line.charAt(0)) >= 0) {
      out.append('\\');
    }
    line.codePoints()
        .forEach(c -> {
          if (c < 128 && "\\`*_[]<>|~&".indexOf(c) >= 0) {
            out.append('\\');
          }
          out.appendCodePoint(c);
        });
    return out.toString();
  }
}

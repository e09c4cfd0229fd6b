package dev.tier0.kb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the common, flat front matter ({@code key: value} lines, values plain or double-quoted
 * strings or {@code [a, "b c"]} lists) without a YAML loader, which costs as much as the rest of an
 * article's parsing. Anything else, and any value YAML might read as something other than a string
 * (numbers, booleans, dates, escapes, comments, anchors, nesting), gives null: the caller then uses
 * the YAML loader, so both paths always agree.
 */
final class FlatFrontMatter {

  private static final Set<String> NOT_STRINGS =
      Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null", "~");

  private static final String SPECIAL_FIRST = "-?:,[]{}#&*!|>'\"%@`.+~<=\\";

  private FlatFrontMatter() {}

  /** The keys and values, or null when the block is not plainly flat. */
  static Map<String, Object> parse(String yaml) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String line : yaml.split("\n", -1)) {
      if (line.isBlank()) {
        continue;
      }
      if (line.indexOf('\t') >= 0 || Character.isWhitespace(line.charAt(0))) {
        return null;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || colon + 1 >= line.length() || line.charAt(colon + 1) != ' ') {
        return null;
      }
      String key = line.substring(0, colon);
      if (!isKey(key) || out.containsKey(key)) {
        return null;
      }
      String raw = line.substring(colon + 2).strip();
      Object value = raw.startsWith("[") ? list(raw) : scalar(raw, false);
      if (value == null) {
        return null;
      }
      out.put(key, value);
    }
    return out.isEmpty() ? null : out;
  }

  private static boolean isKey(String key) {
    char first = key.charAt(0);
    if (!(Character.isLetter(first) || first == '_') || first > 127) {
      return false;
    }
    for (int i = 1; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static List<String> list(String raw) {
    if (!raw.endsWith("]") || raw.length() < 2) {
      return null;
    }
    String inner = raw.substring(1, raw.length() - 1);
    if (inner.isBlank()) {
      return List.of();
    }
    List<String> items = new ArrayList<>();
    StringBuilder item = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ',' && !quoted) {
        String value = scalar(item.toString().strip(), true);
        if (value == null) {
          return null;
        }
        items.add(value);
        item.setLength(0);
      } else {
        item.append(c);
      }
    }
    String value = quoted ? null : scalar(item.toString().strip(), true);
    if (value == null) {
      return null;
    }
    items.add(value);
    return items;
  }

  /** A value that YAML reads as exactly this string, or null when unsure. */
  private static String scalar(String raw, boolean inList) {
    if (raw.isEmpty()) {
      return null;
    }
    if (raw.charAt(0) == '"') {
      String inner =
          raw.length() >= 2 && raw.endsWith("\"") ? raw.substring(1, raw.length() - 1) : null;
      return inner == null || inner.indexOf('"') >= 0 || inner.indexOf('\\') >= 0 ? null : inner;
    }
    char first = raw.charAt(0);
    if (SPECIAL_FIRST.indexOf(first) >= 0 || Character.isDigit(first)) {
      return null;
    }
    if (raw.contains(": ")
        || raw.contains(" #")
        || raw.endsWith(":")
        || (inList
            && (raw.indexOf(':') >= 0
                || raw.indexOf('[') >= 0
                || raw.indexOf('{') >= 0
                || raw.indexOf(']') >= 0
                || raw.indexOf('}') >= 0))
        || NOT_STRINGS.contains(raw.toLowerCase(Locale.ROOT))) {
      return null;
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x20
          || (c >= 0x7f && c <= 0x9f)
          || (c >= 0xd800 && c <= 0xdfff)
          || c == '\u2028'
          || c == '\u2029'
          || c >= 0xfeff) {
        return null;
      }
    }
    return raw;
  }
}

package dev.tier0.kb.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for one line of an evaluation file: objects, arrays, strings, numbers, true,
 * false and null. Numbers stay text; nothing here needs arithmetic on them.
 */
final class JsonLine {
  private final String s;
  private int i;

  private JsonLine(String s) {
    this.s = s;
  }

  /** Parses one JSON value; throws IllegalArgumentException with the position when malformed. */
  static Object parse(String text) {
    JsonLine p = new JsonLine(text);
    p.ws();
    Object value = p.value(0);
    p.ws();
    if (p.i != p.s.length()) {
      throw p.error("text after the value");
    }
    return value;
  }

  private Object value(int depth) {
    if (depth > 64) {
      throw error("nested too deeply");
    }
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(i);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> number();
    };
  }

  private Map<String, Object> object(int depth) {
    Map<String, Object> out = new LinkedHashMap<>();
    i++;
    ws();
    if (peek('}')) {
      i++;
      return out;
    }
    while (true) {
      ws();
      if (!peek('"')) {
        throw error("expected a key");
      }
      String key = string();
      ws();
      expect(':');
      ws();
      out.put(key, value(depth + 1));
      ws();
      if (peek(',')) {
        i++;
      } else {
        expect('}');
        return out;
      }
    }
  }

  private List<Object> array(int depth) {
    List<Object> out = new ArrayList<>();
    i++;
    ws();
    if (peek(']')) {
      i++;
      return out;
    }
    while (true) {
      ws();
      out.add(value(depth + 1));
      ws();
      if (peek(',')) {
        i++;
      } else {
        expect(']');
        return out;
      }
    }
  }

  private String string() {
    i++;
    StringBuilder out = new StringBuilder();
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (i >= s.length()) {
        break;
      }
      char e = s.charAt(i++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 4 > s.length()) {
            throw error("short \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          i += 4;
        }
        default -> throw error("bad escape");
      }
    }
    throw error("unterminated string");
  }

  private Object literal(String word, Object value) {
    if (!s.startsWith(word, i)) {
      throw error("unexpected character");
    }
    i += word.length();
    return value;
  }

  private String number() {
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    if (start == i) {
      throw error("unexpected character");
    }
    return s.substring(start, i);
  }

  private void ws() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private boolean peek(char c) {
    return i < s.length() && s.charAt(i) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
    i++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at character " + (i + 1));
  }
}

package dev.tier0.connector.webchat;

/**
 * Repairs text that JSON can carry but UTF-8 cannot: a lone surrogate ({@code "\ud800"} is valid
 * JSON) would make the response writer fail, turning bad input into a server error.
 */
final class Unicode {

  private Unicode() {}

  /** The text with every unpaired surrogate replaced by U+FFFD; null stays null. */
  static String wellFormed(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder sb = null;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1));
      if (paired) {
        if (sb != null) {
          sb.append(c).append(text.charAt(i + 1));
        }
        i++;
        continue;
      }
      if (Character.isSurrogate(c)) {
        if (sb == null) {
          sb = new StringBuilder(n).append(text, 0, i);
        }
        sb.append('\uFFFD');
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? text : sb.toString();
  }
}

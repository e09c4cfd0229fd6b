package dev.tier0.bot.internal.nlu;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import opennlp.tools.stemmer.PorterStemmer;

/**
 * Turns typed text into the features of the intent model. Normalisation first (Unicode NFKC, case,
 * punctuation, letters repeated for emphasis, emoji, control characters), then word uni- and
 * bi-grams, stems, character n-grams inside words (they survive typos such as "pasword" or
 * "outlok") and shapes of numbers and error codes ("error 809", "0x80070005").
 *
 * <p>Thread-safe: no state but the settings.
 */
final class TextFeatures {

  /** Longer input is cut: the start of a message says what it is about and time stays bounded. */
  static final int MAX_CHARS = 1_000;

  static final int MAX_TOKENS = 64;

  private static final Pattern REPEATS = Pattern.compile("(\\p{L})\\1{2,}");
  private static final Pattern HEX = Pattern.compile("0x[0-9a-f]{4,}");
  private static final Pattern DIGITS = Pattern.compile("\\d+");

  private final int charMin;
  private final int charMax;
  private final float charWeight;

  TextFeatures(NluSettings settings) {
    this.charMin = settings.charNgramMin();
    this.charMax = settings.charNgramMax();
    this.charWeight = (float) settings.charNgramWeight();
  }

  /** Features and their values, in a stable order. */
  record Vector(String[] names, float[] values) {
    boolean isEmpty() {
      return names.length == 0;
    }

    static Vector of(Map<String, Float> features) {
      String[] names = features.keySet().toArray(String[]::new);
      float[] values = new float[names.length];
      for (int i = 0; i < names.length; i++) {
        values[i] = features.get(names[i]);
      }
      return new Vector(names, values);
    }

    void addTo(Map<String, Float> features) {
      for (int i = 0; i < names.length; i++) {
        features.putIfAbsent(names[i], values[i]);
      }
    }
  }

  /** Lower-case word tokens of the normalised text; letters, digits and error-code shapes. */
  static List<String> tokens(String text) {
    String normal = normalise(text);
    List<String> tokens = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= normal.length(); i++) {
      boolean word = i < normal.length() && isWordChar(normal.charAt(i));
      if (word && start < 0) {
        start = i;
      } else if (!word && start >= 0) {
        tokens.add(normal.substring(start, i));
        start = -1;
        if (tokens.size() >= MAX_TOKENS) {
          break;
        }
      }
    }
    return tokens;
  }

  static String normalise(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String cut = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    if (Character.isHighSurrogate(cut.charAt(cut.length() - 1))) {
      cut = cut.substring(0, cut.length() - 1);
    }
    String nfkc = Normalizer.normalize(cut, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(nfkc.length());
    for (int i = 0; i < nfkc.length(); ) {
      int cp = nfkc.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\'' || cp == '\u2019') {
        // "can't" and "cant" are the same word to a hurried typist.
        continue;
      }
      if (Character.isLetterOrDigit(cp)) {
        out.appendCodePoint(cp);
      } else if (Character.getType(cp) == Character.NON_SPACING_MARK) {
        continue;
      } else {
        out.append(' ');
      }
    }
    return REPEATS.matcher(out).replaceAll("$1$1");
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || Character.isSurrogate(c);
  }

  Vector extract(String text) {
    List<String> tokens = tokens(text);
    Map<String, Float> features = new LinkedHashMap<>();
    PorterStemmer stemmer = new PorterStemmer();
    String previous = START;
    for (String token : tokens) {
      Token t = token(token, stemmer);
      t.before().addTo(features);
      features.putIfAbsent(bigram(previous, t.word()), 1f);
      previous = t.word();
      t.after().addTo(features);
    }
    if (!tokens.isEmpty()) {
      features.putIfAbsent(bigram(previous, END), 1f);
    }
    return Vector.of(features);
  }

  static final String START = "<s>";
  static final String END = "</s>";

  /** The bi-gram feature of two consecutive words (or {@link #START} / {@link #END}). */
  static String bigram(String previous, String word) {
    return "b=" + previous + "_" + word;
  }

  /**
   * What one token adds to a message's features, apart from its bi-gram with the word before: the
   * features before that bi-gram in the message's order (word, raw token, stem, letters key) and
   * those after it (character n-grams). A feature already in the message is not added again, so
   * each name keeps its first place and its one value (set by its kind: 1, or the character
   * weight).
   *
   * @param word the token's shape, which its bi-grams use
   */
  record Token(String word, Vector before, Vector after) {}

  Token token(String token, PorterStemmer stemmer) {
    String word = shape(token);
    Map<String, Float> before = new LinkedHashMap<>();
    before.put("w=" + word, 1f);
    if (!word.equals(token)) {
      before.put("w=" + token, 1f);
    }
    boolean latin = isLatinWord(token);
    if (latin) {
      before.putIfAbsent("s=" + stemmer.stem(token), 1f);
    }
    if (token.length() >= 3 && token.length() <= 8 && latin) {
      // Letters in any order: swapped keys ("vnp", "pritner") still find their word.
      char[] letters = token.toCharArray();
      java.util.Arrays.sort(letters);
      before.putIfAbsent("a=" + new String(letters), charWeight);
    }
    Map<String, Float> after = new LinkedHashMap<>();
    if (charMin > 0 && latin) {
      String padded = "#" + token + "#";
      for (int n = charMin; n <= charMax; n++) {
        for (int i = 0; i + n <= padded.length(); i++) {
          after.putIfAbsent("c=" + padded.substring(i, i + n), charWeight);
        }
      }
    }
    return new Token(word, Vector.of(before), Vector.of(after));
  }

  /**
   * The word-level part of a vector (words, bi-grams, stems): what the second, word-only model of
   * the mixture is trained on and reads.
   */
  static Vector wordsOnly(Vector v) {
    int kept = 0;
    for (String name : v.names()) {
      kept += isWordFeature(name) ? 1 : 0;
    }
    String[] names = new String[kept];
    float[] values = new float[kept];
    int j = 0;
    for (int i = 0; i < v.names().length; i++) {
      if (isWordFeature(v.names()[i])) {
        names[j] = v.names()[i];
        values[j++] = v.values()[i];
      }
    }
    return new Vector(names, values);
  }

  private static boolean isWordFeature(String name) {
    return name.startsWith("w=") || name.startsWith("b=") || name.startsWith("s=");
  }

  /** Numbers and hex codes also count by their shape, so an unseen error number still says so. */
  static String shape(String token) {
    if (HEX.matcher(token).matches()) {
      return "<hex>";
    }
    if (DIGITS.matcher(token).matches()) {
      return token.length() >= 3 ? "<num" + Math.min(token.length(), 6) + ">" : "<num>";
    }
    return token;
  }

  private static boolean isLatinWord(String token) {
    if (token.length() > 30) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c > 'z' || c < 'a') {
        return false;
      }
    }
    return true;
  }
}

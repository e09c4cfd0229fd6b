package dev.tier0.kb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Picks the passage that answers and marks the query's words in it with {@code **word**}, which
 * every channel either renders as bold or shows harmlessly.
 */
final class Snippets {

  /** Words seen in passages; cleared when full, since a help-desk vocabulary is small. */
  private static final int MAX_CACHED_WORDS = 50_000;

  private static final int MAX_CACHED_WORD_CHARS = 48;

  /** Passages (resolution sections or article texts) kept analysed; cleared when full. */
  private static final int MAX_CACHED_PASSAGES = 4_096;

  private static final int MAX_CACHED_PASSAGE_CHARS = 20_000;

  private static final WordTerm[] NO_TERMS = {};

  /** One indexed term of a word, with its character range inside the word. */
  private record WordTerm(String term, int start, int end) {}

  private final Analyzer analyzer;
  private final int maxChars;
  private final Map<String, WordTerm[]> cache = new ConcurrentHashMap<>();
  private final Map<String, Analysed> passages = new ConcurrentHashMap<>();

  /**
   * Articles' fields as stored, each with its stripped text and analysis: the same string objects
   * come back with every search, so finding them costs a cached hash and an identity check rather
   * than stripping, hashing and comparing the whole text.
   */
  private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();

  private record Prepared(String source, Analysed analysed) {}

  Snippets(Analyzer analyzer, int maxChars) {
    this.analyzer = analyzer;
    this.maxChars = maxChars;
  }

  /** The resolution steps when the article has them, else its best matching paragraphs. */
  String snippet(String resolution, String text, Set<String> queryTerms) {
    return snippet(resolution, text, queryTerms, true);
  }

  /**
   * As {@link #snippet(String, String, Set)}, but checking every term of every line against the
   * query as the search's plain path does; tests compare the two.
   */
  String snippetPlain(String resolution, String text, Set<String> queryTerms) {
    return snippet(resolution, text, queryTerms, false);
  }

  private String snippet(String resolution, String text, Set<String> queryTerms, boolean indexed) {
    String raw;
    if (resolution != null && !resolution.isBlank()) {
      // A long resolution may hold several cases ("error 809 ... error 691 ..."): show the part
      // about the question, which starts at the line with the most query words.
      raw = resolution;
    } else if (text != null && !text.isBlank()) {
      raw = text;
    } else {
      return "";
    }
    Prepared prepared = prepared(raw);
    String source = prepared.source();
    Analysed analysed = prepared.analysed();
    boolean[] hit = indexed ? analysed.hits(queryTerms) : analysed.eachTermHits(queryTerms);
    if (source.length() <= maxChars) {
      return highlight(source, analysed, 0, source.length(), hit);
    }
    int from = indexed ? bestStart(analysed, hit) : bestStartOfEveryLine(source, analysed, hit);
    if (source.length() - from <= maxChars) {
      return highlight(source, analysed, from, source.length(), hit);
    }
    int end = cutEnd(source, from);
    // As String.strip() would, without losing the offsets into the analysed text.
    while (from < end && Character.isWhitespace(source.charAt(from))) {
      from++;
    }
    while (end > from && Character.isWhitespace(source.charAt(end - 1))) {
      end--;
    }
    return highlight(source, analysed, from, end, hit) + " …";
  }

  /** Where the passage starts: the paragraph with the most query words, so it is about them. */
  private int bestStart(Analysed analysed, boolean[] hit) {
    if (hit == null) {
      return 0;
    }
    int bestStart = 0;
    int bestHits = 0;
    for (int l = 0; l < analysed.lineStarts.length; l++) {
      // A line without a query word counts nothing; only the others need their marks merged.
      int first = analysed.lineFirst[l];
      int stop = analysed.lineStop[l];
      boolean any = false;
      for (int t = first; t < stop && !any; t++) {
        any = hit[t];
      }
      if (!any) {
        continue;
      }
      int start = analysed.lineStarts[l];
      int hits = countMarks(analysed, first, stop, hit);
      if (hits < 0) {
        hits = marks(analysed, start, analysed.lineEnds[l], hit).size();
      }
      if (hits > bestHits) {
        bestHits = hits;
        bestStart = start;
      }
    }
    // When the best line shows anyway, keep the passage's beginning (step 1 comes first).
    return bestStart < maxChars / 2 ? 0 : bestStart;
  }

  /**
   * How many marks {@link #marks} would make over the terms {@code [first, stop)}: merged ranges
   * are the connected parts of the marked terms' ranges, counted in one pass when the terms start
   * in order; -1 when they do not (then the marks are made and counted).
   */
  private static int countMarks(Analysed text, int first, int stop, boolean[] hit) {
    int count = 0;
    int lastStart = Integer.MIN_VALUE;
    int end = Integer.MIN_VALUE;
    for (int t = first; t < stop; t++) {
      int start = text.starts[t];
      if (start < lastStart) {
        return -1;
      }
      lastStart = start;
      if (!hit[t]) {
        continue;
      }
      if (count > 0 && start <= end) {
        end = Math.max(end, text.ends[t]);
      } else {
        count++;
        end = text.ends[t];
      }
    }
    return count;
  }

  /** As {@link #bestStart}, marking every line of the text. */
  private int bestStartOfEveryLine(String text, Analysed analysed, boolean[] hit) {
    int bestStart = 0;
    int bestHits = 0;
    int start = 0;
    while (start <= text.length()) {
      int lineEnd = text.indexOf('\n', start);
      if (lineEnd < 0) {
        lineEnd = text.length();
      }
      int hits = marks(analysed, start, lineEnd, hit).size();
      if (hits > bestHits) {
        bestHits = hits;
        bestStart = start;
      }
      start = lineEnd + 1;
    }
    return bestStart < maxChars / 2 ? 0 : bestStart;
  }

  private int cutEnd(String text, int from) {
    int end = from + maxChars;
    int lineBreak = text.lastIndexOf('\n', end);
    if (lineBreak > from + maxChars / 2) {
      return lineBreak;
    }
    int space = text.lastIndexOf(' ', end);
    return space > from + maxChars / 2 ? space : end;
  }

  private static String highlight(
      String text, Analysed analysed, int from, int end, boolean[] hit) {
    List<int[]> ranges = marks(analysed, from, end, hit);
    StringBuilder out = new StringBuilder(end - from + ranges.size() * 4);
    int at = from;
    for (int[] r : ranges) {
      out.append(text, at, from + r[0]).append("**").append(text, from + r[0], from + r[1]);
      out.append("**");
      at = from + r[1];
    }
    return out.append(text, at, end).toString();
  }

  String highlight(String passage, Set<String> queryTerms) {
    List<int[]> ranges = marks(passage, queryTerms);
    if (ranges.isEmpty()) {
      return passage;
    }
    StringBuilder out = new StringBuilder(passage.length() + ranges.size() * 4);
    int at = 0;
    for (int[] r : ranges) {
      out.append(passage, at, r[0]).append("**").append(passage, r[0], r[1]).append("**");
      at = r[1];
    }
    return out.append(passage, at, passage.length()).toString();
  }

  /** Sorted, non-overlapping character ranges of the passage's words that the query contains. */
  private List<int[]> marks(String passage, Set<String> queryTerms) {
    Analysed analysed = analysed(passage);
    return marks(analysed, 0, passage.length(), analysed.hits(queryTerms));
  }

  /**
   * The marks of the words inside {@code [from, to)} of an analysed text, relative to {@code from}.
   */
  private static List<int[]> marks(Analysed text, int from, int to, boolean[] hit) {
    List<int[]> ranges = new ArrayList<>();
    if (hit == null) {
      return ranges;
    }
    for (int t = text.firstAt(from); t < text.terms.length && text.ends[t] <= to; t++) {
      if (hit[t]) {
        ranges.add(new int[] {text.starts[t] - from, text.ends[t] - from});
      }
    }
    ranges.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(b[1], a[1]));
    List<int[]> merged = new ArrayList<>();
    for (int[] r : ranges) {
      int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && r[0] <= last[1]) {
        last[1] = Math.max(last[1], r[1]);
      } else {
        merged.add(new int[] {r[0], r[1]});
      }
    }
    return merged;
  }

  private Prepared prepared(String raw) {
    if (raw.length() > MAX_CACHED_PASSAGE_CHARS) {
      String source = raw.strip();
      return new Prepared(source, analysed(source));
    }
    Prepared known = prepared.get(raw);
    if (known == null) {
      String source = raw.strip();
      known = new Prepared(source, analysed(source));
      if (prepared.size() >= MAX_CACHED_PASSAGES) {
        prepared.clear();
      }
      prepared.put(raw, known);
    }
    return known;
  }

  /**
   * The indexed terms of a text with their character ranges, sorted by position. Articles' passages
   * come back with every search, so each is analysed once (until the cache is full).
   */
  private Analysed analysed(String text) {
    if (text.length() > MAX_CACHED_PASSAGE_CHARS) {
      return analyseText(text);
    }
    Analysed known = passages.get(text);
    if (known == null) {
      known = analyseText(text);
      if (passages.size() >= MAX_CACHED_PASSAGES) {
        passages.clear();
      }
      passages.put(text, known);
    }
    return known;
  }

  private Analysed analyseText(String text) {
    // The index chain treats each word on its own (see ItAnalysis.separates), so a word's terms
    // are looked up in a cache instead of running the whole passage through the analyser.
    List<String> terms = new ArrayList<>();
    List<int[]> ranges = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      int cp = text.codePointAt(i);
      if (ItAnalysis.separates(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      while (i < n) {
        cp = text.codePointAt(i);
        if (ItAnalysis.separates(cp)) {
          break;
        }
        i += Character.charCount(cp);
      }
      for (WordTerm t : terms(text.substring(start, i))) {
        terms.add(t.term());
        ranges.add(new int[] {start + t.start(), start + t.end()});
      }
    }
    String[] termArray = new String[terms.size()];
    int[] starts = new int[terms.size()];
    int[] ends = new int[terms.size()];
    Map<String, List<Integer>> at = new HashMap<>();
    for (int t = 0; t < termArray.length; t++) {
      termArray[t] = terms.get(t);
      starts[t] = ranges.get(t)[0];
      ends[t] = ranges.get(t)[1];
      at.computeIfAbsent(termArray[t], k -> new ArrayList<>(2)).add(t);
    }
    Map<String, int[]> positions = new HashMap<>(at.size() * 2);
    at.forEach(
        (term, list) -> positions.put(term, list.stream().mapToInt(Integer::intValue).toArray()));
    Analysed out = new Analysed(termArray, starts, ends, positions, null, null, null, null);
    // The lines as bestStart walks them, each with the terms its marks would look at.
    List<int[]> lines = new ArrayList<>();
    int start = 0;
    while (start <= n) {
      int lineEnd = text.indexOf('\n', start);
      if (lineEnd < 0) {
        lineEnd = n;
      }
      int first = out.firstAt(start);
      int stop = first;
      while (stop < termArray.length && ends[stop] <= lineEnd) {
        stop++;
      }
      lines.add(new int[] {start, lineEnd, first, stop});
      start = lineEnd + 1;
    }
    int[] lineStarts = new int[lines.size()];
    int[] lineEnds = new int[lines.size()];
    int[] lineFirst = new int[lines.size()];
    int[] lineStop = new int[lines.size()];
    for (int l = 0; l < lineStarts.length; l++) {
      int[] line = lines.get(l);
      lineStarts[l] = line[0];
      lineEnds[l] = line[1];
      lineFirst[l] = line[2];
      lineStop[l] = line[3];
    }
    return new Analysed(
        termArray, starts, ends, positions, lineStarts, lineEnds, lineFirst, lineStop);
  }

  /**
   * A text's terms in order of position (a word's terms share the word's place), where each
   * distinct term occurs, and the text's lines with the range of terms inside each: a query looks
   * up its few terms here instead of checking every term of the text against the query.
   */
  private record Analysed(
      String[] terms,
      int[] starts,
      int[] ends,
      Map<String, int[]> positions,
      int[] lineStarts,
      int[] lineEnds,
      int[] lineFirst,
      int[] lineStop) {

    /**
     * For each term of the text, whether the query contains it; null when the query is empty.
     * Looked up from whichever side is smaller, with the same answer as {@code
     * queryTerms.contains(terms[t])}.
     */
    boolean[] hits(Set<String> queryTerms) {
      if (queryTerms.isEmpty()) {
        return null;
      }
      boolean[] hit = new boolean[terms.length];
      if (queryTerms.size() <= positions.size()) {
        for (String q : queryTerms) {
          int[] at = q == null ? null : positions.get(q);
          if (at != null) {
            for (int t : at) {
              hit[t] = true;
            }
          }
        }
      } else {
        for (Map.Entry<String, int[]> e : positions.entrySet()) {
          if (queryTerms.contains(e.getKey())) {
            for (int t : e.getValue()) {
              hit[t] = true;
            }
          }
        }
      }
      return hit;
    }

    /** As {@link #hits}, asking the query about every term of the text. */
    boolean[] eachTermHits(Set<String> queryTerms) {
      if (queryTerms.isEmpty()) {
        return null;
      }
      boolean[] hit = new boolean[terms.length];
      for (int t = 0; t < terms.length; t++) {
        hit[t] = queryTerms.contains(terms[t]);
      }
      return hit;
    }

    /** The first term that starts at or after {@code offset}. */
    int firstAt(int offset) {
      int lo = 0;
      int hi = starts.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (starts[mid] < offset) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      // Terms of one word can start before an earlier one ends; step back to the word's first.
      while (lo > 0 && starts[lo - 1] >= offset) {
        lo--;
      }
      return lo;
    }
  }

  private WordTerm[] terms(String word) {
    if (word.length() > MAX_CACHED_WORD_CHARS) {
      return analyse(word);
    }
    WordTerm[] terms = cache.get(word);
    if (terms == null) {
      terms = analyse(word);
      if (cache.size() >= MAX_CACHED_WORDS) {
        cache.clear();
      }
      cache.put(word, terms);
    }
    return terms;
  }

  private WordTerm[] analyse(String word) {
    List<WordTerm> out = new ArrayList<>(2);
    try (TokenStream ts = analyzer.tokenStream(Fields.TEXT, word)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        int s = offset.startOffset();
        int e = offset.endOffset();
        if (s >= 0 && e <= word.length() && s < e) {
          out.add(new WordTerm(term.toString(), s, e));
        }
      }
      ts.end();
    } catch (IOException | RuntimeException e) {
      return NO_TERMS;
    }
    return out.isEmpty() ? NO_TERMS : out.toArray(WordTerm[]::new);
  }
}

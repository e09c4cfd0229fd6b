package dev.tier0.kb;

import java.io.IOException;
import java.util.ArrayList;
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

  private static final WordTerm[] NO_TERMS = {};

  /** One indexed term of a word, with its character range inside the word. */
  private record WordTerm(String term, int start, int end) {}

  private final Analyzer analyzer;
  private final int maxChars;
  private final Map<String, WordTerm[]> cache = new ConcurrentHashMap<>();

  Snippets(Analyzer analyzer, int maxChars) {
    this.analyzer = analyzer;
    this.maxChars = maxChars;
  }

  /** The resolution steps when the article has them, else its best matching paragraphs. */
  String snippet(String resolution, String text, Set<String> queryTerms) {
    String passage;
    if (resolution != null && !resolution.isBlank()) {
      // A long resolution may hold several cases ("error 809 ... error 691 ..."): show the part
      // about the question, which starts at the line with the most query words.
      passage = bestWindow(resolution.strip(), queryTerms);
    } else if (text != null && !text.isBlank()) {
      passage = bestWindow(text.strip(), queryTerms);
    } else {
      return "";
    }
    return highlight(passage, queryTerms);
  }

  private String bestWindow(String text, Set<String> queryTerms) {
    if (text.length() <= maxChars) {
      return text;
    }
    // Start at the paragraph with the most query words, so the snippet is about the question.
    int bestStart = 0;
    int bestHits = 0;
    int start = 0;
    for (String line : text.split("\n", -1)) {
      int hits = marks(line, queryTerms).size();
      if (hits > bestHits) {
        bestHits = hits;
        bestStart = start;
      }
      start += line.length() + 1;
    }
    // When the best line shows anyway, keep the passage's beginning (step 1 comes first).
    return cut(text, bestStart < maxChars / 2 ? 0 : bestStart);
  }

  private String cut(String text, int from) {
    if (text.length() - from <= maxChars) {
      return text.substring(from);
    }
    int end = from + maxChars;
    int lineBreak = text.lastIndexOf('\n', end);
    if (lineBreak > from + maxChars / 2) {
      end = lineBreak;
    } else {
      int space = text.lastIndexOf(' ', end);
      if (space > from + maxChars / 2) {
        end = space;
      }
    }
    return text.substring(from, end).strip() + " …";
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
    List<int[]> ranges = new ArrayList<>();
    if (queryTerms.isEmpty() || passage.isEmpty()) {
      return ranges;
    }
    // The index chain treats each word on its own (see ItAnalysis.separates), so a word's terms
    // are looked up in a cache instead of running the whole passage through the analyser.
    int n = passage.length();
    int i = 0;
    while (i < n) {
      int cp = passage.codePointAt(i);
      if (ItAnalysis.separates(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      while (i < n) {
        cp = passage.codePointAt(i);
        if (ItAnalysis.separates(cp)) {
          break;
        }
        i += Character.charCount(cp);
      }
      for (WordTerm t : terms(passage.substring(start, i))) {
        if (queryTerms.contains(t.term())) {
          ranges.add(new int[] {start + t.start(), start + t.end()});
        }
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

package dev.tier0.kb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Picks the passage that answers and marks the query's words in it with {@code **word**}, which
 * every channel either renders as bold or shows harmlessly.
 */
final class Snippets {

  private final Analyzer analyzer;
  private final int maxChars;

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
    try (TokenStream ts = analyzer.tokenStream(Fields.TEXT, passage)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        int s = offset.startOffset();
        int e = offset.endOffset();
        if (s < 0 || e > passage.length() || s >= e || !queryTerms.contains(term.toString())) {
          continue;
        }
        ranges.add(new int[] {s, e});
      }
      ts.end();
    } catch (IOException | RuntimeException e) {
      return List.of();
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
}

package dev.tier0.kb;

import java.io.IOException;
import java.util.Locale;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * Tells cheaply when no indexed word is within reach of the spelling checker, so that the costly
 * search for a suggestion (a Levenshtein automaton walked through the terms dictionary) is skipped
 * for words nothing resembles, which is most unknown words.
 *
 * <p>The checker keeps the first letter and allows one edit, or two for long words, transpositions
 * included. Two words within that many edits become equal after deleting at most as many letters
 * after the first from each, so every such deletion of every indexed word is kept as a 64-bit hash;
 * an unknown word none of whose deletions is there has no suggestion. A hash collision only costs a
 * needless search, never a lost suggestion.
 */
final class SpellingFilter {

  /** A suggestion for a word of four letters or more, one edit away, has three letters or more. */
  private static final int MIN_ONE_EDIT = 3;

  /** A suggestion for a word of eight letters or more, two edits away, has six letters or more. */
  private static final int MIN_TWO_EDITS = 6;

  private final LongSet oneEdit = new LongSet();
  private final LongSet twoEdits = new LongSet();

  private SpellingFilter() {}

  /** Reads every term of the field once. */
  static SpellingFilter of(IndexReader reader, String field) throws IOException {
    SpellingFilter filter = new SpellingFilter();
    Terms terms = MultiTerms.getTerms(reader, field);
    if (terms == null) {
      return filter;
    }
    TermsEnum te = terms.iterator();
    for (BytesRef term = te.next(); term != null; term = te.next()) {
      int[] cps = term.utf8ToString().codePoints().toArray();
      if (cps.length >= MIN_ONE_EDIT) {
        deletions(cps, 1, filter.oneEdit, null);
      }
      if (cps.length >= MIN_TWO_EDITS) {
        deletions(cps, 2, filter.twoEdits, null);
      }
    }
    return filter;
  }

  /**
   * False when the checker cannot suggest anything for the word with at most {@code maxEdits}
   * edits; true when it may.
   */
  boolean mayHaveSuggestion(String word, int maxEdits) {
    int[] cps = word.toLowerCase(Locale.ROOT).codePoints().toArray();
    if (cps.length < 2 || maxEdits >= 2 && cps.length < MIN_TWO_EDITS + 2) {
      return true; // outside what the deletion sets were built for: let the checker decide
    }
    LongSet set = maxEdits >= 2 ? twoEdits : oneEdit;
    return deletions(cps, Math.min(2, maxEdits), null, set);
  }

  /**
   * Every form of the word with up to {@code k} letters after the first deleted: added to {@code
   * into}, or looked up in {@code probe} (true at the first form found there).
   */
  private static boolean deletions(int[] cps, int k, LongSet into, LongSet probe) {
    int n = cps.length;
    if (visit(cps, -1, -1, into, probe)) {
      return true;
    }
    for (int i = 1; i < n; i++) {
      if (visit(cps, i, -1, into, probe)) {
        return true;
      }
      if (k < 2) {
        continue;
      }
      for (int j = i + 1; j < n; j++) {
        if (visit(cps, i, j, into, probe)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean visit(int[] cps, int skip1, int skip2, LongSet into, LongSet probe) {
    long h = 0xcbf29ce484222325L;
    for (int p = 0; p < cps.length; p++) {
      if (p != skip1 && p != skip2) {
        h = (h ^ cps[p]) * 0x100000001b3L;
      }
    }
    h ^= h >>> 29;
    if (into != null) {
      into.add(h);
      return false;
    }
    return probe.contains(h);
  }

  /** An open-addressing set of longs, without boxing. */
  private static final class LongSet {
    private long[] slots = new long[1024];
    private boolean hasZero;
    private int size;

    void add(long v) {
      if (v == 0) {
        hasZero = true;
        return;
      }
      if (2 * (size + 1) > slots.length) {
        grow();
      }
      if (insert(slots, v)) {
        size++;
      }
    }

    boolean contains(long v) {
      if (v == 0) {
        return hasZero;
      }
      int mask = slots.length - 1;
      for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
        long s = slots[i];
        if (s == v) {
          return true;
        }
        if (s == 0) {
          return false;
        }
      }
    }

    private static boolean insert(long[] table, long v) {
      int mask = table.length - 1;
      for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
        long s = table[i];
        if (s == v) {
          return false;
        }
        if (s == 0) {
          table[i] = v;
          return true;
        }
      }
    }

    private void grow() {
      long[] bigger = new long[slots.length * 2];
      for (long s : slots) {
        if (s != 0) {
          insert(bigger, s);
        }
      }
      slots = bigger;
    }

    private static int mix(long v) {
      long x = v * 0x9e3779b97f4a7c15L;
      return (int) (x ^ (x >>> 32));
    }
  }
}

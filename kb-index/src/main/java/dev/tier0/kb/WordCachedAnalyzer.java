package dev.tier0.kb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;

/**
 * The index chain with each distinct word analysed once. The chain treats every word on its own
 * (see {@link ItAnalysis#separates}), so the tokens of a text are the tokens of its words one after
 * another; the words of a knowledge base repeat across articles and across the fields of one
 * article (the catch-all field holds them all again), and the word delimiter and the stemmer are
 * most of the cost of indexing. The tokens, positions and offsets are exactly the chain's.
 */
final class WordCachedAnalyzer extends Analyzer {

  /** Cleared when full: a knowledge base's vocabulary is far smaller. */
  private static final int MAX_CACHED_WORDS = 200_000;

  /** Longer words are analysed every time: they are rare and would bloat the cache. */
  private static final int MAX_CACHED_WORD_CHARS = 48;

  /**
   * The chain's output for one word on its own.
   *
   * @param terms the terms in order
   * @param increments each term's position increment
   * @param lengths each term's position length
   * @param starts each term's start offset inside the word
   * @param ends each term's end offset inside the word
   * @param trailing positions the chain skipped after the last term (removed stop words)
   */
  private record Word(
      String[] terms, int[] increments, int[] lengths, int[] starts, int[] ends, int trailing) {

    /** One plain token, or a stop word that only takes its position. */
    boolean simple() {
      return terms.length == 1 && increments[0] == 1 && lengths[0] == 1 && trailing == 0
          || terms.length == 0 && trailing == 1;
    }
  }

  private final Analyzer chain;
  private final Map<String, Word> cache = new ConcurrentHashMap<>();

  WordCachedAnalyzer(Analyzer chain) {
    super(Analyzer.PER_FIELD_REUSE_STRATEGY);
    this.chain = chain;
  }

  /**
   * Forgets the words seen: after a load, the index holds what they were for, and a later change
   * touches only a few articles.
   */
  void forget() {
    cache.clear();
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    return new TokenStreamComponents(new Replay(fieldName));
  }

  @Override
  public int getPositionIncrementGap(String fieldName) {
    return chain.getPositionIncrementGap(fieldName);
  }

  @Override
  public int getOffsetGap(String fieldName) {
    return chain.getOffsetGap(fieldName);
  }

  private Word word(String field, String word) {
    if (word.length() > MAX_CACHED_WORD_CHARS) {
      return analyse(field, word);
    }
    Word w = cache.get(word);
    if (w == null) {
      w = analyse(field, word);
      if (cache.size() >= MAX_CACHED_WORDS) {
        cache.clear();
      }
      cache.put(word, w);
    }
    return w;
  }

  private Word analyse(String field, String word) {
    List<String> terms = new ArrayList<>(2);
    List<int[]> attributes = new ArrayList<>(2);
    int trailing;
    try (TokenStream ts = chain.tokenStream(field, word)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute increment = ts.addAttribute(PositionIncrementAttribute.class);
      PositionLengthAttribute length = ts.addAttribute(PositionLengthAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        terms.add(term.toString());
        attributes.add(
            new int[] {
              increment.getPositionIncrement(),
              length.getPositionLength(),
              offset.startOffset(),
              offset.endOffset()
            });
      }
      ts.end();
      trailing = increment.getPositionIncrement();
    } catch (IOException e) {
      // Analysing a string in memory does not fail; if it does, the word adds no terms.
      return new Word(new String[0], new int[0], new int[0], new int[0], new int[0], 1);
    }
    int n = terms.size();
    int[] increments = new int[n];
    int[] lengths = new int[n];
    int[] starts = new int[n];
    int[] ends = new int[n];
    for (int i = 0; i < n; i++) {
      int[] a = attributes.get(i);
      increments[i] = a[0];
      lengths[i] = a[1];
      starts[i] = a[2];
      ends[i] = a[3];
    }
    return new Word(terms.toArray(String[]::new), increments, lengths, starts, ends, trailing);
  }

  /**
   * Splits the text into words and replays each word's cached tokens. A word the chain turns into
   * several tokens or a token graph ("wi-fi", "e-mail", "a-b") makes the chain position the
   * following words in a way that depends on its neighbours, so a value holding one is analysed by
   * the chain as a whole.
   */
  private final class Replay extends Tokenizer {
    private final String field;
    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute incrementAtt =
        addAttribute(PositionIncrementAttribute.class);
    private final PositionLengthAttribute lengthAtt = addAttribute(PositionLengthAttribute.class);
    private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
    private final StringBuilder text = new StringBuilder();
    private final char[] buffer = new char[1024];
    private final List<Word> words = new ArrayList<>();
    private int[] wordStarts = new int[64];
    private int wordIndex;
    private int debt;
    private TokenStream whole;
    private CharTermAttribute wholeTerm;
    private PositionIncrementAttribute wholeIncrement;
    private PositionLengthAttribute wholeLength;
    private OffsetAttribute wholeOffset;

    Replay(String field) {
      this.field = field;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      text.setLength(0);
      for (int read = input.read(buffer); read >= 0; read = input.read(buffer)) {
        text.append(buffer, 0, read);
      }
      words.clear();
      wordIndex = 0;
      debt = 0;
      closeWhole();
      boolean simple = split();
      if (!simple) {
        whole = chain.tokenStream(field, text.toString());
        wholeTerm = whole.addAttribute(CharTermAttribute.class);
        wholeIncrement = whole.addAttribute(PositionIncrementAttribute.class);
        wholeLength = whole.addAttribute(PositionLengthAttribute.class);
        wholeOffset = whole.addAttribute(OffsetAttribute.class);
        whole.reset();
      }
    }

    /** Looks up every word; false when one of them needs its neighbours. */
    private boolean split() {
      String text = this.text.toString();
      int n = text.length();
      int at = 0;
      boolean simple = true;
      while (true) {
        while (at < n) {
          int cp = text.codePointAt(at);
          if (!ItAnalysis.separates(cp)) {
            break;
          }
          at += Character.charCount(cp);
        }
        if (at >= n) {
          return simple;
        }
        int start = at;
        while (at < n) {
          int cp = text.codePointAt(at);
          if (ItAnalysis.separates(cp)) {
            break;
          }
          at += Character.charCount(cp);
        }
        Word w = word(field, text.substring(start, at));
        if (!w.simple()) {
          simple = false;
        }
        if (words.size() == wordStarts.length) {
          wordStarts = java.util.Arrays.copyOf(wordStarts, wordStarts.length * 2);
        }
        wordStarts[words.size()] = start;
        words.add(w);
      }
    }

    @Override
    public boolean incrementToken() throws IOException {
      if (whole != null) {
        if (!whole.incrementToken()) {
          return false;
        }
        clearAttributes();
        termAtt.copyBuffer(wholeTerm.buffer(), 0, wholeTerm.length());
        incrementAtt.setPositionIncrement(wholeIncrement.getPositionIncrement());
        lengthAtt.setPositionLength(wholeLength.getPositionLength());
        offsetAtt.setOffset(
            correctOffset(wholeOffset.startOffset()), correctOffset(wholeOffset.endOffset()));
        return true;
      }
      while (wordIndex < words.size()) {
        Word w = words.get(wordIndex);
        int start = wordStarts[wordIndex];
        wordIndex++;
        if (w.terms().length == 0) {
          // A stop word: the chain skips its position.
          debt += w.trailing();
          continue;
        }
        clearAttributes();
        termAtt.setEmpty().append(w.terms()[0]);
        incrementAtt.setPositionIncrement(w.increments()[0] + debt);
        debt = 0;
        offsetAtt.setOffset(
            correctOffset(start + w.starts()[0]), correctOffset(start + w.ends()[0]));
        return true;
      }
      return false;
    }

    @Override
    public void end() throws IOException {
      super.end();
      if (whole != null) {
        whole.end();
        incrementAtt.setPositionIncrement(wholeIncrement.getPositionIncrement());
        offsetAtt.setOffset(
            correctOffset(wholeOffset.startOffset()), correctOffset(wholeOffset.endOffset()));
        return;
      }
      int finalOffset = correctOffset(text.length());
      offsetAtt.setOffset(finalOffset, finalOffset);
      // Stop words at the very end still take their positions, as in the chain.
      incrementAtt.setPositionIncrement(debt);
    }

    @Override
    public void close() throws IOException {
      closeWhole();
      super.close();
    }

    private void closeWhole() throws IOException {
      if (whole != null) {
        TokenStream open = whole;
        whole = null;
        open.close();
      }
    }
  }
}

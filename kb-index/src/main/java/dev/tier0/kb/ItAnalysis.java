package dev.tier0.kb;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.core.LowerCaseFilter;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;

/**
 * The analysis chain for IT help-desk text.
 *
 * <p>Whitespace tokens are split by a word delimiter that also joins the parts, so "wi-fi", "Wi Fi"
 * and "wifi" meet at "wifi" and "e-mail" meets "email"; letters and digits are never split apart,
 * so "2FA", "0x80070005" and "809" stay whole tokens. Then lower-casing, ASCII folding, stop words,
 * and the Porter stemmer, which leaves protected product words alone. Queries additionally go
 * through the synonym map before stop words and stemming, so map entries are written in plain form.
 */
final class ItAnalysis {

  static final String RESOURCE_DIR = "/dev/tier0/kb/";

  private static final int DELIMITER_FLAGS =
      WordDelimiterGraphFilter.GENERATE_WORD_PARTS
          | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS
          | WordDelimiterGraphFilter.CATENATE_WORDS
          | WordDelimiterGraphFilter.CATENATE_NUMBERS
          | WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE;

  // Synonym entries must not produce stacked tokens, so the parser's chain only joins parts.
  private static final int SYNONYM_ENTRY_FLAGS =
      WordDelimiterGraphFilter.CATENATE_WORDS
          | WordDelimiterGraphFilter.CATENATE_NUMBERS
          | WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE;

  // Punctuation between words separates them outright; only hyphens, apostrophes, dots and
  // underscores are left for the word delimiter to split and join ("login/password" is two words,
  // "wi-fi" is one).
  private static final String SEPARATOR_CHARS = "/\\|,;:()[]{}<>\"!?*+=&~^`$%";

  private static final NormalizeCharMap SEPARATORS = separators();

  private final CharArraySet stopWords;
  private final CharArraySet protectedWords;
  private final SynonymMap synonyms;
  private final Analyzer index;
  private final Analyzer query;
  private final WordCachedAnalyzer indexing;

  private ItAnalysis(CharArraySet stopWords, CharArraySet protectedWords, SynonymMap synonyms) {
    this.stopWords = stopWords;
    this.protectedWords = protectedWords;
    this.synonyms = synonyms;
    this.index = new Chain(false);
    this.query = new Chain(true);
    this.indexing = new WordCachedAnalyzer(index);
  }

  /** The chain with the shipped word lists and the given synonym file (null: the shipped one). */
  static ItAnalysis create(Path synonymsFile) {
    CharArraySet stop = new CharArraySet(wordList("stopwords.txt"), true);
    CharArraySet keep = new CharArraySet(wordList("protected-words.txt"), true);
    String synonymText;
    try {
      synonymText =
          synonymsFile == null
              ? resource("synonyms.txt")
              : Files.readString(synonymsFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read synonym file " + synonymsFile, e);
    }
    return new ItAnalysis(stop, keep, parseSynonyms(synonymText));
  }

  /** The analyzer for indexed text: no synonyms, a flat token stream. */
  Analyzer index() {
    return index;
  }

  /**
   * The index chain for the index writer: the same tokens, with each distinct word analysed once
   * per knowledge base.
   */
  WordCachedAnalyzer indexing() {
    return indexing;
  }

  /** The analyzer for query text: with synonyms, a token graph. */
  Analyzer query() {
    return query;
  }

  static SynonymMap parseSynonyms(String text) {
    Analyzer entries =
        new Analyzer() {
          @Override
          protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new WhitespaceTokenizer();
            TokenStream ts = new WordDelimiterGraphFilter(source, SYNONYM_ENTRY_FLAGS, null);
            ts = new LowerCaseFilter(ts);
            ts = new ASCIIFoldingFilter(ts);
            return new TokenStreamComponents(source, ts);
          }
        };
    try (entries;
        Reader reader = new StringReader(text)) {
      SolrSynonymParser parser = new SolrSynonymParser(true, true, entries);
      parser.parse(reader);
      return parser.build();
    } catch (IOException | ParseException | RuntimeException e) {
      throw new IllegalArgumentException("broken synonym map: " + e.getMessage(), e);
    }
  }

  private final class Chain extends Analyzer {
    private final boolean forQuery;

    Chain(boolean forQuery) {
      this.forQuery = forQuery;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer source = new WhitespaceTokenizer();
      TokenStream ts = new WordDelimiterGraphFilter(source, DELIMITER_FLAGS, null);
      if (!forQuery) {
        ts = new FlattenGraphFilter(ts);
      }
      ts = new LowerCaseFilter(ts);
      ts = new ASCIIFoldingFilter(ts);
      if (forQuery && synonyms.fst != null) {
        ts = new SynonymGraphFilter(ts, synonyms, true);
      }
      ts = new StopFilter(ts, stopWords);
      ts = new SetKeywordMarkerFilter(ts, protectedWords);
      ts = new PorterStemFilter(ts);
      return new TokenStreamComponents(source, ts);
    }

    @Override
    protected Reader initReader(String fieldName, Reader reader) {
      return new MappingCharFilter(SEPARATORS, reader);
    }

    @Override
    public int getPositionIncrementGap(String fieldName) {
      // Values of a multi-valued field (aliases, the catch-all) must not form phrases together.
      return 100;
    }
  }

  private static NormalizeCharMap separators() {
    NormalizeCharMap.Builder map = new NormalizeCharMap.Builder();
    for (char c : SEPARATOR_CHARS.toCharArray()) {
      map.add(String.valueOf(c), " ");
    }
    return map.build();
  }

  /**
   * True for a character that ends a word before the analysis chain sees it (white space or
   * punctuation that separates words): every word is analysed on its own, whatever surrounds it.
   */
  static boolean separates(int codePoint) {
    if (codePoint < ASCII_SEPARATES.length) {
      return ASCII_SEPARATES[codePoint];
    }
    return Character.isWhitespace(codePoint) || SEPARATOR_CHARS.indexOf(codePoint) >= 0;
  }

  // Every character of an indexed text is asked about; most are ASCII.
  private static final boolean[] ASCII_SEPARATES = asciiSeparates();

  private static boolean[] asciiSeparates() {
    boolean[] table = new boolean[128];
    for (int c = 0; c < table.length; c++) {
      table[c] = Character.isWhitespace(c) || SEPARATOR_CHARS.indexOf(c) >= 0;
    }
    return table;
  }

  private static List<String> wordList(String name) {
    return resource(name)
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  private static String resource(String name) {
    try (InputStream in = ItAnalysis.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE_DIR + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

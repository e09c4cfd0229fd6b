package dev.tier0.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.spell.DirectSpellChecker;
import org.apache.lucene.search.spell.SuggestMode;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

class SpellingFilterTests {

  private static String randomWord(Random random, int min, int max) {
    int len = min + random.nextInt(max - min + 1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      sb.append((char) ('a' + random.nextInt(6))); // a small alphabet makes near misses common
    }
    return sb.toString();
  }

  /** One or two random edits after the first letter: substitution, insertion, deletion, swap. */
  private static String typo(Random random, String word, int edits) {
    StringBuilder sb = new StringBuilder(word);
    for (int e = 0; e < edits && sb.length() > 2; e++) {
      int at = 1 + random.nextInt(sb.length() - 1);
      switch (random.nextInt(4)) {
        case 0 -> sb.setCharAt(at, (char) ('a' + random.nextInt(8)));
        case 1 -> sb.insert(at, (char) ('a' + random.nextInt(8)));
        case 2 -> sb.deleteCharAt(at);
        default -> {
          if (at + 1 < sb.length()) {
            char c = sb.charAt(at);
            sb.setCharAt(at, sb.charAt(at + 1));
            sb.setCharAt(at + 1, c);
          }
        }
      }
    }
    return sb.toString();
  }

  @Test
  void neverRulesOutAWordTheSpellingCheckerWouldCorrect() throws IOException {
    long seed = Long.getLong("tests.seed", System.nanoTime());
    System.out.println("SpellingFilterTests seed: -Dtests.seed=" + seed);
    Random random = new Random(seed);
    List<String> indexed = new ArrayList<>();
    try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
      try (IndexWriter writer =
          new IndexWriter(dir, new IndexWriterConfig(new KeywordAnalyzer()))) {
        for (int i = 0; i < 400; i++) {
          String w = randomWord(random, 3, 11);
          indexed.add(w);
          Document d = new Document();
          d.add(new StringField(Fields.ALL, w, Store.NO));
          writer.addDocument(d);
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        SpellingFilter filter = SpellingFilter.of(reader, Fields.ALL);
        int ruledOut = 0;
        for (int round = 0; round < 3_000; round++) {
          String word =
              random.nextBoolean()
                  ? typo(random, indexed.get(random.nextInt(indexed.size())), 1 + random.nextInt(2))
                  : randomWord(random, 4, 12);
          int maxEdits = word.length() >= 8 ? 2 : 1;
          DirectSpellChecker checker = new DirectSpellChecker();
          checker.setMaxEdits(maxEdits);
          checker.setAccuracy(0.5f);
          checker.setMinQueryLength(4);
          boolean suggested =
              checker.suggestSimilar(
                          new Term(Fields.ALL, word),
                          1,
                          reader,
                          SuggestMode.SUGGEST_WHEN_NOT_IN_INDEX)
                      .length
                  > 0;
          boolean may = filter.mayHaveSuggestion(word, maxEdits);
          if (suggested) {
            assertThat(may).as("seed %d: %s", seed, word).isTrue();
          }
          ruledOut += may ? 0 : 1;
        }
        assertThat(ruledOut).as("the filter rules out some words").isPositive();
      }
    }
  }

  @Test
  void rulesOutAWordFarFromEveryIndexedWord() throws IOException {
    try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
      try (IndexWriter writer =
          new IndexWriter(dir, new IndexWriterConfig(new KeywordAnalyzer()))) {
        for (String w : List.of("password", "printer", "outlook")) {
          Document d = new Document();
          d.add(new StringField(Fields.ALL, w, Store.NO));
          writer.addDocument(d);
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        SpellingFilter filter = SpellingFilter.of(reader, Fields.ALL);
        assertThat(filter.mayHaveSuggestion("pasword", 1)).isTrue();
        assertThat(filter.mayHaveSuggestion("pritner", 1)).isTrue();
        assertThat(filter.mayHaveSuggestion("outlokk", 1)).isTrue();
        assertThat(filter.mayHaveSuggestion("zebra", 1)).isFalse();
        assertThat(filter.mayHaveSuggestion("qwertzuiop", 2)).isFalse();
      }
    }
  }
}

package dev.tier0.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class SnippetsTests {

  private static final List<String> WORDS =
      List.of(
          "vpn",
          "VPN-client",
          "wi-fi",
          "Wi-Fi",
          "wifi",
          "e-mail",
          "email",
          "password",
          "passwords",
          "reset",
          "printer",
          "printing",
          "Outlook's",
          "error",
          "809",
          "691",
          "the",
          "a",
          "and",
          "step",
          "1.",
          "2.",
          "open",
          "settings",
          "network",
          "multi-factor",
          "MFA",
          "sign-in",
          "laptop",
          "docking-station",
          "x.y.z",
          "C:\\Users",
          "🙂",
          "مرحبا",
          "\u0000",
          "teams",
          "sharepoint",
          "onedrive",
          "sync",
          "cache",
          "clear",
          "restart",
          "again");

  private final Analyzer analyzer = ItAnalysis.create(null).index();

  @Test
  void marksAndPicksThePassageAsCheckingEveryTermDoes() {
    long seed = Long.getLong("test.seed", 20261123L);
    System.out.println("SnippetsTests seed=" + seed + " (replay with -Dtest.seed=" + seed + ")");
    Random random = new Random(seed);
    for (int maxChars : new int[] {80, 200, 600}) {
      Snippets snippets = new Snippets(analyzer, maxChars);
      for (int i = 0; i < 1_500; i++) {
        String resolution = random.nextInt(4) == 0 ? "" : passage(random);
        String text = passage(random);
        Set<String> query = query(random);
        String plain = snippets.snippetPlain(resolution, text, query);
        // Twice: the second time from the kept analysis of the passage.
        assertThat(snippets.snippet(resolution, text, query)).isEqualTo(plain);
        assertThat(snippets.snippet(resolution, text, query)).isEqualTo(plain);
      }
    }
  }

  @Test
  void countsTwoQueryTermsOnOneWordOnce() {
    // "wi-fi" is indexed as several terms over the same characters: the line with two separate
    // query words wins over the line where both terms mark one word.
    Snippets snippets = new Snippets(analyzer, 80);
    String first = "x ".repeat(40).strip() + "\nconnect wi-fi now\n";
    String resolution = first + "wifi printer here\n" + "y ".repeat(60).strip();
    Set<String> query = terms("wi-fi printer");
    String got = snippets.snippet(resolution, null, query);
    assertThat(got).isEqualTo(snippets.snippetPlain(resolution, null, query));
    assertThat(got).startsWith("**wifi** **printer**");
  }

  @Test
  void neverThrowsOnGarbage() {
    Snippets snippets = new Snippets(analyzer, 80);
    Random random = new Random(7);
    StringBuilder junk = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      junk.appendCodePoint(random.nextInt(0x3000));
    }
    Set<String> query = terms("vpn printer wifi");
    assertThat(snippets.snippet(junk.toString(), null, query))
        .isEqualTo(snippets.snippetPlain(junk.toString(), null, query));
    assertThat(snippets.snippet("\n\n\n", "", Set.of())).isEqualTo("");
  }

  private static String passage(Random random) {
    StringBuilder out = new StringBuilder();
    int lines = 1 + random.nextInt(random.nextInt(4) == 0 ? 60 : 8);
    for (int l = 0; l < lines; l++) {
      int words = random.nextInt(18);
      for (int w = 0; w < words; w++) {
        out.append(WORDS.get(random.nextInt(WORDS.size())));
        out.append(random.nextInt(8) == 0 ? ", " : " ");
      }
      out.append(random.nextInt(6) == 0 ? "\n\n" : "\n");
    }
    return out.toString();
  }

  private Set<String> query(Random random) {
    StringBuilder words = new StringBuilder();
    int n = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(random.nextInt(8) == 0 ? 40 : 5);
    for (int i = 0; i < n; i++) {
      words.append(WORDS.get(random.nextInt(WORDS.size()))).append(' ');
    }
    return terms(words.toString());
  }

  private Set<String> terms(String text) {
    Set<String> out = new HashSet<>();
    try (TokenStream ts = analyzer.tokenStream(Fields.TEXT, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}

package dev.tier0.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.junit.jupiter.api.Test;

class WordCachedAnalyzerTests {

  private static final String[] PIECES = {
    "the",
    "a",
    "of",
    "please",
    "my",
    "Wi-Fi",
    "wi fi",
    "e-mail",
    "Printing",
    "connections",
    "Teams",
    "windows",
    "0x80070005",
    "809",
    "2FA",
    "O'Neil's",
    "re-set",
    "-",
    "--",
    "a-b",
    "the-printer",
    "printer-the",
    "x.y.z",
    "foo_bar",
    "VPN!",
    "(vpn)",
    "login/password",
    "??",
    "\u00c9cran",
    "na\u00efve",
    "\u05e9\u05dc\u05d5\u05dd",
    "\ud83d\ude00",
    "\u0000",
    "\u0007",
    "\t",
    "\n",
    "\n\n",
    " ",
    "  ",
    ",",
    "don't",
    "it's",
    "A.B.",
    "über-cool",
    "stop.",
    ".net",
    "x".repeat(60),
    "y".repeat(300),
    "ab-" + "c".repeat(50),
    "\u2028",
    "\u00a0",
    "\u3000"
  };

  private final ItAnalysis analysis = ItAnalysis.create(null);

  /** Every attribute the index reads, token by token, then the end state. */
  private static List<String> tokens(Analyzer analyzer, String field, String text)
      throws IOException {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
      PositionLengthAttribute len = ts.addAttribute(PositionLengthAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(
            term
                + " +"
                + inc.getPositionIncrement()
                + " len"
                + len.getPositionLength()
                + " "
                + offset.startOffset()
                + "-"
                + offset.endOffset());
      }
      ts.end();
      out.add("end +" + inc.getPositionIncrement() + " " + offset.endOffset());
    }
    return out;
  }

  @Test
  void replaysExactlyWhatTheChainProducesForArbitraryText() throws IOException {
    long seed = Long.getLong("tests.seed", System.nanoTime());
    System.out.println("WordCachedAnalyzerTests seed: -Dtests.seed=" + seed);
    Random random = new Random(seed);
    Analyzer cached = analysis.indexing();
    for (int round = 0; round < 500; round++) {
      StringBuilder text = new StringBuilder();
      int words = random.nextInt(30);
      for (int i = 0; i < words; i++) {
        if (random.nextInt(5) == 0) {
          text.appendCodePoint(random.nextInt(0x3000));
        } else {
          text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        text.append(random.nextInt(4) == 0 ? "" : random.nextBoolean() ? " " : ", ");
      }
      String s = text.toString();
      assertThat(tokens(cached, Fields.ALL, s))
          .as("seed %d, round %d: %s", seed, round, s)
          .isEqualTo(tokens(analysis.index(), Fields.ALL, s));
    }
  }

  @Test
  void wordsSeenBeforeGiveTheSameTokensAgain() throws IOException {
    Analyzer cached = analysis.indexing();
    String text = "The Wi-Fi printer; the printer's queue (again) and again.";
    List<String> first = tokens(cached, Fields.TITLE, text);
    assertThat(tokens(cached, Fields.SYMPTOMS, text)).isEqualTo(first);
    assertThat(first).isEqualTo(tokens(analysis.index(), Fields.TITLE, text));
  }
}

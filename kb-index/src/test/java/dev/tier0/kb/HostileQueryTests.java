package dev.tier0.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.tier0.bot.spi.KnowledgeBase.Query;
import dev.tier0.bot.spi.KnowledgeBase.SearchResult;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostileQueryTests {

  private static final String[] PIECES = {
    "AND",
    "OR",
    "NOT",
    "*",
    "?",
    "\"",
    "~",
    "~2",
    "\\",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "^3",
    ":",
    "title:",
    "+",
    "-",
    "&&",
    "||",
    "/",
    "/regex/",
    "\uD83D\uDE00",
    "\uD83D",
    "\uDE00",
    "\u202E",
    "مرحبا",
    "שלום",
    "漢字",
    "\u0000",
    "\u0007",
    "\t",
    "\n",
    "\r",
    "wi-fi",
    "0x80070005",
    "error",
    "809",
    "locked out",
    "vpn",
    "the",
    "a",
    "ﬁ",
    "é",
    "\uFEFF",
    "'",
    "''",
    "--",
    "...",
    "_",
    "#",
    "@",
    "100%",
    "$",
    "password",
    "2FA",
    "e-mail",
    " ",
    "x".repeat(300),
    "9".repeat(80)
  };

  private static LuceneKnowledgeBase kb;
  private static ItAnalysis analysis;

  @BeforeAll
  static void load() {
    kb = Fixtures.fixture();
    analysis = ItAnalysis.create(null);
  }

  @AfterAll
  static void close() {
    kb.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "the of and",
        "vpn AND (wifi OR \"locked out\")~3",
        "pass* ?ord \\ \\\\ \"",
        "title:vpn^10 +error -809",
        "/[a-z]+/",
        "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00",
        "مرحبا كلمة المرور",
        "\u0000\u0001\u0002\u001f",
        "\uD800 lone surrogate \uDFFF"
      })
  void answersHostileQueriesWithoutThrowing(String text) {
    SearchResult result = kb.search(new Query(text, 5, "\" OR *"));
    assertThat(result).isNotNull();
    assertThat(result.hits()).hasSizeLessThanOrEqualTo(5);
  }

  @Test
  void answersHugeQueries() {
    assertThat(kb.search(new Query("vpn error 809 ".repeat(800), 5, null)).hits()).isNotEmpty();
    assertThat(kb.search(new Query("x".repeat(10_240), 5, null)).noGoodAnswer()).isTrue();
    assertThat(kb.search(new Query(null, 5, null)).noGoodAnswer()).isTrue();
  }

  @Test
  void analyserQueryBuilderAndSearchNeverThrowOnRandomText() {
    long seed = Long.getLong("tests.seed", System.nanoTime());
    System.out.println("HostileQueryTests seed: -Dtests.seed=" + seed);
    Random random = new Random(seed);
    for (int round = 0; round < 300; round++) {
      String text = randomText(random);
      assertThatCode(
              () -> {
                QueryPlan plan = QueryPlan.analyse(analysis.query(), text);
                plan.toLucene(term -> true);
                for (int i = 0; i < plan.groups().size(); i++) {
                  plan.groupQuery(i, term -> true);
                }
                QueryPlan.analyse(analysis.index(), text);
                kb.search(new Query(text, 1 + random.nextInt(50), null));
              })
          .as("seed %d, round %d", seed, round)
          .doesNotThrowAnyException();
    }
  }

  private static String randomText(Random random) {
    StringBuilder sb = new StringBuilder();
    int parts = random.nextInt(random.nextInt(10) == 0 ? 2_000 : 20);
    for (int i = 0; i < parts; i++) {
      switch (random.nextInt(3)) {
        case 0 -> sb.append(PIECES[random.nextInt(PIECES.length)]);
        case 1 -> sb.append((char) random.nextInt(0x10000));
        default -> sb.appendCodePoint(random.nextInt(0x20, 0x7f));
      }
      if (random.nextBoolean()) {
        sb.append(' ');
      }
    }
    return sb.toString();
  }
}

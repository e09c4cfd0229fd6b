package dev.tier0.kb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.bot.spi.KnowledgeBase.Hit;
import dev.tier0.bot.spi.KnowledgeBase.Query;
import dev.tier0.bot.spi.KnowledgeBase.SearchResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RankingTests {

  private static LuceneKnowledgeBase kb;

  @BeforeAll
  static void load() {
    kb = Fixtures.fixture();
  }

  @AfterAll
  static void close() {
    kb.close();
  }

  private static SearchResult search(String text) {
    return kb.search(new Query(text, 5, null));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "I forgot my password | KB-001",
        "my account is locked out | KB-002",
        "lockout | KB-002",
        "new phone, authenticator codes gone | KB-003",
        "duo on my new phone | KB-003",
        "anyconnect won't connect | KB-004",
        "error 809 | KB-004",
        "wifi keeps dropping | KB-005",
        "wireless does not work | KB-005",
        "my inbox is full | KB-006",
        "e-mail mailbox quota | KB-006",
        "how to add a printer | KB-007",
        "0x80070005 | KB-008",
        "can't hear anyone in teams | KB-009",
        "I got a suspicious email asking for my password | KB-010",
        "sharepoint files not syncing | KB-011",
        "laptop battery will not charge | KB-012"
      })
  void ranksTheArticleThatAnswersFirst(String query, String expected) {
    SearchResult result = search(query);
    assertThat(result.hits()).isNotEmpty();
    assertThat(result.hits().get(0).articleId()).isEqualTo(expected);
    assertThat(result.noGoodAnswer()).isFalse();
  }

  @Test
  void toleratesTypos() {
    assertThat(search("pasword expird").best()).map(Hit::articleId).hasValue("KB-001");
    assertThat(search("outlok mailbox fulll").best()).map(Hit::articleId).hasValue("KB-006");
  }

  @ParameterizedTest
  @CsvSource({
    "what is the weather tomorrow",
    "book me a flight to paris",
    "I want pizza",
    "hello",
    "the",
    "quantum chromodynamics lecture notes"
  })
  void saysNothingFitsWhenNoArticleCoversTheQuestion(String query) {
    SearchResult result = search(query);
    assertThat(result.noGoodAnswer()).isTrue();
    assertThat(result.best()).isEmpty();
  }

  @Test
  void favoursTheHintedCategoryWhenTwoArticlesFitAlike() {
    String body = "\n## Resolution\nRestart the device and sign in again.\n";
    List<ArticleSource> twins =
        List.of(
            new ArticleSource(
                "a.md",
                "---\nid: A\ntitle: Device keeps asking to sign in\ncategory: hardware\n---"
                    + body),
            new ArticleSource(
                "b.md",
                "---\nid: B\ntitle: Device keeps asking to sign in\ncategory: account.mfa\n---"
                    + body));
    try (LuceneKnowledgeBase both = LuceneKnowledgeBase.of(twins, KbSettings.defaults())) {
      String query = "device asks to sign in";
      assertThat(both.search(new Query(query, 2, "hardware")).hits().get(0).articleId())
          .isEqualTo("A");
      assertThat(both.search(new Query(query, 2, "account.mfa")).hits().get(0).articleId())
          .isEqualTo("B");
      assertThat(both.search(new Query(query, 2, "account.password")).hits().get(0).articleId())
          .as("same family as B")
          .isEqualTo("B");
    }
  }

  @Test
  void snippetIsTheResolutionWithTheQueryWordsMarked() {
    Hit hit = search("restart the globalprotect client").hits().get(0);
    assertThat(hit.articleId()).isEqualTo("KB-004");
    assertThat(hit.snippet())
        .startsWith("1. Check that you are online")
        .contains("**Restart** the **GlobalProtect** **client**")
        .doesNotContain("Symptoms")
        .doesNotContain("connection failed");
  }

  @Test
  void snippetOfALongResolutionShowsThePartAboutTheQuestion() {
    StringBuilder resolution = new StringBuilder("## Resolution\n");
    for (int i = 1; i <= 30; i++) {
      resolution.append(i).append(". Check cable number ").append(i).append(" carefully.\n");
    }
    resolution.append("31. For error 691 re-enter your user name.\n");
    String text = "---\nid: L\ntitle: Long article\n---\n" + resolution;
    try (LuceneKnowledgeBase one =
        LuceneKnowledgeBase.of(List.of(new ArticleSource("l.md", text)), KbSettings.defaults())) {
      Hit hit = one.search(new Query("error 691", 1, null)).hits().get(0);
      assertThat(hit.snippet()).startsWith("31. For **error** **691**");
    }
  }

  @Test
  void snippetFallsBackToTheBestParagraphWithoutAResolution() {
    Hit hit = search("battery charger").hits().get(0);
    assertThat(hit.articleId()).isEqualTo("KB-012");
    assertThat(hit.snippet()).contains("**charger**").contains("**battery**");
  }

  @Test
  void helpfulFeedbackLiftsAnArticleSlightly() {
    InMemoryFeedbackStats stats = new InMemoryFeedbackStats();
    try (LuceneKnowledgeBase withFeedback =
        LuceneKnowledgeBase.of(
            Fixtures.sources(Fixtures.FIXTURE_KB), KbSettings.defaults().withFeedback(stats))) {
      Query query = new Query("sign in again", 5, null);
      List<Hit> before = withFeedback.search(query).hits();
      String second = before.get(1).articleId();
      double gap = before.get(0).score() / before.get(1).score();
      for (int i = 0; i < 50; i++) {
        withFeedback.feedback(query.text(), second, true);
      }
      assertThat(stats.counts(second).helpful()).isEqualTo(50);
      double after =
          withFeedback.search(query).hits().stream()
              .filter(h -> h.articleId().equals(second))
              .findFirst()
              .get()
              .score();
      assertThat(after / before.get(1).score()).isBetween(1.05, 1.11);
      assertThat(gap).isPositive();
    }
  }

  @Test
  void tellsGapListenersAboutUnansweredQueries() {
    List<GapListener.QueryUnanswered> gaps = new ArrayList<>();
    try (LuceneKnowledgeBase listened = Fixtures.fixture()) {
      listened.addGapListener(gaps::add);
      listened.search(new Query("I want pizza", 3, "printer"));
      listened.search(new Query("printer queue stuck", 3, null));
    }
    assertThat(gaps).hasSize(1);
    assertThat(gaps.get(0).text()).isEqualTo("I want pizza");
    assertThat(gaps.get(0).categoryHint()).isEqualTo("printer");
  }
}

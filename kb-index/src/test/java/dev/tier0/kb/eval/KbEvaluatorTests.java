package dev.tier0.kb.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tier0.bot.spi.KnowledgeBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KbEvaluatorTests {

  /** Answers each query with a fixed ranking and verdict. */
  private record Canned(Map<String, SearchResult> answers) implements KnowledgeBase {
    @Override
    public SearchResult search(Query query) {
      return answers.get(query.text());
    }

    @Override
    public Optional<Article> find(String articleId) {
      return Optional.empty();
    }

    @Override
    public int size() {
      return 4;
    }
  }

  private static KnowledgeBase.SearchResult result(boolean noGoodAnswer, String... ids) {
    return new KnowledgeBase.SearchResult(
        java.util.Arrays.stream(ids)
            .map(id -> new KnowledgeBase.Hit(id, id, null, 1, "", null))
            .toList(),
        noGoodAnswer);
  }

  @Test
  void computesTheFiguresOfAHandWorkedExample(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("queries.jsonl");
    Files.writeString(
        file,
        """
        {"query":"q1","expected":["A"]}
        {"query":"q2","expected":["A","B"],"note":"extra keys are ignored"}

        {"query":"q3","expected":["D"]}
        {"query":"q4","expected":[]}
        {"query":"q5","expected":[]}
        """);
    KnowledgeBase kb =
        new Canned(
            Map.of(
                "q1", result(false, "A", "B", "C"),
                "q2", result(false, "C", "B", "D"),
                "q3", result(true),
                "q4", result(true, "C"),
                "q5", result(false, "A")));

    KbEvaluator.Report report = KbEvaluator.evaluate(kb, file);

    // q2: first expected hit at rank 2; DCG = 1/log2(3), ideal DCG = 1 + 1/log2(3).
    double ndcgQ2 = (1 / log2(3)) / (1 + 1 / log2(3));
    assertThat(report.n()).isEqualTo(5);
    assertThat(report.answerable()).isEqualTo(3);
    assertThat(report.unanswerable()).isEqualTo(2);
    assertThat(report.precisionAt1()).isCloseTo(1 / 3.0, within(1e-9));
    assertThat(report.recallAt3()).isCloseTo((1 + 0.5 + 0) / 3, within(1e-9));
    assertThat(report.mrr()).isCloseTo((1 + 0.5 + 0) / 3, within(1e-9));
    assertThat(report.ndcg10()).isCloseTo((1 + ndcgQ2 + 0) / 3, within(1e-9));
    assertThat(report.noAnswerAccuracy()).isCloseTo(0.5, within(1e-9));
    assertThat(report.falseNoAnswerRate()).isCloseTo(1 / 3.0, within(1e-9));
    assertThat(report.answeredPrecisionAt1()).isCloseTo(1 / 3.0, within(1e-9));
    assertThat(report.failures())
        .extracting(KbEvaluator.QueryOutcome::query)
        .containsExactly("q2", "q3", "q5");
  }

  @Test
  void namesTheLineOfAMalformedQuery(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(file, "{\"query\":\"ok\",\"expected\":[]}\n{\"query\": \"oops\n");
    assertThatThrownBy(() -> KbEvaluator.read(file)).hasMessageContaining("line 2");
  }

  @Test
  void readsEscapesAndUnicode() {
    Object parsed =
        JsonLine.parse("{\"query\":\"caf\\u00e9 \\\"wifi\\\" \uD83D\uDE00\",\"n\":1.5e3}");
    assertThat(parsed).isEqualTo(Map.of("query", "café \"wifi\" \uD83D\uDE00", "n", "1.5e3"));
    assertThat(JsonLine.parse("[true,false,null]"))
        .isEqualTo(java.util.Arrays.asList(true, false, null));
    assertThat(List.of()).isEmpty();
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}

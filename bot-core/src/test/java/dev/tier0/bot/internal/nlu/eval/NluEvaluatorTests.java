package dev.tier0.bot.internal.nlu.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tier0.bot.internal.nlu.eval.NluEvaluator.Level;
import dev.tier0.bot.internal.nlu.eval.NluEvaluator.Prediction;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class NluEvaluatorTests {

  /**
   * Six lines by hand: a a b oos oos b, predicted a b b oos a oos. Right: lines 1, 3, 4 (3/6). In
   * scope (a a b b): right 1 and 3, so 2/4. OOS lines 2, predicted oos 1: recall 1/2. Predicted oos
   * twice (lines 4 and 6), one right: precision 1/2. Label a: predicted a twice (1 and 5), one
   * right, precision 1/2; support 2, recall 1/2; F1 1/2. Label b: predicted b twice (2, 3), one
   * right: precision 1/2, recall 1/2 (support 2).
   */
  @Test
  void scoresAHandComputedExample() {
    List<Prediction> predictions =
        List.of(
            new Prediction("a", "a"),
            new Prediction("a", "b"),
            new Prediction("b", "b"),
            new Prediction("out_of_scope", "out_of_scope"),
            new Prediction("out_of_scope", "a"),
            new Prediction("b", "out_of_scope"));
    NluEvaluation e = NluEvaluator.score(predictions, Level.INTENT);
    assertThat(e.n()).isEqualTo(6);
    assertThat(e.accuracy()).isCloseTo(0.5, within(1e-9));
    assertThat(e.inScopeAccuracy()).isCloseTo(0.5, within(1e-9));
    assertThat(e.oosRecall()).isCloseTo(0.5, within(1e-9));
    assertThat(e.oosPrecision()).isCloseTo(0.5, within(1e-9));
    NluEvaluation.LabelScore a = e.perLabel().get("a");
    assertThat(a.precision()).isCloseTo(0.5, within(1e-9));
    assertThat(a.recall()).isCloseTo(0.5, within(1e-9));
    assertThat(a.f1()).isCloseTo(0.5, within(1e-9));
    assertThat(a.support()).isEqualTo(2);
    assertThat(e.confusions()).hasSize(3);
    assertThat(e.confusions()).extracting(NluEvaluation.Confusion::count).containsOnly(1);
  }

  @Test
  void leavesUndefinedRatiosEmpty() {
    NluEvaluation e = NluEvaluator.score(List.of(new Prediction("a", "b")), Level.INTENT);
    assertThat(e.oosRecall()).isNull();
    assertThat(e.oosPrecision()).isNull();
    assertThat(e.perLabel().get("b").recall()).isNull();
    assertThat(e.perLabel().get("b").f1()).isZero();
  }

  @Test
  void scoresOnCategoriesWhenTheFileGivesOnlyCategories() throws Exception {
    List<LabelledUtterance> lines =
        LabelledUtterance.read(
            new StringReader(
                """
                {"text":"vpn down","category":"network.vpn"}
                {"text":"pizza","category":"oos"}
                """),
            "test");
    assertThat(NluEvaluator.resolve(Level.AUTO, lines)).isEqualTo(Level.CATEGORY);
    assertThat(lines.get(1).category()).isEqualTo("out_of_scope");
  }
}

package dev.tier0.bot.internal.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path (features as indices, words kept) must give the very probabilities of the path by
 * names that OpenNLP's own models take: bit for bit, so no decision can differ.
 */
class KnownFeaturesTests {

  // Fixed so that every run checks the same inputs; another seed with -Dtests.seed=<seed>.
  private static final long SEED = Long.getLong("tests.seed", 20_261_123L);

  @Test
  void givesExactlyTheProbabilitiesOfTheNamesOnTheTrainingLinesAndTypedVariants() {
    OpenNlpIntentClassifier classifier = Fixture.classifier();
    assertThat(classifier.knownFeatures()).as("the fast path is the one parse takes").isNotNull();
    for (String text : texts()) {
      // Twice: the first time builds the kept words, the second reads them.
      for (int pass = 0; pass < 2; pass++) {
        double[][] byName = classifier.byNameProbabilities(text);
        double[][] byIndex = classifier.modelProbabilities(text);
        assertThat(byIndex[0]).as("main model, %s", text).containsExactly(byName[0]);
        assertThat(byIndex[1]).as("word model, %s", text).containsExactly(byName[1]);
        assertThat(classifier.wordSignals(text))
            .as("unseen share and English guess, %s", text)
            .isEqualTo(classifier.byNameWordSignals(text));
      }
    }
  }

  @Test
  void ranksTheBestIntentsAsASortOfEveryIntentWould() {
    OpenNlpIntentClassifier classifier = Fixture.classifier();
    int oos = classifier.outcomeIndex(dev.tier0.bot.NluResult.OUT_OF_SCOPE);
    for (String text : texts().subList(0, 400)) {
      double[] p = classifier.scores(text, classifier.settings().temperature()).probabilities();
      List<dev.tier0.bot.IntentScore> all = new ArrayList<>();
      for (int i = 0; i < p.length; i++) {
        if (i != oos) {
          all.add(new dev.tier0.bot.IntentScore(classifier.outcome(i), p[i]));
        }
      }
      all.sort(
          java.util.Comparator.comparingDouble(dev.tier0.bot.IntentScore::confidence)
              .reversed()
              .thenComparing(dev.tier0.bot.IntentScore::intent));
      assertThat(classifier.ranking(text))
          .as(text)
          .containsExactlyElementsOf(
              all.subList(0, Math.min(OpenNlpIntentClassifier.RANKING_SIZE, all.size())));
    }
  }

  @Test
  void alsoWithOtherFeatureSettings() {
    for (NluSettings settings :
        List.of(
            NluSettings.defaults().withCharNgrams(3, 5, 0.5),
            NluSettings.defaults().withCharNgrams(0, 0, 1.0),
            NluSettings.defaults().withWordIterations(0))) {
      OpenNlpIntentClassifier classifier = OpenNlpIntentClassifier.train(Fixture.data(), settings);
      for (String text : texts().subList(0, 300)) {
        double[][] byName = classifier.byNameProbabilities(text);
        double[][] byIndex = classifier.modelProbabilities(text);
        assertThat(byIndex[0]).as("%s, %s", settings, text).containsExactly(byName[0]);
        if (byName[1] == null) {
          assertThat(byIndex[1]).isNull();
        } else {
          assertThat(byIndex[1]).as("%s, %s", settings, text).containsExactly(byName[1]);
        }
      }
    }
  }

  @Test
  void keepsAtMostItsNumberOfWordsWhateverIsTyped() {
    OpenNlpIntentClassifier trained =
        OpenNlpIntentClassifier.train(Fixture.data(), NluSettings.defaults());
    KnownFeatures known = trained.knownFeatures();
    Random random = new Random(SEED);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < KnownFeatures.WORDS + 500; i++) {
      text.append(Long.toString(random.nextLong() & Long.MAX_VALUE, 36)).append(' ');
      if (text.length() > 600) {
        known.of(text.toString());
        text.setLength(0);
      }
    }
    known.of(text.toString());

    assertThat(known.keptWords()).isEqualTo(KnownFeatures.WORDS);
    // Full, it still answers exactly, from words it computes each time.
    String late = "vpn keeps dropping zzqx " + Long.toString(random.nextLong(), 36);
    assertThat(trained.modelProbabilities(late)[0])
        .containsExactly(trained.byNameProbabilities(late)[0]);
  }

  /** The fixture's training lines, each also with typos, repeats, numbers and odd characters. */
  private static List<String> texts() {
    List<String> texts = new ArrayList<>();
    Random random = new Random(SEED);
    for (TrainingData.Example e : Fixture.data().examples()) {
      String t = e.text();
      texts.add(t);
      texts.add(t.toUpperCase() + "!!! error 0x80070005 and 809");
      texts.add(t.replace("o", "oo").replace("e", "") + " " + t);
      char[] chars = t.toCharArray();
      if (chars.length > 3) {
        int i = random.nextInt(chars.length - 1);
        char c = chars[i];
        chars[i] = chars[i + 1];
        chars[i + 1] = c;
      }
      texts.add(new String(chars) + " \uD83D\uDE00 \u202E\u0000 outlok pasword vnp");
    }
    texts.addAll(List.of("", "   ", "a", "the the the the", "b=foo_bar w=vpn c=#vp", "<s> </s>"));
    System.out.println("KnownFeaturesTests seed: " + SEED + ", texts: " + texts.size());
    return texts;
  }
}

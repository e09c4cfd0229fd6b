package dev.tier0.bot.internal.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tier0.bot.IntentScore;
import dev.tier0.bot.NluResult;
import dev.tier0.bot.internal.nlu.TrainingData.Example;
import dev.tier0.bot.spi.IntentClassifier.IntentInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenNlpIntentClassifierTests {

  private final OpenNlpIntentClassifier classifier = Fixture.classifier();

  @ParameterizedTest
  @CsvSource({
    "I forgot my password, password_forgot",
    "my account is locked after too many attempts, account_locked",
    "the vpn will not connect from home, vpn_connect",
    "outlook crashes when I open it, email_problem",
    "the printer on floor 2 is offline, printer_problem",
    "please connect me to a human, human_agent"
  })
  void recognisesTypicalRequests(String text, String intent) {
    assertThat(classifier.parse(text).intent()).isEqualTo(intent);
  }

  @ParameterizedTest
  @CsvSource({
    "I forgot my pasword, password_forgot",
    "PASSWORD EXPIREDDDD!!!, password_forgot",
    "vnp wont conect, vpn_connect",
    "outlok keeps craching, email_problem",
    "my acount is lockd, account_locked",
    "pritner offline, printer_problem",
    "wifi not workinggggg 😡😡, wifi_problem"
  })
  void survivesRealTyping(String text, String intent) {
    // The ranking proves the features; whether the guess is sure enough is calibration's call.
    assertThat(classifier.parse(text).ranking().get(0).intent()).isEqualTo(intent);
  }

  @Test
  void readsErrorCodesAsTheirShape() {
    assertThat(classifier.parse("AnyConnect error 412").intent()).isEqualTo("vpn_connect");
  }

  @ParameterizedTest
  @CsvSource({
    "what is the weather like in Paris tomorrow",
    "book a table for dinner",
    "who won the game last night",
    "asdfgh qwerty zxcvb"
  })
  void declinesRequestsThatAreNotAboutIt(String text) {
    NluResult result = classifier.parse(text);
    assertThat(result.intent()).isEqualTo(NluResult.OUT_OF_SCOPE);
    assertThat(result.category()).isEqualTo(NluResult.OUT_OF_SCOPE);
  }

  @Test
  void rankingListsRealIntentsBestFirst() {
    NluResult result = classifier.parse("tell me a joke about printers");
    List<IntentScore> ranking = result.ranking();
    assertThat(ranking).isNotEmpty();
    assertThat(ranking).extracting(IntentScore::intent).doesNotContain(NluResult.OUT_OF_SCOPE);
    assertThat(ranking)
        .extracting(IntentScore::confidence)
        .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(ranking.get(0).confidence()).isBetween(0.0, 1.0);
  }

  @Test
  void confidenceIsAProbabilityOfTheAnswer() {
    NluResult result = classifier.parse("I forgot my password");
    assertThat(result.confidence()).isBetween(classifier.settings().oosThreshold(), 1.0);
    // The answer's own probability, first in the ranking (its category's sum only decides scope).
    assertThat(result.ranking().get(0).intent()).isEqualTo(result.intent());
    assertThat(result.confidence()).isEqualTo(result.ranking().get(0).confidence());
    assertThat(result.category()).isEqualTo("account.password");
  }

  @Test
  void describesIntentsWithCategoryAndLabel() {
    assertThat(classifier.describe("vpn_connect"))
        .contains(new IntentInfo("vpn_connect", "network.vpn", "VPN won't connect"));
    assertThat(classifier.describe("no_such_intent")).isEmpty();
    assertThat(classifier.describe(null)).isEmpty();
  }

  @Test
  void trainingIsDeterministic() throws Exception {
    OpenNlpIntentClassifier again =
        OpenNlpIntentClassifier.shipped(getClass().getClassLoader(), NluSettings.defaults());
    for (String text : List.of("vpn drops", "forgot pasword", "hello", "printer jam", "xyz")) {
      assertThat(again.parse(text)).isEqualTo(classifier.parse(text));
    }
  }

  @Test
  void readsModelFilesWrittenBeforeTheSentenceVectorBlock() throws Exception {
    OpenNlpIntentClassifier plain =
        OpenNlpIntentClassifier.shipped(
            getClass().getClassLoader(), NluSettings.defaults().withEncoder("none"));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    plain.save(out);
    byte[] bytes = out.toByteArray();
    // Without an encoder the last block is empty: its length (four zero bytes) is all it adds.
    byte[] older = java.util.Arrays.copyOf(bytes, bytes.length - 4);
    OpenNlpIntentClassifier loaded =
        OpenNlpIntentClassifier.load(new java.io.ByteArrayInputStream(older));
    assertThat(loaded.hasEmbeddingModel()).isFalse();
    assertThat(loaded.parse("vpn drops")).isEqualTo(plain.parse("vpn drops"));
  }

  @Test
  void rejectsAnUnknownEncoder() {
    assertThatThrownBy(() -> NluSettings.defaults().withEncoder("bert-large"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("encoder");
    assertThat(NluSettings.defaults().withEncoder(" MiniLM ").encoder()).isEqualTo("minilm");
    assertThat(NluSettings.defaults().withEncoder(null).encoder()).isEqualTo("none");
  }

  @Test
  void aSavedModelAnswersLikeTheOriginal(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("intent-model.bin");
    classifier.save(file);
    OpenNlpIntentClassifier loaded = OpenNlpIntentClassifier.load(file);
    assertThat(loaded.settings()).isEqualTo(classifier.settings());
    assertThat(loaded.intents()).isEqualTo(classifier.intents());
    for (String text : List.of("vpn drops", "forgot pasword", "thanks!", "order a pizza")) {
      assertThat(loaded.parse(text)).isEqualTo(classifier.parse(text));
    }
  }

  @Test
  void calibrationChoosesTheThresholdOnValidationData() {
    List<Example> validation =
        List.of(
            new Example("forgot my password again", "password_forgot"),
            new Example("vpn is not connecting", "vpn_connect"),
            new Example("printer says offline", "printer_problem"),
            new Example("mailbox full", "email_problem"),
            new Example("where can I buy shoes", "oos"),
            new Example("what is the meaning of life", "out_of_scope"));
    OpenNlpIntentClassifier calibrated = classifier.calibrate(validation);
    NluSettings settings = calibrated.settings();
    assertThat(settings.temperature()).isPositive();
    assertThat(settings.oosThreshold()).isBetween(0.0, 1.0);
    for (Example example : validation) {
      assertThat(calibrated.parse(example.text()).intent())
          .isEqualTo(TrainingData.canonicalIntent(example.intent()));
    }
  }

  @Test
  void asksTheLanguageDetectorAboutTextThatIsNotPlainlyEnglish() {
    assertThat(
            classifier
                .parse("Ich habe mein Passwort vergessen und kann mich nicht mehr anmelden")
                .language())
        .isEqualTo("deu");
    assertThat(classifier.parse("I forgot my password").language()).isEqualTo("eng");
  }

  @Test
  void findsEntitiesAndLanguageAlongTheIntent() {
    NluResult result =
        classifier.parse("GlobalProtect error 809 on Windows 11, the whole office can't work");
    assertThat(result.entities())
        .extracting(e -> e.type() + "=" + e.value())
        .contains("vpn_client=GlobalProtect", "error_code=809", "os=Windows 11", "urgency=high");
    assertThat(result.language()).isEqualTo("eng");
  }

  @Test
  void theFastNaiveBayesPathGivesOpenNlpsProbabilities() {
    for (String text :
        List.of(
            "vpn drops",
            "forgot pasword",
            "hello",
            "printer jam on floor 2 error 0x80070005",
            "xyz",
            "",
            "\u202Eemoji \uD83D\uDE00 and \u0000 control")) {
      assertThat(classifier.mainProbabilities(text))
          .containsExactly(
              classifier.openNlpProbabilities(text), org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void theFastPathAlsoMatchesWithWeightedCharacterFeatures() {
    OpenNlpIntentClassifier weighted =
        OpenNlpIntentClassifier.train(
            Fixture.data(), NluSettings.defaults().withCharNgrams(3, 5, 0.5).withWordIterations(0));
    for (String text : List.of("vpn drops", "forgot pasword", "outlok crashes", "")) {
      assertThat(weighted.mainProbabilities(text))
          .containsExactly(
              weighted.openNlpProbabilities(text), org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void countingNaiveBayesDirectlyGivesOpenNlpsTrainedModel() {
    for (NluSettings settings :
        List.of(
            NluSettings.defaults().withWordIterations(0),
            NluSettings.defaults().withCharNgrams(3, 5, 0.5).withWordIterations(0))) {
      OpenNlpIntentClassifier counted = OpenNlpIntentClassifier.train(Fixture.data(), settings);
      OpenNlpIntentClassifier trained =
          OpenNlpIntentClassifier.train(Fixture.data(), settings, true);
      for (String text :
          List.of("vpn drops", "forgot pasword", "hello", "printer jam 0x80070005", "xyz", "")) {
        assertThat(counted.openNlpProbabilities(text))
            .containsExactly(
                trained.openNlpProbabilities(text), org.assertj.core.data.Offset.offset(1e-9));
      }
    }
  }

  @Test
  void mixesTheWordModelWithWeightsFittedOnValidation() {
    assertThat(classifier.hasWordModel()).isTrue();
    OpenNlpIntentClassifier.Mixture mixture = classifier.mixture();
    assertThat(mixture.wordWeight()).isBetween(0.0, 1.0);
    assertThat(mixture.modelTemperature()).isPositive();
    assertThat(mixture.wordTemperature()).isPositive();
    OpenNlpIntentClassifier single =
        OpenNlpIntentClassifier.train(Fixture.data(), NluSettings.defaults().withWordIterations(0));
    assertThat(single.hasWordModel()).isFalse();
    assertThat(single.parse("I forgot my password").intent()).isEqualTo("password_forgot");
  }

  @Test
  void theWordModelCanKeepEveryWordOrOnlyRepeatedOnes() {
    assertThat(NluSettings.defaults().wordCutoff()).isEqualTo(1);
    OpenNlpIntentClassifier repeated =
        OpenNlpIntentClassifier.train(Fixture.data(), NluSettings.defaults().withWordCutoff(2));
    assertThat(repeated.settings().wordCutoff()).isEqualTo(2);
    assertThat(repeated.hasWordModel()).isTrue();
    assertThat(repeated.parse("I forgot my password").intent()).isEqualTo("password_forgot");
    assertThatThrownBy(() -> NluSettings.defaults().withWordCutoff(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void countsTheShareOfWordsNeverSeenInTraining() {
    assertThat(classifier.unknownShare("")).isZero();
    assertThat(classifier.unknownShare("password")).isZero();
    assertThat(classifier.unknownShare("zzqx password")).isEqualTo(0.5);
    assertThat(classifier.unknownShare("zzqx qqzv")).isEqualTo(1.0);
  }

  @Test
  void readsAValidationLineInOnePassAsTheSeparateCallsDo() {
    for (String text :
        List.of("", "zzqx password", "vpn drops every 5 min, error 809", "what is for lunch")) {
      OpenNlpIntentClassifier.Reading raw = classifier.rawReading(text);
      OpenNlpIntentClassifier.Reading parts = classifier.componentReading(text);
      double[][] models = classifier.modelProbabilities(text);
      assertThat(raw.unknownShare()).isEqualTo(classifier.unknownShare(text));
      assertThat(parts.unknownShare()).isEqualTo(classifier.unknownShare(text));
      assertThat(parts.components()[0]).containsExactly(models[0]);
      assertThat(parts.components()[1]).containsExactly(models[1]);
      assertThat(parts.components()[2]).containsExactly(classifier.embeddingProbabilities(text));
      assertThat(OpenNlpIntentClassifier.scale(raw.raw(), classifier.settings().temperature()))
          .containsExactly(
              classifier.scores(text, classifier.settings().temperature()).probabilities());
    }
  }
}

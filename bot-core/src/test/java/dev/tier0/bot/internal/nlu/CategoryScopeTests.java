package dev.tier0.bot.internal.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tier0.bot.IntentScore;
import dev.tier0.bot.NluResult;
import dev.tier0.bot.internal.nlu.TrainingData.Example;
import dev.tier0.bot.spi.IntentClassifier.IntentInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The out-of-scope decision on the best category's summed probability: a vague complaint that
 * several intents of one category share is recognised as that category, where the best single
 * intent's probability would decline it.
 */
class CategoryScopeTests {

  /** Three Wi-Fi intents that all mention the Wi-Fi, a VPN intent, a printer intent, and non-IT. */
  private static TrainingData wifiData() {
    Map<String, IntentInfo> intents = new LinkedHashMap<>();
    intents.put("wifi_password", new IntentInfo("wifi_password", "network.wifi", "Wi-Fi password"));
    intents.put("wifi_slow", new IntentInfo("wifi_slow", "network.wifi", "Wi-Fi is slow"));
    intents.put("wifi_guest", new IntentInfo("wifi_guest", "network.wifi", "Guest Wi-Fi"));
    intents.put("vpn_down", new IntentInfo("vpn_down", "network.vpn", "VPN won't connect"));
    intents.put("printer_jam", new IntentInfo("printer_jam", "printer", "Paper jam"));
    intents.put(
        NluResult.OUT_OF_SCOPE,
        new IntentInfo(NluResult.OUT_OF_SCOPE, NluResult.OUT_OF_SCOPE, "Not an IT matter"));
    List<Example> examples = new ArrayList<>();
    // Each Wi-Fi intent has the vague complaint once and words of its own: it shares it evenly.
    add(
        examples,
        "wifi_password",
        "my wifi is broken",
        "wifi password rejected",
        "wifi says wrong password",
        "wifi password expired",
        "wifi asks for the password again");
    add(
        examples,
        "wifi_slow",
        "my wifi is broken",
        "wifi speed terrible",
        "wifi so slow today",
        "wifi slow in meetings",
        "wifi speed very slow again");
    add(
        examples,
        "wifi_guest",
        "my wifi is broken",
        "guest wifi for a visitor",
        "visitor needs guest wifi",
        "guest wifi not working",
        "wifi for our guests please");
    add(
        examples,
        "vpn_down",
        "vpn will not connect",
        "vpn down from home",
        "anyconnect vpn fails",
        "the vpn keeps failing to connect",
        "cannot reach vpn");
    add(
        examples,
        "printer_jam",
        "paper jam in the printer",
        "printer jammed again",
        "the printer has a paper jam",
        "jam in tray two of the printer",
        "printer stuck with jammed paper");
    add(
        examples,
        NluResult.OUT_OF_SCOPE,
        "what is for lunch in the canteen",
        "book a table for dinner",
        "when is my next pay day",
        "how many days of leave do I have",
        "who won the football last night",
        "tell me a joke about cats");
    return new TrainingData(examples, intents);
  }

  private static void add(List<Example> examples, String intent, String... texts) {
    for (String text : texts) {
      examples.add(new Example(text, intent));
    }
  }

  /**
   * The same small model read with a fixed temperature and threshold, by intent or by category.
   * Naive Bayes is overconfident on so few lines; the temperature is of the order calibration fits
   * for the shipped model's naive Bayes part.
   */
  private static OpenNlpIntentClassifier model(String scopeLevel) {
    NluSettings settings = NluSettings.defaults().withWordIterations(0);
    return OpenNlpIntentClassifier.train(wifiData(), settings)
        .withSettings(settings.withCalibration(10.0, 0.5).withScopeLevel(scopeLevel));
  }

  @Test
  void acceptsAVagueComplaintThatTheIntentsOfOneCategoryShare() {
    String vague = "my wifi is broken";
    NluResult byIntent = model(NluSettings.INTENT_SCOPE).parse(vague);
    NluResult byCategory = model(NluSettings.CATEGORY_SCOPE).parse(vague);

    assertThat(byIntent.intent()).as(byIntent.toString()).isEqualTo(NluResult.OUT_OF_SCOPE);
    assertThat(byIntent.ranking().get(0).confidence()).isLessThan(0.5);
    assertThat(byCategory.category()).isEqualTo("network.wifi");
    assertThat(byCategory.intent()).startsWith("wifi_");
    // In scope, but no single Wi-Fi intent is likely: the engine hears an unsure answer.
    assertThat(byCategory.confidence()).isLessThan(0.5);
  }

  @Test
  void stillDeclinesALineThatIsNotAboutIt() {
    for (String scope : List.of(NluSettings.INTENT_SCOPE, NluSettings.CATEGORY_SCOPE)) {
      NluResult result = model(scope).parse("what is for lunch today in the canteen");
      assertThat(result.intent()).as(scope).isEqualTo(NluResult.OUT_OF_SCOPE);
      assertThat(result.category()).as(scope).isEqualTo(NluResult.OUT_OF_SCOPE);
    }
  }

  @Test
  void confidenceIsTheAnswersOwnProbabilityWhileTheCategorysSumDecidesScope() {
    OpenNlpIntentClassifier classifier = model(NluSettings.CATEGORY_SCOPE);
    NluResult result = classifier.parse("my wifi is broken");
    double wifi =
        result.ranking().stream()
            .filter(s -> s.intent().startsWith("wifi_"))
            .mapToDouble(IntentScore::confidence)
            .sum();
    assertThat(result.ranking().get(0).intent()).isEqualTo(result.intent());
    assertThat(result.confidence()).isEqualTo(result.ranking().get(0).confidence());
    assertThat(wifi).isGreaterThanOrEqualTo(0.5).isGreaterThan(result.confidence());
  }

  @Test
  void picksTheBestIntentInsideTheBestCategoryEvenWhenAnotherIntentIsHigherAlone() {
    OpenNlpIntentClassifier classifier = model(NluSettings.CATEGORY_SCOPE);
    int slow = classifier.outcomeIndex("wifi_slow");
    int guest = classifier.outcomeIndex("wifi_guest");
    int vpn = classifier.outcomeIndex("vpn_down");
    int oos = classifier.oosIndex();
    double[] p = new double[classifier.intents().size()];
    p[slow] = 0.3;
    p[guest] = 0.25;
    p[vpn] = 0.35;
    p[oos] = 0.1;

    OpenNlpIntentClassifier.Decision d = classifier.decide(p, 0.5);

    assertThat(d.outOfScope()).isFalse();
    assertThat(d.intent()).isEqualTo(slow);
    assertThat(d.inScope()).isCloseTo(0.55, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(model(NluSettings.INTENT_SCOPE).decide(p, 0.5).outOfScope()).isTrue();
  }

  @Test
  void declinesWhenTheOutOfScopeClassOutweighsTheBestCategory() {
    OpenNlpIntentClassifier classifier = model(NluSettings.CATEGORY_SCOPE);
    double[] p = new double[classifier.intents().size()];
    p[classifier.outcomeIndex("wifi_slow")] = 0.2;
    p[classifier.outcomeIndex("wifi_guest")] = 0.2;
    p[classifier.oosIndex()] = 0.6;

    assertThat(classifier.decide(p, 0.1).outOfScope()).isTrue();
  }

  @Test
  void readsAModelFileWrittenBeforeTheSettingWithTheIntentLevelReading() throws Exception {
    OpenNlpIntentClassifier classifier = model(NluSettings.CATEGORY_SCOPE);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    classifier.save(out);
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(out.toByteArray());
    byte[] header = new byte[bytes.getInt()];
    bytes.get(header);
    String older =
        new String(header, java.nio.charset.StandardCharsets.UTF_8)
            .replace(",\"scopeLevel\":\"category\"", "");
    assertThat(older).doesNotContain("scopeLevel");
    byte[] olderHeader = older.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream data = new java.io.DataOutputStream(file);
    data.writeInt(olderHeader.length);
    data.write(olderHeader);
    data.write(out.toByteArray(), 4 + header.length, bytes.remaining());

    OpenNlpIntentClassifier loaded =
        OpenNlpIntentClassifier.load(new java.io.ByteArrayInputStream(file.toByteArray()));

    assertThat(loaded.settings().scopeLevel()).isEqualTo(NluSettings.INTENT_SCOPE);
    assertThat(loaded.parse("my wifi is broken").intent()).isEqualTo(NluResult.OUT_OF_SCOPE);
  }

  @Test
  void modelFilesWithoutTheSettingKeepTheIntentLevelReading() {
    assertThat(NluSettings.defaults().scopeLevel()).isEqualTo(NluSettings.CATEGORY_SCOPE);
    assertThat(NluSettings.defaults().withScopeLevel(null).scopeLevel())
        .isEqualTo(NluSettings.INTENT_SCOPE);
    assertThat(NluSettings.defaults().withScopeLevel(" Category ").decidesByCategory()).isTrue();
    assertThatThrownBy(() -> NluSettings.defaults().withScopeLevel("sentence"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scopeLevel");
  }
}

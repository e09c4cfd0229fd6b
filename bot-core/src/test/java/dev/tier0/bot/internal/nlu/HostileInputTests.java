package dev.tier0.bot.internal.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.bot.NluResult;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostileInputTests {

  // Fixed so that every run checks the same inputs; another seed with -Dtests.seed=<seed>.
  private static final long SEED = Long.getLong("tests.seed", 20_261_123L);

  private final OpenNlpIntentClassifier classifier = Fixture.classifier();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   \t\n  ",
        "😀😀😀🎉",
        "مرحبا كيف حالك اليوم",
        "שלום עולם",
        "'; DROP TABLE users; --",
        "<script>alert(1)</script>",
        "\u0000\u0001\u0002\u001b[31m",
        "\uD800",
        "?!?!?!...,,,"
      })
  void answersOutOfScopeOrLowConfidenceOnGarbage(String text) {
    assertSafe(classifier.parse(text));
  }

  @Test
  void treatsNullAsEmpty() {
    assertThat(classifier.parse(null).intent()).isEqualTo(NluResult.OUT_OF_SCOPE);
  }

  @Test
  void survivesAHundredKilobytes() {
    String huge = "vpn ".repeat(25_000);
    NluResult result = classifier.parse(huge);
    assertThat(result).isNotNull();
    assertThat(result.ranking()).isNotEmpty();
  }

  @Test
  void neverThrowsOnRandomText() {
    // Replay a failure with -Dtests.seed=<the printed seed>.
    System.out.println("HostileInputTests seed: " + SEED);
    Random random = new Random(SEED);
    for (int i = 0; i < 300; i++) {
      String text = randomText(random);
      NluResult result = classifier.parse(text);
      assertThat(result).as("seed %d, case %d", SEED, i).isNotNull();
      assertThat(result.confidence()).isBetween(0.0, 1.0);
      assertThat(result.ranking()).isNotEmpty();
    }
  }

  @Test
  void randomBinaryIsNeverConfidentlyIt() {
    System.out.println("HostileInputTests seed: " + SEED);
    Random random = new Random(SEED);
    for (int i = 0; i < 100; i++) {
      byte[] bytes = new byte[1 + random.nextInt(2_000)];
      random.nextBytes(bytes);
      String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
      assertSafe(classifier.parse(text));
    }
  }

  private void assertSafe(NluResult result) {
    assertThat(result).isNotNull();
    assertThat(
            result.intent().equals(NluResult.OUT_OF_SCOPE)
                || result.confidence() < classifier.settings().confidentThreshold())
        .as("%s", result)
        .isTrue();
  }

  private static String randomText(Random random) {
    List<int[]> ranges =
        List.of(
            new int[] {0x00, 0x7F},
            new int[] {0x0590, 0x06FF},
            new int[] {0x1F300, 0x1FAFF},
            new int[] {0x4E00, 0x9FFF},
            new int[] {0xD800, 0xDFFF},
            new int[] {0x0300, 0x036F});
    int length = random.nextInt(random.nextInt(10) == 0 ? 20_000 : 200);
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int[] range = ranges.get(random.nextInt(ranges.size()));
      int cp = range[0] + random.nextInt(range[1] - range[0] + 1);
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        sb.append((char) cp);
      } else {
        sb.appendCodePoint(cp);
      }
    }
    return sb.toString();
  }
}

package dev.tier0.bot.internal.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.bot.NluResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sentence encoder and the classifier that uses it. Every test of the encoder lives here, so
 * that the first load (when native libraries are unpacked) happens after {@link #loadOnce} has
 * looked at the home folder; the build points {@code helpdesk.nlu.native-dir} into {@code target/}.
 */
class SentenceEncoderTests {

  private static final long SEED = Long.getLong("tests.seed", 20_261_123L);

  private static List<Path> homeBefore;
  private static OpenNlpIntentClassifier classifier;
  private static OpenNlpIntentClassifier staticClassifier;

  @BeforeAll
  static void loadOnce() throws IOException {
    homeBefore = homeCaches();
    SentenceEncoder.minilm().encode("warm up");
    classifier =
        OpenNlpIntentClassifier.shipped(
            SentenceEncoderTests.class.getClassLoader(),
            NluSettings.defaults().withEncoder("minilm"));
    staticClassifier =
        OpenNlpIntentClassifier.shipped(
            SentenceEncoderTests.class.getClassLoader(),
            NluSettings.defaults().withEncoder("minilm-static"));
  }

  private static List<OpenNlpIntentClassifier> classifiers() {
    return List.of(classifier, staticClassifier);
  }

  @Test
  void leavesTheTokenizerLibraryNoReasonToCallOut() {
    // The tokenizer's library asks a cloud metadata address on its first use unless it is offline
    // or tracking is opted out; it opens that connection without a proxy, so only its own
    // predicates can tell. Nothing else in it downloads: the native library ships in its jar.
    assertThat(ai.djl.util.Utils.isOfflineMode()).isTrue();
    assertThat(Boolean.parseBoolean(ai.djl.util.Utils.getEnvOrSystemProperty("OPT_OUT_TRACKING")))
        .isTrue();
  }

  @Test
  void unpacksNativeLibrariesOnlyIntoItsOwnFolder() throws IOException {
    Path folder = SentenceEncoder.nativeFolder();
    try (Stream<Path> files = Files.walk(folder)) {
      assertThat(files.map(p -> p.getFileName().toString())).contains("libtokenizers.so");
    }
    assertThat(homeCaches()).isEqualTo(homeBefore);
  }

  @Test
  void givesUnitVectorsOfThreeHundredEightyFourDimensions() {
    float[] v = SentenceEncoder.minilm().encode("my laptop will not turn on");
    double norm = 0;
    for (float f : v) {
      norm += f * f;
    }
    assertThat(v).hasSize(SentenceEncoder.DIMENSIONS);
    assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(SentenceEncoder.minilm().encode("my laptop will not turn on")).isEqualTo(v);
  }

  @Test
  void placesParaphrasesCloserThanUnrelatedRequests() {
    float[] a = SentenceEncoder.minilm().encode("my wifi is broken");
    float[] b = SentenceEncoder.minilm().encode("the wireless network does not work");
    float[] c = SentenceEncoder.minilm().encode("what is for lunch today");
    assertThat(dot(a, b)).isGreaterThan(dot(a, c));
  }

  @Test
  void cleansTextBeforeTheNativeTokenizer() {
    assertThat(SentenceEncoder.clean("a\uD800b\u0000c\u001b[31m\u200bd")).isEqualTo("ab c [31md");
    assertThat(SentenceEncoder.clean("x".repeat(100_000))).hasSize(SentenceEncoder.MAX_CHARS);
    assertThat(SentenceEncoder.clean("😀".repeat(1_000)).length())
        .isLessThanOrEqualTo(SentenceEncoder.MAX_CHARS);
    assertThat(SentenceEncoder.clean(null)).isEmpty();
    assertThat(SentenceEncoder.minilm().encode("\u0000\uD800 ")).containsOnly(0f);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   \t\n  ",
        "😀😀😀🎉",
        "مرحبا كيف حالك اليوم",
        "שלום עולם",
        "\u0000\u0001\u0002\u001b[31m",
        "\uD800",
        "\uDFFF\uD800x",
        "?!?!?!...,,,"
      })
  void classifiesGarbageSafelyWithTheEncoderOn(String text) {
    for (OpenNlpIntentClassifier c : classifiers()) {
      NluResult result = c.parse(text);
      assertThat(result).isNotNull();
      assertThat(result.confidence()).isBetween(0.0, 1.0);
    }
  }

  @Test
  void survivesAHundredKilobytesWithTheEncoderOn() {
    for (OpenNlpIntentClassifier c : classifiers()) {
      assertThat(c.parse("vpn ".repeat(25_000)).ranking()).isNotEmpty();
    }
  }

  @Test
  void neverThrowsOnRandomTextOrBinaryWithTheEncoderOn() {
    System.out.println("SentenceEncoderTests seed: " + SEED);
    Random random = new Random(SEED);
    for (int i = 0; i < 60; i++) {
      String text;
      if (i % 2 == 0) {
        byte[] bytes = new byte[1 + random.nextInt(2_000)];
        random.nextBytes(bytes);
        text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
      } else {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(300);
        for (int k = 0; k < length; k++) {
          sb.append((char) random.nextInt(0x10000));
        }
        text = sb.toString();
      }
      for (OpenNlpIntentClassifier c : classifiers()) {
        NluResult result = c.parse(text);
        assertThat(result).as("seed %d, case %d", SEED, i).isNotNull();
        assertThat(result.confidence()).isBetween(0.0, 1.0);
        assertThat(result.ranking()).isNotEmpty();
      }
    }
  }

  @Test
  void keepsTheSentenceVectorModelInTheSavedFile(@TempDir Path dir) throws IOException {
    for (OpenNlpIntentClassifier c : classifiers()) {
      Path file = dir.resolve(c.settings().encoder() + ".bin");
      c.save(file);
      OpenNlpIntentClassifier loaded = OpenNlpIntentClassifier.load(file);
      assertThat(loaded.hasEmbeddingModel()).isTrue();
      assertThat(loaded.settings().encoder()).isEqualTo(c.settings().encoder());
      assertThat(loaded.mixture()).isEqualTo(c.mixture());
      for (String probe : List.of("I forgot my password", "vpn broken", "what is for lunch")) {
        assertThat(loaded.parse(probe)).isEqualTo(c.parse(probe));
      }
    }
  }

  @Test
  void givesStaticUnitVectorsThatAreTheSameEveryTime() {
    SentenceEncoder encoder = SentenceEncoder.minilmStatic();
    float[] v = encoder.encode("my laptop will not turn on");
    double norm = 0;
    for (float f : v) {
      norm += f * f;
    }
    assertThat(v).hasSize(SentenceEncoder.DIMENSIONS);
    assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(encoder.encode("my laptop will not turn on")).isEqualTo(v);
    assertThat(encoder.encode("My Laptop will NOT turn on"))
        .as("the vocabulary is lower case")
        .isEqualTo(v);
  }

  @Test
  void placesParaphrasesCloserThanUnrelatedRequestsWithStaticVectors() {
    SentenceEncoder encoder = SentenceEncoder.minilmStatic();
    List<List<String>> triples =
        List.of(
            List.of(
                "my wifi is broken",
                "the wireless network does not work",
                "what is for lunch today"),
            List.of("I forgot my password", "cannot remember my login pw", "book a meeting room"),
            List.of("outlook keeps crashing", "the mail app closes by itself", "my salary is late"),
            List.of(
                "vpn keeps dropping",
                "remote access connection disconnects",
                "where is the kitchen"));
    for (List<String> t : triples) {
      float[] a = encoder.encode(t.get(0));
      assertThat(dot(a, encoder.encode(t.get(1))))
          .as("%s", t)
          .isGreaterThan(dot(a, encoder.encode(t.get(2))));
    }
  }

  @Test
  void keepsTheDistilledTableForTheNextStartAndDistilsAgainWhenTheFileIsDamaged(@TempDir Path dir)
      throws Exception {
    SentenceEncoder.minilmStatic();
    Path kept;
    try (Stream<Path> files = Files.list(SentenceEncoder.nativeFolder())) {
      kept =
          files
              .filter(p -> p.getFileName().toString().matches("minilm-static-[0-9a-f]{24}\\.bin"))
              .findFirst()
              .orElseThrow();
    }
    Path copy = Files.copy(kept, dir.resolve(kept.getFileName()));
    List<String> probes = List.of("my wifi is broken", "I forgot my password", "outlok craches");
    StaticTokenVectors read =
        StaticTokenVectors.load(getClass().getClassLoader(), SentenceEncoder.DIMENSIONS, dir);
    for (String probe : probes) {
      assertThat(read.embed(probe)).isEqualTo(SentenceEncoder.minilmStatic().encode(probe));
    }

    byte[] bytes = Files.readAllBytes(copy);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(copy, bytes);
    StaticTokenVectors distilled =
        StaticTokenVectors.load(getClass().getClassLoader(), SentenceEncoder.DIMENSIONS, dir);
    for (String probe : probes) {
      assertThat(distilled.embed(probe))
          .as("distilling again gives the same vectors")
          .isEqualTo(SentenceEncoder.minilmStatic().encode(probe));
    }
    assertThat(Files.readAllBytes(copy))
        .as("the damaged file is replaced")
        .isEqualTo(Files.readAllBytes(kept));
  }

  @Test
  void cutsTextIntoTheSamePiecesWordByWordAsInOneCallOfTheTokenizer() throws Exception {
    StaticTokenVectors vectors =
        StaticTokenVectors.load(
            getClass().getClassLoader(),
            SentenceEncoder.DIMENSIONS,
            SentenceEncoder.nativeFolder());
    List<String> texts = new ArrayList<>();
    Fixture.data().examples().forEach(e -> texts.add(e.text()));
    texts.addAll(
        List.of(
            "ΟΔΟΣ ΟΔΟΣ. Straße café naïve",
            "中文 输入法 坏了 and 日本語",
            "e \u0301 a\u00a0b \u2003 x",
            "outlok!!!craches... 0x80070005/err#809",
            "😀 vpn😀 😀😀"));
    System.out.println("SentenceEncoderTests seed: " + SEED);
    Random random = new Random(SEED);
    for (int i = 0; i < 300; i++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(60);
      for (int k = 0; k < length; k++) {
        int kind = random.nextInt(4);
        sb.appendCodePoint(
            kind == 0 ? ' ' : kind == 1 ? 'a' + random.nextInt(26) : random.nextInt(0x3000));
      }
      texts.add(SentenceEncoder.clean(sb.toString()));
    }
    for (String text : texts) {
      List<Long> byWord = new ArrayList<>();
      for (String chunk : text.split(" ")) {
        if (!chunk.isEmpty()) {
          for (long id : vectors.pieceIds(chunk)) {
            byWord.add(id);
          }
        }
      }
      List<Long> whole = new ArrayList<>();
      for (long id : vectors.pieceIdsOfWholeText(text)) {
        whole.add(id);
      }
      assertThat(byWord).as("seed %d: %s", SEED, text).isEqualTo(whole);
    }
  }

  @Test
  void givesZerosForTextWithoutAWordPieceAndAUnitVectorForAHundredKilobytes() {
    SentenceEncoder encoder = SentenceEncoder.minilmStatic();
    assertThat(encoder.encode("\u0000\uD800 ")).containsOnly(0f);
    assertThat(encoder.encode("")).containsOnly(0f);
    assertThat(encoder.encode(null)).containsOnly(0f);
    float[] long_ = encoder.encode("vpn ".repeat(25_000));
    double norm = 0;
    for (float f : long_) {
      norm += f * f;
    }
    assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void answersLikeTheModelItWasTrainedWithOnEverydayRequests() {
    // Static vectors are a second opinion beside the word models, like the transformer's.
    for (String[] probe :
        new String[][] {
          {"I forgot my password", "account.password"},
          {"vpn keeps disconnecting every few minutes", "network.vpn"},
          {"the printer on floor 3 is offline", "printer"},
          {"what's the weather tomorrow", NluResult.OUT_OF_SCOPE}
        }) {
      assertThat(staticClassifier.parse(probe[0]).category()).as(probe[0]).isEqualTo(probe[1]);
    }
  }

  @Test
  void trainsTheSameModelTwice() {
    OpenNlpIntentClassifier again =
        OpenNlpIntentClassifier.train(Fixture.data(), NluSettings.defaults().withEncoder("minilm"))
            .calibrate(validation());
    assertThat(again.mixture()).isEqualTo(classifier.mixture());
    assertThat(again.parse("the printer is jammed"))
        .isEqualTo(classifier.parse("the printer is jammed"));
  }

  private static List<TrainingData.Example> validation() {
    try {
      return TrainingData.readResource(
              "nlu/validation.jsonl", SentenceEncoderTests.class.getClassLoader(), false)
          .orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** The files under the caches DJL and JNA would use by default in the user's home. */
  private static List<Path> homeCaches() throws IOException {
    Path home = Path.of(System.getProperty("user.home"));
    List<Path> found = new ArrayList<>();
    for (Path dir : List.of(home.resolve(".djl.ai"), home.resolve(".cache").resolve("JNA"))) {
      if (Files.exists(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted().forEach(found::add);
        }
      }
    }
    return found;
  }
}

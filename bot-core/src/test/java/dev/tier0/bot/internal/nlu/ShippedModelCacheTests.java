package dev.tier0.bot.internal.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedModelCacheTests {

  @TempDir Path classpath;
  @TempDir Path cache;
  ClassLoader loader;

  @BeforeEach
  void shipSmallData() throws Exception {
    Path nlu = Files.createDirectories(classpath.resolve("nlu"));
    Files.write(
        nlu.resolve("train.jsonl"),
        List.of(
            line("I forgot my password", "password_forgot"),
            line("forgot password again", "password_forgot"),
            line("cannot remember my password", "password_forgot"),
            line("vpn will not connect", "vpn_connect"),
            line("anyconnect fails to connect", "vpn_connect"),
            line("vpn keeps failing", "vpn_connect"),
            line("printer is offline", "printer_offline"),
            line("cannot print anything", "printer_offline"),
            line("printer says offline", "printer_offline"),
            line("what is for lunch", "out_of_scope"),
            line("book me a holiday", "out_of_scope"),
            line("what is the weather", "out_of_scope")));
    Files.write(
        nlu.resolve("validation.jsonl"),
        List.of(
            line("password forgotten", "password_forgot"),
            line("the vpn does not connect", "vpn_connect"),
            line("printing fails", "printer_offline"),
            line("where is the canteen", "out_of_scope")));
    loader = new URLClassLoader(new URL[] {classpath.toUri().toURL()}, null);
  }

  @Test
  void trainsOnceThenReadsTheKeptModel() throws Exception {
    OpenNlpIntentClassifier first =
        ShippedModelCache.shipped(loader, NluSettings.defaults(), cache);
    Path model = only(".bin");
    Object written = Files.getAttribute(model, "fileKey");

    OpenNlpIntentClassifier second =
        ShippedModelCache.shipped(loader, NluSettings.defaults(), cache);

    // Read, not trained and written again: the file is the one the first start wrote.
    assertThat(Files.getAttribute(only(".bin"), "fileKey")).isEqualTo(written);
    for (String text : List.of("forgot my password", "vpn broken", "printer offline", "lunch")) {
      assertThat(second.parse(text)).isEqualTo(first.parse(text));
    }
  }

  @Test
  void trainsAgainWhenTheKeptModelIsDamaged() throws Exception {
    OpenNlpIntentClassifier first =
        ShippedModelCache.shipped(loader, NluSettings.defaults(), cache);
    Files.write(only(".bin"), new byte[] {1, 2, 3});

    OpenNlpIntentClassifier again =
        ShippedModelCache.shipped(loader, NluSettings.defaults(), cache);

    assertThat(again.parse("vpn will not connect")).isEqualTo(first.parse("vpn will not connect"));
    assertThat(OpenNlpIntentClassifier.load(only(".bin")).parse("printer is offline"))
        .isEqualTo(first.parse("printer is offline"));
  }

  @Test
  void trainsAgainWhenTheModelNoLongerAnswersAsItDidAndWhenTheDataChanges() throws Exception {
    ShippedModelCache.shipped(loader, NluSettings.defaults(), cache);
    // As if the scoring code had changed since the model was kept.
    Files.writeString(only(".check"), "answers of an older version");
    ShippedModelCache.shipped(loader, NluSettings.defaults(), cache);
    assertThat(Files.readString(only(".check"))).isNotEqualTo("answers of an older version");
    Path before = only(".bin");

    Files.writeString(
        classpath.resolve("nlu/train.jsonl"),
        line("my laptop screen is cracked", "hardware_broken") + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    ShippedModelCache.shipped(loader, NluSettings.defaults(), cache);

    // A model of other data is never read again, so it is removed.
    assertThat(only(".bin")).isNotEqualTo(before);
    assertThat(before).doesNotExist();
  }

  @Test
  void aModelKeptForTheIntentLevelDecisionIsNotReadForTheCategoryDecision() throws Exception {
    NluSettings former = NluSettings.defaults().withScopeLevel(NluSettings.INTENT_SCOPE);
    ShippedModelCache.shipped(loader, former, cache);
    Path kept = only(".bin");

    OpenNlpIntentClassifier current =
        ShippedModelCache.shipped(loader, NluSettings.defaults(), cache);

    // The settings are part of the file's name: the new decision trains and calibrates again.
    assertThat(current.settings().scopeLevel()).isEqualTo(NluSettings.CATEGORY_SCOPE);
    assertThat(only(".bin")).isNotEqualTo(kept);
    assertThat(kept).doesNotExist();
  }

  @Test
  void aFolderThatCannotBeWrittenOnlyMeansTrainingEachTime() throws Exception {
    Path file = Files.writeString(cache.resolve("not-a-folder"), "x");

    OpenNlpIntentClassifier classifier =
        ShippedModelCache.shipped(loader, NluSettings.defaults(), file);

    assertThat(classifier.parse("printer is offline").intent()).isEqualTo("printer_offline");
  }

  private Path only(String suffix) throws Exception {
    try (Stream<Path> files = Files.list(cache)) {
      List<Path> found = files.filter(f -> f.toString().endsWith(suffix)).toList();
      assertThat(found).hasSize(1);
      return found.get(0);
    }
  }

  private static String line(String text, String intent) {
    return "{\"text\":\"" + text + "\",\"intent\":\"" + intent + "\"}";
  }
}

package dev.tier0.bot.internal.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tier0.bot.internal.nlu.TrainingData.Example;
import dev.tier0.bot.spi.IntentClassifier.IntentInfo;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataTests {

  @Test
  void readsJsonLinesWithEscapesAndUnicode(@TempDir Path dir) throws IOException {
    Path data = dir.resolve("train.jsonl");
    Files.writeString(
        data,
        """
        {"text":"say \\"hi\\"\\n\\u00e9t\\u00e9 😀","intent":"greeting","extra":1}

        {"intent":"oos","text":"pizza"}
        """,
        StandardCharsets.UTF_8);
    Path intents = dir.resolve("intents.jsonl");
    Files.writeString(
        intents, "{\"intent\":\"greeting\",\"category\":\"greeting\",\"label\":\"Hello\"}\n");
    TrainingData read = TrainingData.fromJsonl(data, intents);
    assertThat(read.examples())
        .containsExactly(
            new Example("say \"hi\"\nété 😀", "greeting"), new Example("pizza", "out_of_scope"));
    assertThat(read.intents().get("greeting"))
        .isEqualTo(new IntentInfo("greeting", "greeting", "Hello"));
  }

  @Test
  void makesEachIntentItsOwnCategoryWithoutAnIntentsFile(@TempDir Path dir) throws IOException {
    Path data = dir.resolve("train.jsonl");
    Files.writeString(data, "{\"text\":\"x\",\"intent\":\"vpn_connect\"}\n");
    assertThat(TrainingData.fromJsonl(data, null).intents().get("vpn_connect").category())
        .isEqualTo("vpn_connect");
  }

  @Test
  void reportsTheLineOfAMalformedFile() {
    assertThatThrownBy(() ->
            TrainingData.readExamples(
                new StringReader("{\"text\":\"a\",\"intent\":\"b\"}\n{oops\n"), "bad.jsonl"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("bad.jsonl:2");
  }

  @Test
  void readsTheShippedLayoutFromTheClassPath() throws IOException {
    TrainingData data = TrainingData.fromClasspath("nlu", getClass().getClassLoader());
    assertThat(data.examples()).hasSizeGreaterThan(100);
    assertThat(data.intents().get("vpn_connect").category()).isEqualTo("network.vpn");
  }

  @Test
  void importsRasaNluYaml() throws IOException {
    try (Reader reader =
        new InputStreamReader(
            getClass().getResourceAsStream("/nlu/rasa.yml"), StandardCharsets.UTF_8)) {
      TrainingData data = TrainingData.fromRasaYaml(reader);
      assertThat(data.examples())
          .containsExactly(
              new Example("VPN won't connect", "vpn_connect"),
              new Example("GlobalProtect keeps dropping", "vpn_connect"),
              new Example("hello", "greet"),
              new Example("hi there", "greet"));
      assertThat(data.intents()).containsOnlyKeys("vpn_connect", "greet");
    }
  }

  @Test
  void rejectsYamlWithoutAnNluList() {
    assertThatThrownBy(() -> TrainingData.fromRasaYaml(new StringReader("stories: []")))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> TrainingData.fromRasaYaml(new StringReader("nlu: [unclosed")))
        .isInstanceOf(IOException.class);
  }
}

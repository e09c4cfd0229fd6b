package dev.tier0.bot.internal.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform where the encoder's native libraries cannot be unpacked still gets a working intent
 * model, trained without sentence vectors. Runs in a JVM of its own: the encoders load once per
 * process, and this test's JVM has loaded them already.
 */
class EncoderFallbackIntegrationTests {

  @Test
  void trainsWithoutSentenceVectorsWhenTheEncoderCannotLoad(@TempDir Path dir) throws Exception {
    // A file where the native folder should be: nothing can be unpacked below it.
    Path blocked = Files.writeString(dir.resolve("not-a-folder"), "x");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dhelpdesk.nlu.native-dir=" + blocked,
                "-cp",
                System.getProperty("java.class.path"),
                Probe.class.getName())
            .redirectErrorStream(true)
            .start();
    boolean done = process.waitFor(120, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      process.destroyForcibly();
    }

    assertThat(done).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("encoder=none", "intent=vpn_cannot_connect");
  }

  /** Trains a small model with the default (static vectors) and prints what it got. */
  public static final class Probe {
    public static void main(String[] args) throws IOException {
      TrainingData data =
          new TrainingData(
              List.of(
                  new TrainingData.Example("my vpn will not connect", "vpn_cannot_connect"),
                  new TrainingData.Example("vpn connection fails", "vpn_cannot_connect"),
                  new TrainingData.Example("globalprotect cannot connect", "vpn_cannot_connect"),
                  new TrainingData.Example("I forgot my password", "password_forgot"),
                  new TrainingData.Example("reset my password please", "password_forgot"),
                  new TrainingData.Example("what is for lunch", "out_of_scope"),
                  new TrainingData.Example("book me a flight", "out_of_scope")),
              Map.of());
      OpenNlpIntentClassifier model = OpenNlpIntentClassifier.train(data, NluSettings.defaults());
      System.out.println(
          "encoder=" + model.settings().encoder() + " intent=" + model.parse("vpn fails").intent());
    }
  }
}

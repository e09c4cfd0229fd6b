package dev.tier0.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelOptionsTests {

  @Test
  void trainAndEvalNluReadTheSameModelOptions() {
    TrainCommand train = new TrainCommand();
    new CommandLine(train)
        .parseArgs("--data", "d.jsonl", "--trainer", "NAIVEBAYES", "--encoder", "minilm");
    EvalNluCommand eval = new EvalNluCommand();
    new CommandLine(eval).parseArgs("--test", "t.jsonl", "--encoder", "MiniLM");

    assertThat(train.modelOptions.settings().trainer()).isEqualTo("NAIVEBAYES");
    assertThat(train.modelOptions.settings().usesEncoder()).isTrue();
    assertThat(eval.modelOptions.settings().usesEncoder()).isTrue();
    assertThat(new ModelOptions().settings())
        .isEqualTo(dev.tier0.bot.internal.nlu.NluSettings.defaults());
  }

  @Test
  void anUnknownEncoderIsAClearErrorNotACrash(@TempDir Path dir) throws Exception {
    Path test = dir.resolve("t.jsonl");
    Files.writeString(test, "{\"text\":\"vpn down\",\"intent\":\"vpn_cannot_connect\"}\n");
    PrintStream before = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      exit =
          HelpdeskCli.run(
              new String[] {"eval-nlu", "--test", test.toString(), "--encoder", "bert", "--json"});
    } finally {
      System.setOut(before);
    }

    assertThat(exit).isNotZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("\"error\"")
        .contains("encoder must be none, minilm or minilm-static");
  }
}

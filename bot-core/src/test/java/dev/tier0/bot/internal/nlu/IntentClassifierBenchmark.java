package dev.tier0.bot.internal.nlu;

import dev.tier0.bot.NluResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Classification latency (sampled, so JMH reports p50/p99) and training time of the intent model.
 * The model is trained from {@code -Dnlu.dir=FOLDER} (train.jsonl, intents.jsonl, the shipped
 * layout) or, without it, from the test fixture; {@code encoder} is {@code minilm-static} (the
 * default), {@code minilm} or {@code none} (no sentence-vector model mixed in). See
 * BENCHMARKS-NLU.md for the command.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = "-Xmx2g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class IntentClassifierBenchmark {

  private static final List<String> MESSAGES =
      List.of(
          "I forgot my password",
          "vnp wont conect since this morning, error 809 on GlobalProtect",
          "outlok keeps craching when I open the shared mailbox",
          "the whole office can't print, the printer on floor 3 says offline",
          "what's the weather tomorrow",
          "hi",
          "my laptop screen is flickering after the windows update 0x80070005",
          "can I talk to a real person please");

  @Param({"minilm-static"})
  public String encoder;

  private TrainingData data;
  private OpenNlpIntentClassifier classifier;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    // Measure the encoder itself, not its memo of recent texts.
    System.setProperty(SentenceEncoder.MEMO_PROPERTY, "0");
    String dir = System.getProperty("nlu.dir");
    data =
        dir == null
            ? Fixture.data()
            : TrainingData.fromJsonl(Path.of(dir, "train.jsonl"), Path.of(dir, "intents.jsonl"));
    classifier = OpenNlpIntentClassifier.train(data, settings());
  }

  private NluSettings settings() {
    return NluSettings.defaults().withEncoder(encoder);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public NluResult classify() {
    next = (next + 1) % MESSAGES.size();
    return classifier.parse(MESSAGES.get(next));
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public OpenNlpIntentClassifier train() {
    return OpenNlpIntentClassifier.train(data, settings());
  }
}

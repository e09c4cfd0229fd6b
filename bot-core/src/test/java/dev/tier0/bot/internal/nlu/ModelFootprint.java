package dev.tier0.bot.internal.nlu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Training time, model size on disk and retained heap of a model trained from a folder in the
 * shipped layout (train.jsonl, intents.jsonl): {@code ModelFootprint FOLDER}; {@code
 * -Dnlu.encoder=minilm} includes the sentence encoder (whose ONNX session lives mostly outside the
 * Java heap: see the process's resident size too).
 */
final class ModelFootprint {

  private ModelFootprint() {}

  public static void main(String[] args) throws Exception {
    TrainingData data =
        TrainingData.fromJsonl(Path.of(args[0], "train.jsonl"), Path.of(args[0], "intents.jsonl"));
    long before = usedHeap();
    long start = System.nanoTime();
    OpenNlpIntentClassifier classifier =
        OpenNlpIntentClassifier.train(
            data, NluSettings.defaults().withEncoder(System.getProperty("nlu.encoder", "none")));
    long millis = (System.nanoTime() - start) / 1_000_000;
    long after = usedHeap();
    Path file = Files.createTempFile("intent-model", ".bin");
    classifier.save(file);
    System.out.printf(
        Locale.ROOT,
        "examples=%d intents=%d training=%d ms modelFile=%d bytes retainedHeap=%.1f MB%n",
        data.examples().size(),
        classifier.intents().size(),
        millis,
        Files.size(file),
        (after - before) / 1e6);
    Files.delete(file);
    classifier.parse("keep the model reachable until here");
  }

  private static long usedHeap() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}

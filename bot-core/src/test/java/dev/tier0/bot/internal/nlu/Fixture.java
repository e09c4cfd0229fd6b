package dev.tier0.bot.internal.nlu;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The small IT corpus under src/test/resources/nlu, trained once per test run. */
final class Fixture {

  private static OpenNlpIntentClassifier classifier;

  private Fixture() {}

  static TrainingData data() {
    try {
      return TrainingData.fromClasspath("nlu", Fixture.class.getClassLoader());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static synchronized OpenNlpIntentClassifier classifier() {
    if (classifier == null) {
      classifier = OpenNlpIntentClassifier.train(data(), NluSettings.defaults());
    }
    return classifier;
  }
}

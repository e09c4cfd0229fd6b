package dev.tier0.bot.internal.nlu;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The small IT corpus under src/test/resources/nlu (the shipped layout: train, intents and
 * validation files), trained and calibrated once per test run.
 */
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
      try {
        classifier =
            OpenNlpIntentClassifier.shipped(Fixture.class.getClassLoader(), NluSettings.defaults());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return classifier;
  }
}

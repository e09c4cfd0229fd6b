package dev.tier0.app.cli;

import dev.tier0.bot.internal.nlu.NluSettings;
import picocli.CommandLine.Option;

/** The intent-model options {@code train} and {@code eval-nlu} share (a picocli mixin). */
final class ModelOptions {

  @Option(names = "--trainer", description = "OpenNLP trainer (default MAXENT_QN).")
  String trainer;

  @Option(
      names = "--encoder",
      description =
          "Sentence encoder mixed into the intent model: minilm-static (default: static vectors"
              + " distilled from all-MiniLM-L6-v2, microseconds per message), minilm (the"
              + " transformer itself, milliseconds per message) or none; see nlu/README.md.")
  String encoder;

  /** The default settings with this trainer and sentence encoder (unset keeps the default). */
  NluSettings settings() {
    NluSettings defaults =
        encoder == null ? NluSettings.defaults() : NluSettings.defaults().withEncoder(encoder);
    return trainer == null ? defaults : defaults.withTrainer(trainer);
  }
}

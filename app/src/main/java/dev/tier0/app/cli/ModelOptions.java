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
          "Sentence encoder mixed into the intent model: minilm (default: the bundled"
              + " all-MiniLM-L6-v2 transformer, milliseconds per message), minilm-static (static"
              + " vectors distilled from it, microseconds per message, less accurate) or none;"
              + " see nlu/README.md.")
  String encoder;

  /** The default settings with this trainer and sentence encoder (unset keeps the default). */
  NluSettings settings() {
    NluSettings defaults =
        encoder == null ? NluSettings.defaults() : NluSettings.defaults().withEncoder(encoder);
    return trainer == null ? defaults : defaults.withTrainer(trainer);
  }
}

package dev.tier0.bot.internal.nlu.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes an evaluation as {@code nlu-report.md} and {@code nlu-report.json} into a folder. */
public final class NluReportWriter {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private NluReportWriter() {}

  /** Writes both reports; {@code title} heads the Markdown one. */
  public static void write(Path folder, String title, NluEvaluation evaluation, Map<String, ?> info)
      throws IOException {
    Files.createDirectories(folder);
    Files.writeString(
        folder.resolve("nlu-report.json"),
        JSON.writeValueAsString(Map.of("evaluation", evaluation, "run", info)),
        StandardCharsets.UTF_8);
    Files.writeString(
        folder.resolve("nlu-report.md"), markdown(title, evaluation, info), StandardCharsets.UTF_8);
  }

  /** The Markdown report. */
  public static String markdown(String title, NluEvaluation e, Map<String, ?> info) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(title).append("\n\n");
    info.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
    md.append("\n| metric | value |\n|---|---|\n");
    md.append("| n | ").append(e.n()).append(" |\n");
    md.append("| level | ").append(e.level()).append(" |\n");
    md.append("| accuracy | ").append(pct(e.accuracy())).append(" |\n");
    md.append("| in-scope accuracy | ").append(pct(e.inScopeAccuracy())).append(" |\n");
    md.append("| out-of-scope recall | ").append(pct(e.oosRecall())).append(" |\n");
    md.append("| out-of-scope precision | ").append(pct(e.oosPrecision())).append(" |\n\n");
    md.append(
        "## Per label\n\n| label | precision | recall | F1 | support |\n|---|---|---|---|---|\n");
    e.perLabel()
        .forEach((label, s) ->
            md.append("| ")
                .append(label)
                .append(" | ")
                .append(pct(s.precision()))
                .append(" | ")
                .append(pct(s.recall()))
                .append(" | ")
                .append(pct(s.f1()))
                .append(" | ")
                .append(s.support())
                .append(" |\n"));
    md.append("\n## Most frequent confusions\n\n| expected | predicted | count |\n|---|---|---|\n");
    for (NluEvaluation.Confusion c : e.confusions()) {
      md.append("| ")
          .append(c.expected())
          .append(" | ")
          .append(c.predicted())
          .append(" | ")
          .append(c.count())
          .append(" |\n");
    }
    return md.toString();
  }

  /** A ratio as a percentage with one decimal, or n/a. */
  public static String pct(Double value) {
    return value == null ? "n/a" : String.format(Locale.ROOT, "%.1f %%", value * 100);
  }
}

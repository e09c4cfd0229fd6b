package dev.tier0.app.cli;

import dev.tier0.kb.IngestReport;
import dev.tier0.kb.KbSettings;
import dev.tier0.kb.LuceneKnowledgeBase;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code index}: Build and check a knowledge base folder; report skipped files. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = "Build and check a knowledge base folder; report skipped files.")
final class IndexCommand implements Callable<Integer> {

  @Option(
      names = "--kb",
      required = true,
      paramLabel = "DIR",
      description = "The folder of Markdown articles with YAML front matter.")
  Path kb;

  @Option(names = "--json", description = "Print exactly one JSON object on standard output.")
  boolean json;

  @Override
  public Integer call() {
    return run(Json.out());
  }

  private int run(PrintStream out) {
    if (!Files.isDirectory(kb)) {
      return Json.fail(
          out, json, "no_kb_folder", "There is no knowledge base folder at " + kb + ".");
    }
    long started = System.nanoTime();
    IngestReport report;
    try (LuceneKnowledgeBase index = LuceneKnowledgeBase.open(kb, KbSettings.defaults())) {
      report = index.report();
    } catch (IOException | RuntimeException e) {
      return Json.fail(out, json, "index_failed", "Indexing " + kb + " failed: " + e.getMessage());
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    boolean ok = report.indexed() > 0;
    if (json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("kb", kb.toString());
      result.put("indexed", report.indexed());
      result.put("skippedCount", report.skipped().size());
      result.put(
          "skipped",
          report.skipped().stream()
              .map(s -> Map.of("path", s.path(), "reason", s.reason()))
              .toList());
      result.put("millis", millis);
      if (!ok) {
        result.put("error", "nothing_indexable");
        result.put("message", "No article in " + kb + " could be indexed.");
      }
      Json.print(out, result);
    } else {
      out.printf("Indexed %d article(s) from %s in %d ms.%n", report.indexed(), kb, millis);
      List<IngestReport.Skipped> skipped = report.skipped();
      if (!skipped.isEmpty()) {
        out.printf("Skipped %d file(s):%n", skipped.size());
        skipped.forEach(s -> out.printf("  %s: %s%n", s.path(), s.reason()));
      }
      if (!ok) {
        out.printf("No article in %s could be indexed.%n", kb);
      }
    }
    return ok ? 0 : 1;
  }
}

package dev.tier0.app.cli;

import dev.tier0.kb.KbSettings;
import dev.tier0.kb.LuceneKnowledgeBase;
import dev.tier0.kb.eval.KbEvaluator;
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

/** {@code eval-kb}: Evaluate knowledge-base retrieval on a queries JSONL file. */
@Command(
    name = "eval-kb",
    mixinStandardHelpOptions = true,
    description = "Evaluate knowledge-base retrieval on a queries JSONL file.")
final class EvalKbCommand implements Callable<Integer> {

  @Option(
      names = "--kb",
      paramLabel = "DIR",
      description = "A knowledge base folder; without it, the knowledge base the product ships.")
  Path kb;

  @Option(
      names = "--queries",
      required = true,
      paramLabel = "FILE",
      description = "JSONL lines {\"query\":\"...\",\"expected\":[\"KB-012\"]}; [] = no answer.")
  Path queries;

  @Option(names = "--json", description = "Print exactly one JSON object on standard output.")
  boolean json;

  @Override
  public Integer call() {
    return run(Json.out());
  }

  private int run(PrintStream out) {
    if (!Files.isRegularFile(queries)) {
      return Json.fail(
          out, json, "no_queries_file", "There is no queries file at " + queries + ".");
    }
    if (kb != null && !Files.isDirectory(kb)) {
      return Json.fail(
          out, json, "no_kb_folder", "There is no knowledge base folder at " + kb + ".");
    }
    List<KbEvaluator.EvalQuery> lines;
    try {
      lines = KbEvaluator.read(queries);
    } catch (IOException e) {
      return Json.fail(
          out, json, "bad_queries_file", "The queries file is unreadable: " + e.getMessage());
    }
    KbEvaluator.Report report;
    try (LuceneKnowledgeBase index =
        kb == null
            ? LuceneKnowledgeBase.of(
                dev.tier0.app.config.ShippedKnowledge.articles(), KbSettings.defaults())
            : LuceneKnowledgeBase.open(kb, KbSettings.defaults())) {
      if (index.size() == 0) {
        return Json.fail(out, json, "empty_kb", "The knowledge base has no indexable article.");
      }
      report = KbEvaluator.evaluate(index, lines);
    } catch (IOException | RuntimeException e) {
      return Json.fail(out, json, "eval_failed", "The evaluation failed: " + e.getMessage());
    }
    if (json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("n", report.n());
      result.put("precisionAt1", report.precisionAt1());
      result.put("recallAt3", report.recallAt3());
      result.put("mrr", report.mrr());
      result.put("ndcg10", report.ndcg10());
      result.put("noAnswerAccuracy", report.noAnswerAccuracy());
      result.put("falseNoAnswerRate", report.falseNoAnswerRate());
      result.put("answeredPrecisionAt1", report.answeredPrecisionAt1());
      result.put("answerable", report.answerable());
      result.put("unanswerable", report.unanswerable());
      result.put("kb", kb == null ? "shipped" : kb.toString());
      result.put("failures", report.failures().stream().map(EvalKbCommand::failure).toList());
      Json.print(out, result);
    } else {
      out.printf(
          "%d queries (%d answerable, %d without answer) on the %s knowledge base%n",
          report.n(),
          report.answerable(),
          report.unanswerable(),
          kb == null ? "shipped" : kb.toString());
      out.printf("  precision@1        %.3f%n", report.precisionAt1());
      out.printf("  recall@3           %.3f%n", report.recallAt3());
      out.printf("  MRR                %.3f%n", report.mrr());
      out.printf("  nDCG@10            %.3f%n", report.ndcg10());
      out.printf("  no-answer accuracy %.3f%n", report.noAnswerAccuracy());
      out.printf("  false no-answer    %.3f%n", report.falseNoAnswerRate());
      out.printf("  shown and right@1  %.3f%n", report.answeredPrecisionAt1());
      if (!report.failures().isEmpty()) {
        out.printf("Failures (%d):%n", report.failures().size());
        for (KbEvaluator.QueryOutcome f : report.failures()) {
          out.printf(
              "  %s%n    expected %s, got %s%s%n",
              f.query(),
              f.expected().isEmpty() ? "no answer" : f.expected(),
              f.returned().subList(0, Math.min(3, f.returned().size())),
              f.noGoodAnswer() ? " (no good answer)" : "");
        }
      }
    }
    return 0;
  }

  private static Map<String, Object> failure(KbEvaluator.QueryOutcome f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("query", f.query());
    m.put("expected", f.expected());
    m.put("returned", f.returned().subList(0, Math.min(3, f.returned().size())));
    m.put("noGoodAnswer", f.noGoodAnswer());
    return m;
  }
}

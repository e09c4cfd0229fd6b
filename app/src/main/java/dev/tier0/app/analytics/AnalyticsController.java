package dev.tier0.app.analytics;

import dev.tier0.app.api.BadRequestException;
import dev.tier0.bot.spi.KnowledgeBase;
import dev.tier0.handoff.RedisAnalytics;
import dev.tier0.handoff.RedisKbFeedback;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard's data (ADMIN): {@code GET /console/analytics/api/report?from=&to=} as JSON and
 * {@code .../report.csv}. The range is in UTC days, both included; the default is the last 30 days.
 * The knowledge-base gap lists are all-time rankings.
 */
@RestController
@RequestMapping("/console/analytics/api")
class AnalyticsController {

  static final int DEFAULT_DAYS = 30;
  static final int TOP = 10;

  private final RedisAnalytics analytics;
  private final RedisKbFeedback feedback;
  private final KnowledgeBase kb;
  private final Clock clock;

  AnalyticsController(
      RedisAnalytics analytics, RedisKbFeedback feedback, KnowledgeBase kb, Clock clock) {
    this.analytics = analytics;
    this.feedback = feedback;
    this.kb = kb;
    this.clock = clock;
  }

  /** An article and its verdicts; {@code unhelpfulShare} from 0 to 1. */
  record ArticleVerdicts(
      String id, String title, long helpful, long notHelpful, double unhelpfulShare) {}

  /** The whole dashboard. */
  record Dashboard(
      RedisAnalytics.Report report,
      List<RedisKbFeedback.Gap> unansweredQuestions,
      List<RedisKbFeedback.Gap> unhelpedQuestions,
      List<ArticleVerdicts> leastHelpfulArticles) {}

  @GetMapping("/report")
  Dashboard report(
      @RequestParam(name = "from", required = false) String from,
      @RequestParam(name = "to", required = false) String to) {
    LocalDate end = day(to, "to", LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    LocalDate start = day(from, "from", end.minusDays(DEFAULT_DAYS - 1));
    RedisAnalytics.Report report;
    try {
      report = analytics.report(start, end);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("invalid_range", e.getMessage());
    }
    return new Dashboard(report, feedback.topGaps(TOP), feedback.topUnhelpful(TOP), leastHelpful());
  }

  @GetMapping("/report.csv")
  ResponseEntity<byte[]> csv(
      @RequestParam(name = "from", required = false) String from,
      @RequestParam(name = "to", required = false) String to) {
    Dashboard d = report(from, to);
    String body = AnalyticsCsv.write(d);
    String name = "helpdesk-analytics-" + d.report().from() + "-" + d.report().to() + ".csv";
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
        .body(body.getBytes(StandardCharsets.UTF_8));
  }

  private List<ArticleVerdicts> leastHelpful() {
    return feedback.articleCounts().entrySet().stream()
        .filter(e -> e.getValue().notHelpful() > 0)
        .map(e -> {
          long yes = e.getValue().helpful();
          long no = e.getValue().notHelpful();
          String title = kb.find(e.getKey()).map(KnowledgeBase.Article::title).orElse(e.getKey());
          return new ArticleVerdicts(
              e.getKey(), title, yes, no, Math.round(10_000.0 * no / (yes + no)) / 10_000.0);
        })
        .sorted(
            Comparator.comparingLong(ArticleVerdicts::notHelpful)
                .reversed()
                .thenComparing(ArticleVerdicts::id))
        .limit(TOP)
        .toList();
  }

  private static LocalDate day(String value, String name, LocalDate otherwise) {
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new BadRequestException(
          "invalid_" + name, name + " must be a day written as YYYY-MM-DD.");
    }
  }
}

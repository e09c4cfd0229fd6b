package dev.tier0.app.analytics;

import dev.tier0.handoff.RedisAnalytics;
import dev.tier0.handoff.RedisAnalytics.Count;
import dev.tier0.handoff.RedisKbFeedback;
import java.util.List;

/**
 * The dashboard as CSV: one row per figure, {@code section,name,value}. Fields that start like a
 * spreadsheet formula are prefixed with an apostrophe, since gap questions are users' own words.
 */
final class AnalyticsCsv {

  private AnalyticsCsv() {}

  static String write(AnalyticsController.Dashboard d) {
    RedisAnalytics.Report r = d.report();
    StringBuilder out = new StringBuilder("section,name,value\r\n");
    row(out, "range", "from", r.from());
    row(out, "range", "to", r.to());
    row(out, "conversations", "total", r.conversations());
    row(out, "conversations", "confirmed_resolutions", r.confirmedResolutions());
    row(out, "conversations", "implied_resolutions", r.impliedResolutions());
    row(out, "conversations", "handed_off", r.handedOff());
    row(out, "rates", "containment", r.containmentRate());
    row(out, "rates", "confirmed", r.confirmedRate());
    row(out, "rates", "implied", r.impliedRate());
    row(out, "rates", "escalation", r.escalationRate());
    row(out, "rates", "first_contact_resolution", r.firstContactResolutionRate());
    row(out, "csat", "responses", r.csatResponses());
    row(out, "csat", "average", r.csatAverage());
    counts(out, "csat_rating", r.csatDistribution());
    counts(out, "escalation_reason", r.escalationReasons());
    row(out, "turns", "total", r.turns());
    counts(out, "outcome", r.outcomes());
    counts(out, "intent", r.topIntents());
    for (int i = 0; i < r.confidenceHistogram().size(); i++) {
      row(
          out,
          "confidence",
          String.format("%.1f-%.1f", i / 10.0, (i + 1) / 10.0),
          r.confidenceHistogram().get(i));
    }
    counts(out, "conversations_per_day", r.conversationsPerDay());
    for (RedisAnalytics.PrioritySla s : r.sla()) {
      String p = "sla_" + s.priority();
      row(out, p, "tickets", s.tickets());
      row(out, p, "responded", s.responded());
      row(out, p, "avg_first_response_minutes", s.avgFirstResponseMinutes());
      row(out, p, "first_response_within_sla", s.firstResponseWithinSla());
      row(out, p, "resolved", s.resolved());
      row(out, p, "avg_resolve_minutes", s.avgResolveMinutes());
      row(out, p, "resolved_within_sla", s.resolvedWithinSla());
      row(out, p, "breaches", s.breaches());
    }
    gaps(out, "unanswered_question", d.unansweredQuestions());
    gaps(out, "unhelped_question", d.unhelpedQuestions());
    for (AnalyticsController.ArticleVerdicts a : d.leastHelpfulArticles()) {
      row(out, "least_helpful_article", a.id(), a.notHelpful());
    }
    return out.toString();
  }

  private static void counts(StringBuilder out, String section, List<Count> counts) {
    counts.forEach(c -> row(out, section, c.name(), c.count()));
  }

  private static void gaps(StringBuilder out, String section, List<RedisKbFeedback.Gap> gaps) {
    gaps.forEach(g -> row(out, section, g.query(), g.count()));
  }

  private static void row(StringBuilder out, String section, Object name, Object value) {
    out.append(field(section))
        .append(',')
        .append(field(String.valueOf(name)))
        .append(',')
        .append(field(String.valueOf(value)))
        .append("\r\n");
  }

  static String field(String value) {
    String v = value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !isNumber(v)) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      v = "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  private static boolean isNumber(String v) {
    try {
      Double.parseDouble(v);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}

package dev.tier0.handoff;

import dev.tier0.bot.Entity;
import dev.tier0.bot.HandoffReason;
import dev.tier0.bot.Speaker;
import dev.tier0.bot.TranscriptEntry;
import dev.tier0.bot.spi.HandoffRequest;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Derives a hand-off's impact and urgency, hence its priority: from the category (security is
 * urgent, a lockout stops work), the user's words ("everyone", "whole office" widen the impact;
 * "can't work", "urgent" raise the urgency), recognised {@code urgency} entities, and the reason.
 *
 * @param matrix impact × urgency → priority
 * @param categoryImpact the impact a category starts with (default low: one person)
 * @param categoryUrgency the urgency a category starts with (default medium)
 */
public record Triage(
    PriorityMatrix matrix, Map<String, Level> categoryImpact, Map<String, Level> categoryUrgency) {

  private static final Pattern WIDE_IMPACT =
      Pattern.compile(
          "\\b(every ?(one|body)|whole (office|team|company|floor|building|department)"
              + "|all (of us|users|staff|employees)|entire (office|team|company|floor)"
              + "|nobody can|no ?one can|company[- ]wide|site[- ]wide)\\b");
  private static final Pattern TEAM_IMPACT =
      Pattern.compile(
          "\\b(my team|our team|several (people|users|colleagues)|many (people|users))\\b");
  private static final Pattern HIGH_URGENCY =
      Pattern.compile(
          "\\b(urgent(ly)?|asap|emergency|critical|can'?t work|can ?not work|unable to work"
              + "|can'?t do (my|any) work|blocked|right now|immediately|deadline|outage|down for)\\b");

  public Triage {
    categoryImpact = Map.copyOf(categoryImpact);
    categoryUrgency = Map.copyOf(categoryUrgency);
  }

  /** The default rules with the default ITIL matrix. */
  public static Triage defaults() {
    return new Triage(
        PriorityMatrix.itilDefault(),
        Map.of("security", Level.MEDIUM),
        Map.of(
            "security", Level.HIGH,
            "account.lockout", Level.HIGH,
            "account.password", Level.MEDIUM,
            "network.vpn", Level.MEDIUM,
            "onboarding", Level.LOW,
            "software.install", Level.LOW,
            "out_of_scope", Level.LOW));
  }

  /** Impact, urgency and the priority they give. */
  public record Assessment(Level impact, Level urgency, Priority priority) {}

  /** Assesses a hand-off. Never throws for any text. */
  public Assessment assess(HandoffRequest request) {
    String category = request.category() == null ? "" : request.category();
    Level impact = categoryImpact.getOrDefault(category, Level.LOW);
    Level urgency = categoryUrgency.getOrDefault(category, Level.MEDIUM);

    StringBuilder words = new StringBuilder();
    if (request.subject() != null) {
      words.append(request.subject()).append('\n');
    }
    for (TranscriptEntry entry : request.transcript()) {
      if (entry.from() == Speaker.USER && entry.text() != null) {
        words.append(entry.text()).append('\n');
      }
    }
    String text = words.toString().toLowerCase(Locale.ROOT).replace('’', '\'');
    if (WIDE_IMPACT.matcher(text).find()) {
      impact = Level.HIGH;
    } else if (TEAM_IMPACT.matcher(text).find()) {
      impact = impact.max(Level.MEDIUM);
    }
    if (HIGH_URGENCY.matcher(text).find()) {
      urgency = Level.HIGH;
    }
    for (Entity entity : request.entities()) {
      if ("urgency".equalsIgnoreCase(entity.type())) {
        urgency = Level.HIGH;
      } else if ("impact".equalsIgnoreCase(entity.type())) {
        impact = Level.HIGH;
      }
    }
    if (request.reason() == HandoffReason.URGENT_CATEGORY || "security".equals(category)) {
      urgency = Level.HIGH;
    }
    return new Assessment(impact, urgency, matrix.priority(impact, urgency));
  }
}

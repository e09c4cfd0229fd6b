package dev.tier0.app.agent;

import dev.tier0.app.api.BadRequestException;
import dev.tier0.bot.spi.AuditLog;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/admin/audit}: who did what to which account, when, on which channel, with what
 * outcome (ADMIN only). Filters: {@code userId}, {@code action}, {@code outcome}, {@code since}
 * (ISO instant), {@code limit}.
 */
@RestController
class AuditController {

  private final AuditLog audit;

  AuditController(AuditLog audit) {
    this.audit = audit;
  }

  record AuditResponse(List<EntryView> entries) {}

  /** An entry as the API shows it: the channel by its wire name ({@code web}), like elsewhere. */
  record EntryView(
      Instant at,
      String userId,
      String action,
      String channel,
      String outcome,
      String conversationId,
      String detail) {
    static EntryView of(AuditLog.Entry e) {
      return new EntryView(
          e.at(),
          e.userId(),
          e.action(),
          e.channel() == null ? null : e.channel().id(),
          e.outcome(),
          e.conversationId(),
          e.detail());
    }
  }

  @GetMapping("/api/v1/admin/audit")
  AuditResponse audit(
      @RequestParam(name = "userId", required = false) String userId,
      @RequestParam(name = "action", required = false) String action,
      @RequestParam(name = "outcome", required = false) String outcome,
      @RequestParam(name = "since", required = false) String since,
      @RequestParam(name = "limit", required = false, defaultValue = "100") String limit) {
    Instant from = null;
    if (since != null && !since.isBlank()) {
      try {
        from = Instant.parse(since.strip());
      } catch (DateTimeParseException e) {
        throw new BadRequestException(
            "invalid_since", "since must be an ISO instant such as 2026-11-23T08:00:00Z.");
      }
    }
    int max;
    try {
      max = Integer.parseInt(limit.strip());
    } catch (NumberFormatException e) {
      max = -1;
    }
    if (max < 1 || max > 1000) {
      throw new BadRequestException(
          "invalid_limit", "limit must be a whole number from 1 to 1000.");
    }
    List<AuditLog.Entry> oldestFirst =
        audit.find(
            new AuditLog.Query(
                blankToNull(userId), blankToNull(action), blankToNull(outcome), from, max));
    // The port answers oldest first; a reviewer reads the newest first.
    return new AuditResponse(oldestFirst.reversed().stream().map(EntryView::of).toList());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}

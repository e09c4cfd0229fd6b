package dev.tier0.app.agent;

import dev.tier0.app.api.BadRequestException;
import dev.tier0.handoff.AgentService;
import dev.tier0.handoff.Priority;
import dev.tier0.handoff.QueueFilter;
import dev.tier0.handoff.Ticket;
import java.security.Principal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The agent API of CONTRACT.md section 2; the signed-in account is the acting agent. */
@RestController
@RequestMapping("/api/v1/agent")
class AgentController {

  private final AgentService agents;

  AgentController(AgentService agents) {
    this.agents = agents;
  }

  record QueueResponse(List<Ticket> tickets) {}

  @GetMapping("/queue")
  QueueResponse queue(
      @RequestParam(name = "priority", required = false) String priority,
      @RequestParam(name = "category", required = false) String category,
      @RequestParam(name = "maxAgeMinutes", required = false) String maxAgeMinutes,
      @RequestParam(name = "limit", required = false, defaultValue = "200") String limit) {
    Set<Priority> priorities = EnumSet.noneOf(Priority.class);
    if (priority != null && !priority.isBlank()) {
      for (String p : priority.split(",")) {
        try {
          priorities.add(Priority.valueOf(p.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new BadRequestException(
              "invalid_priority", "priority must be P1, P2, P3 or P4 (comma-separated).");
        }
      }
    }
    Duration maxAge = null;
    if (maxAgeMinutes != null && !maxAgeMinutes.isBlank()) {
      maxAge = Duration.ofMinutes(positive(maxAgeMinutes, "maxAgeMinutes"));
    }
    int max = (int) Math.min(1000, positive(limit, "limit"));
    return new QueueResponse(
        agents.queue(
            new QueueFilter(
                priorities,
                category == null || category.isBlank() ? null : category.strip(),
                maxAge,
                max)));
  }

  private static long positive(String value, String name) {
    try {
      long n = Long.parseLong(value.strip());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw new BadRequestException("invalid_" + name, name + " must be a positive whole number.");
  }

  /** Takes the next waiting ticket (P1 first, then the oldest); 204 when the queue is empty. */
  @PostMapping("/next")
  ResponseEntity<Ticket> next(Principal agent) {
    return agents
        .claimNext(agent.getName())
        .map(ResponseEntity::ok)
        .orElseGet(() -> ResponseEntity.noContent().build());
  }
}

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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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

  record TextBody(String text) {}

  record ResolveBody(String resolution) {}

  record TransferBody(String group) {}

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

  @GetMapping("/tickets/{id}")
  Ticket ticket(@PathVariable String id) {
    return agents.ticket(id);
  }

  @PostMapping("/tickets/{id}/claim")
  Ticket claim(@PathVariable String id, Principal agent) {
    return agents.claim(id, agent.getName());
  }

  @PostMapping("/next")
  ResponseEntity<Ticket> next(Principal agent) {
    return agents
        .claimNext(agent.getName())
        .map(ResponseEntity::ok)
        .orElseGet(() -> ResponseEntity.noContent().build());
  }

  @PostMapping("/tickets/{id}/messages")
  Ticket reply(@PathVariable String id, @RequestBody TextBody body, Principal agent) {
    return agents.reply(id, agent.getName(), text(body == null ? null : body.text(), "text"));
  }

  @PostMapping("/tickets/{id}/notes")
  Ticket note(@PathVariable String id, @RequestBody TextBody body, Principal agent) {
    return agents.note(id, agent.getName(), text(body == null ? null : body.text(), "text"));
  }

  @PostMapping("/tickets/{id}/resolve")
  Ticket resolve(@PathVariable String id, @RequestBody ResolveBody body, Principal agent) {
    return agents.resolve(
        id, agent.getName(), text(body == null ? null : body.resolution(), "resolution"));
  }

  @PostMapping("/tickets/{id}/handback")
  Ticket handback(@PathVariable String id, Principal agent) {
    return agents.handback(id, agent.getName());
  }

  @PostMapping("/tickets/{id}/transfer")
  Ticket transfer(@PathVariable String id, @RequestBody TransferBody body, Principal agent) {
    return agents.transfer(id, agent.getName(), text(body == null ? null : body.group(), "group"));
  }

  private static String text(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new BadRequestException(
          "missing_" + field, "Send a JSON body with a non-empty \"" + field + "\".");
    }
    return value;
  }
}

package dev.tier0.app.agent;

import dev.tier0.app.api.BadRequestException;
import dev.tier0.handoff.AgentService;
import dev.tier0.handoff.Ticket;
import java.security.Principal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What an agent does to one ticket, served twice: under {@code /api/v1/agent} for HTTP-basic
 * clients and under {@code /console/api} for the console's session (with CSRF). The signed-in
 * account is the acting agent.
 */
@RestController
@RequestMapping({"/api/v1/agent/tickets", "/console/api/tickets"})
class TicketOperationsController {

  private final AgentService agents;

  TicketOperationsController(AgentService agents) {
    this.agents = agents;
  }

  record TextBody(String text) {}

  record ResolveBody(String resolution) {}

  record TransferBody(String group) {}

  @GetMapping("/{id}")
  Ticket ticket(@PathVariable String id) {
    return agents.ticket(id);
  }

  @PostMapping("/{id}/claim")
  Ticket claim(@PathVariable String id, Principal agent) {
    return agents.claim(id, agent.getName());
  }

  @PostMapping("/{id}/messages")
  Ticket reply(@PathVariable String id, @RequestBody TextBody body, Principal agent) {
    return agents.reply(id, agent.getName(), required(body == null ? null : body.text(), "text"));
  }

  @PostMapping("/{id}/notes")
  Ticket note(@PathVariable String id, @RequestBody TextBody body, Principal agent) {
    return agents.note(id, agent.getName(), required(body == null ? null : body.text(), "text"));
  }

  @PostMapping("/{id}/transfer")
  Ticket transfer(@PathVariable String id, @RequestBody TransferBody body, Principal agent) {
    return agents.transfer(
        id, agent.getName(), required(body == null ? null : body.group(), "group"));
  }

  @PostMapping("/{id}/resolve")
  Ticket resolve(@PathVariable String id, @RequestBody ResolveBody body, Principal agent) {
    return agents.resolve(
        id, agent.getName(), required(body == null ? null : body.resolution(), "resolution"));
  }

  @PostMapping("/{id}/handback")
  Ticket handback(@PathVariable String id, Principal agent) {
    return agents.handback(id, agent.getName());
  }

  static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new BadRequestException(
          "missing_" + field, "Send a JSON body with a non-empty \"" + field + "\".");
    }
    return value;
  }
}

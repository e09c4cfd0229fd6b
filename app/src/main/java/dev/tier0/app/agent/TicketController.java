package dev.tier0.app.agent;

import dev.tier0.app.api.ApiError;
import dev.tier0.handoff.AgentService;
import dev.tier0.handoff.Ticket;
import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/tickets/{id}}: the full ticket. Ticket ids are sequential and so guessable,
 * and a ticket holds a transcript and an email address, so it is shown to a signed-in agent, or to
 * the requester's client when it proves the conversation with its (unguessable) id; internal notes
 * only to agents.
 */
@RestController
class TicketController {

  private final AgentService agents;

  TicketController(AgentService agents) {
    this.agents = agents;
  }

  @GetMapping("/api/v1/tickets/{id}")
  ResponseEntity<?> ticket(
      @PathVariable String id,
      @RequestParam(name = "conversationId", required = false) String conversationId,
      @RequestHeader(name = "X-Conversation-Id", required = false) String conversationHeader,
      Principal principal) {
    String proof = conversationId != null ? conversationId : conversationHeader;
    if (principal == null && (proof == null || proof.isBlank())) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
          .header("WWW-Authenticate", "Basic realm=\"helpdesk\"")
          .body(
              new ApiError(
                  "unauthenticated",
                  "Sign in as an agent, or give the ticket's conversation id as ?conversationId=."));
    }
    Ticket ticket = agents.ticket(id);
    if (principal != null) {
      return ResponseEntity.ok(ticket);
    }
    if (!proof.equals(ticket.conversationId())) {
      // Same answer as an unknown ticket: do not confirm which ids exist.
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(new ApiError("ticket_not_found", "No ticket with id " + id + "."));
    }
    return ResponseEntity.ok(ticket.withoutNotes());
  }
}

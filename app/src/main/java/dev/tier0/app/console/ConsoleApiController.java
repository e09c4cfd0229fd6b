package dev.tier0.app.console;

import dev.tier0.app.api.ApiError;
import dev.tier0.app.api.BadRequestException;
import dev.tier0.handoff.AgentService;
import dev.tier0.handoff.Priority;
import dev.tier0.handoff.QueueFilter;
import dev.tier0.handoff.Ticket;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The console's own same-origin JSON API under {@code /console/api}: the signed-in session is the
 * agent, and every state-changing call carries the session's CSRF token in a header. Drafting
 * knowledge is open to agents; editing and publishing drafts ({@code /console/api/admin/**}) needs
 * ADMIN.
 */
@RestController
@RequestMapping("/console/api")
class ConsoleApiController {

  private final AgentService agents;
  private final ConsoleEvents events;
  private final KbDrafts drafts;
  private final Clock clock;

  ConsoleApiController(AgentService agents, ConsoleEvents events, KbDrafts drafts, Clock clock) {
    this.agents = agents;
    this.events = events;
    this.drafts = drafts;
    this.clock = clock;
  }

  /** Who is signed in, and the token the console must send with its changes. */
  record Me(String name, boolean admin, String csrfHeader, String csrfToken, Instant serverTime) {}

  record QueueResponse(List<Ticket> tickets, Instant serverTime) {}

  record TextBody(String text) {}

  record Published(String id, String file) {}

  @GetMapping("/me")
  Me me(Authentication auth, CsrfToken csrf) {
    boolean admin =
        auth.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
    return new Me(auth.getName(), admin, csrf.getHeaderName(), csrf.getToken(), clock.instant());
  }

  @GetMapping("/queue")
  QueueResponse queue(
      @RequestParam(name = "priority", required = false) String priority,
      @RequestParam(name = "category", required = false) String category) {
    Set<Priority> priorities = EnumSet.noneOf(Priority.class);
    if (priority != null && !priority.isBlank()) {
      for (String p : priority.split(",")) {
        try {
          priorities.add(Priority.parse(p));
        } catch (IllegalArgumentException e) {
          throw new BadRequestException(
              "invalid_priority", "priority must be P1, P2, P3 or P4 (comma-separated).");
        }
      }
    }
    String cat = category == null || category.isBlank() ? null : category.strip();
    return new QueueResponse(
        agents.queue(new QueueFilter(priorities, cat, null, 500)), clock.instant());
  }

  @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events() {
    return events.open();
  }

  @GetMapping(path = "/canned", produces = MediaType.APPLICATION_JSON_VALUE)
  String canned() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/console/canned-replies.json")) {
      return in == null
          ? "{\"replies\":[],\"groups\":[]}"
          : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Drafts a knowledge-base article from the ticket, for an admin to edit and publish. */
  @PostMapping("/tickets/{id}/draft")
  KbDrafts.Draft draft(@PathVariable String id) {
    return drafts.draft(agents.ticket(id));
  }

  @GetMapping("/admin/drafts")
  List<KbDrafts.Draft> drafts() {
    return drafts.list();
  }

  @GetMapping("/admin/drafts/{id}")
  ResponseEntity<?> draftText(@PathVariable String id) {
    return drafts.find(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> noDraft(id));
  }

  @PutMapping("/admin/drafts/{id}")
  ResponseEntity<?> saveDraft(@PathVariable String id, @RequestBody TextBody body) {
    return drafts
        .save(id, body == null ? null : body.text())
        .<ResponseEntity<?>>map(ResponseEntity::ok)
        .orElseGet(() -> noDraft(id));
  }

  @PostMapping("/admin/drafts/{id}/publish")
  ResponseEntity<?> publish(@PathVariable String id) {
    return drafts
        .publish(id)
        .<ResponseEntity<?>>map(file -> ResponseEntity.ok(new Published(id, file)))
        .orElseGet(() -> noDraft(id));
  }

  @ExceptionHandler(KbDrafts.DraftException.class)
  ResponseEntity<ApiError> invalidDraft(KbDrafts.DraftException e) {
    return ResponseEntity.badRequest().body(new ApiError("invalid_draft", e.getMessage()));
  }

  private static ResponseEntity<?> noDraft(String id) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(new ApiError("draft_not_found", "There is no draft with that id."));
  }
}

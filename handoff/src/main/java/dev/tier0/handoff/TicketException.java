package dev.tier0.handoff;

/**
 * An agent operation was refused; nothing was changed. {@link #status()} and {@link #code()} are
 * what the HTTP API answers with.
 */
public final class TicketException extends RuntimeException {

  /** Why an operation was refused. */
  public enum Kind {
    /** No ticket has this id. */
    NOT_FOUND(404, "ticket_not_found"),
    /** Another agent owns the ticket. */
    ALREADY_CLAIMED(409, "ticket_already_claimed"),
    /** The ticket is resolved or closed. */
    ALREADY_FINISHED(409, "ticket_finished"),
    /** The ticket waits in the queue: claim it first. */
    NOT_CLAIMED(409, "ticket_not_claimed"),
    /** Only the agent who owns the ticket may do this. */
    NOT_OWNER(403, "not_ticket_owner"),
    /** The text, name or value given is unusable. */
    INVALID_INPUT(400, "invalid_input");

    private final int status;
    private final String code;

    Kind(int status, String code) {
      this.status = status;
      this.code = code;
    }
  }

  private final Kind kind;

  public TicketException(Kind kind, String message) {
    // An expected refusal, answered with a 4xx: a stack trace would only cost time.
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status to answer with (400, 403, 404 or 409). */
  public int status() {
    return kind.status;
  }

  /** The machine-readable error code of the API's error body. */
  public String code() {
    return kind.code;
  }
}

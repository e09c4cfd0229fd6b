package dev.tier0.bot;

/**
 * A message the engine refuses before touching the conversation.
 *
 * @see #code()
 */
public final class InvalidMessageException extends RuntimeException {
  private final String code;
  private final boolean tooLarge;

  public InvalidMessageException(String code, String message, boolean tooLarge) {
    super(message);
    this.code = code;
    this.tooLarge = tooLarge;
  }

  /** A stable machine code, e.g. {@code empty_text}, {@code text_too_long}. */
  public String code() {
    return code;
  }

  /** True when the message was refused for its size (HTTP 413 rather than 400). */
  public boolean tooLarge() {
    return tooLarge;
  }
}

package dev.tier0.bot;

import java.util.Locale;

/** Why a conversation was handed to a person; recorded as the ticket's {@code reason}. */
public enum HandoffReason {
  LOW_CONFIDENCE,
  USER_REQUEST,
  REPEATED_FAILURE,
  FRUSTRATION,
  URGENT_CATEGORY,
  FLOW_FAILED,
  /** The knowledge base had nothing that fits and the user accepted a person. */
  NO_ANSWER,
  /** The user writes in a language the desk does not serve and accepted a person. */
  LANGUAGE,
  /** Identity verification failed (wrong codes, no registered contact). */
  VERIFICATION_FAILED;

  /** The lower-case wire name, e.g. {@code "low_confidence"}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package dev.tier0.connector.slack;

/**
 * The agent side of hand-offs, as the Slack connector needs it: implemented by the application on
 * top of the ticket service, and optional (without a bean of this type, hand-offs are not posted to
 * Slack and Claim buttons do nothing).
 *
 * <p>Called on the connector's worker threads, never on Slack's request thread; implementations
 * must be thread-safe and may block briefly. Failures are logged and the agent is told in the
 * thread that the action did not go through.
 */
public interface SlackAgentDesk {

  /**
   * An agent pressed Claim on a ticket in the agents channel.
   *
   * @return whether the agent now owns the ticket, and a sentence to show in the thread
   */
  ClaimResult claim(String ticketId, SlackAgent agent);

  /**
   * The agent who claimed the ticket wrote in its thread: relay it to the employee on their own
   * channel (and record it on the ticket).
   *
   * @param text what the agent wrote, as plain text
   */
  void reply(String ticketId, SlackAgent agent, String text);

  /**
   * The result of a claim.
   *
   * @param claimed true when the agent now owns the ticket
   * @param message a sentence for the thread, e.g. "Already claimed by Grace."
   */
  record ClaimResult(boolean claimed, String message) {}
}

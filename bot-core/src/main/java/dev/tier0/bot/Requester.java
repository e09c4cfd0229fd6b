package dev.tier0.bot;

/**
 * Who is asking. Every field but {@code channel} may be null: an anonymous web visitor has none.
 *
 * @param userId the channel's stable user id (Slack user id, Teams AAD object id, web user id)
 * @param displayName a name to greet the user with
 * @param email where the directory and agents can reach the user
 * @param channel where the conversation takes place; never null
 */
public record Requester(String userId, String displayName, String email, Channel channel) {
  public Requester {
    if (channel == null) {
      throw new IllegalArgumentException("channel is required");
    }
  }
}

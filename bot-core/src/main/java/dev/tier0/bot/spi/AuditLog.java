package dev.tier0.bot.spi;

import dev.tier0.bot.Channel;
import java.time.Instant;
import java.util.List;

/**
 * A tamper-evident record of every self-service action: who asked, what was done, when, through
 * which channel, and how it ended. Security reviews read it; the bot also reads it back for rate
 * limits (codes sent per hour) and cool-downs (a reset shortly after another).
 *
 * <p>Entries never contain a secret (password, code, link). Implementations must be thread-safe;
 * {@link #record} may throw {@link ConversationStore.StoreUnavailableException} when the log cannot
 * be written; the bot then logs the failure (without secrets) and carries on, so an audit outage
 * does not lock people out of self-service.
 */
public interface AuditLog {

  /** Appends an entry. */
  void record(Entry entry);

  /** Entries matching the query, oldest first. */
  List<Entry> find(Query query);

  /**
   * One audited event.
   *
   * @param at when it happened
   * @param userId the directory user id acted on (or the channel's user id when unknown)
   * @param action e.g. {@code send_otp}, {@code verify_otp}, {@code reset_password}, {@code
   *     unlock_account}, {@code reenrol_mfa}
   * @param channel where the request came from
   * @param outcome e.g. {@code ok}, {@code wrong}, {@code expired}, {@code failed}, {@code
   *     unavailable}, {@code rate_limited}
   * @param conversationId the conversation it happened in, or null
   * @param detail a short note without secrets, or null
   */
  record Entry(
      Instant at,
      String userId,
      String action,
      Channel channel,
      String outcome,
      String conversationId,
      String detail) {}

  /**
   * A filter; null fields match everything.
   *
   * @param userId only this user
   * @param action only this action
   * @param outcome only this outcome
   * @param since only entries at or after this instant
   * @param limit at most this many (the newest), 1..10000
   */
  record Query(String userId, String action, String outcome, Instant since, int limit) {
    public Query {
      limit = Math.max(1, Math.min(limit, 10_000));
    }
  }
}

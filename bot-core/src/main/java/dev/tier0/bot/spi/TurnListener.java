package dev.tier0.bot.spi;

import dev.tier0.bot.BotTurn;
import dev.tier0.bot.Conversation;
import java.time.Duration;

/**
 * Observes every completed turn, e.g. for metrics and analytics. Called on the request thread after
 * the conversation is saved; implementations must be fast and must not throw (exceptions are logged
 * and ignored).
 */
public interface TurnListener {

  /**
   * @param conversation the conversation after the turn
   * @param userText the user's message, redacted
   * @param turn what the engine answered
   * @param took how long the turn took
   */
  void onTurn(Conversation conversation, String userText, BotTurn turn, Duration took);
}

package dev.tier0.bot.spi;

import dev.tier0.bot.NluResult;
import java.util.Optional;

/**
 * Decides which problem a message is about and how sure that is.
 *
 * <p>Implementations must be thread-safe (one instance serves every conversation) and must never
 * throw on any text, however hostile: empty, 100 kB, binary garbage, emoji or right-to-left text
 * yields {@code out_of_scope} or a low confidence. A null text is treated as empty.
 */
public interface IntentClassifier {

  /** Classifies one message. Never null, never throws for any input. */
  NluResult parse(String text);

  /** What the classifier knows of an intent: its category and a label a user understands. */
  Optional<IntentInfo> describe(String intent);

  /**
   * An intent as users see it.
   *
   * @param name the intent, e.g. {@code vpn_connect}
   * @param category its category from CONTRACT.md section 1
   * @param label a short human phrase, e.g. "VPN won't connect"
   */
  record IntentInfo(String name, String category, String label) {}
}

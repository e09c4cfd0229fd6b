package dev.tier0.bot.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * What channel connectors must share across app instances: which conversation a channel's thread
 * belongs to, and which platform events were already handled (platforms retry deliveries).
 *
 * <p>Thread-safe; shared by all instances when backed by Redis. Failures surface as {@link
 * ConversationStore.StoreUnavailableException}.
 */
public interface ChannelRegistry {

  /**
   * The conversation bound to a channel key, e.g. {@code slack:T1:D123} for a direct message
   * channel or {@code teams:<conversation id>}.
   */
  Optional<String> conversationFor(String channelKey);

  /** Binds a channel key to a conversation, replacing an earlier binding. */
  void bind(String channelKey, String conversationId);

  /**
   * Marks a platform event as delivered. Returns true only for the first caller with this id within
   * the time to live, whichever instance it runs on (Redis {@code SET NX} with a TTL).
   */
  boolean firstDelivery(String eventId, Duration ttl);
}

package dev.tier0.bot.memory;

import dev.tier0.bot.spi.ChannelRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link ChannelRegistry} for one process, for tests and embedding. */
public final class InMemoryChannelRegistry implements ChannelRegistry {
  private final Map<String, String> bindings = new ConcurrentHashMap<>();
  private final Map<String, Instant> delivered = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryChannelRegistry(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Optional<String> conversationFor(String channelKey) {
    return Optional.ofNullable(bindings.get(channelKey));
  }

  @Override
  public void bind(String channelKey, String conversationId) {
    bindings.put(channelKey, conversationId);
  }

  @Override
  public boolean firstDelivery(String eventId, Duration ttl) {
    Instant now = clock.instant();
    delivered.values().removeIf(expiry -> expiry.isBefore(now));
    return delivered.putIfAbsent(eventId, now.plus(ttl)) == null;
  }
}

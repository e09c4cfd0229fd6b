package dev.tier0.handoff;

import dev.tier0.bot.spi.ChannelRegistry;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Optional;

/**
 * Channel bindings and delivered platform events in Redis, shared by every app instance. A binding
 * lives 90 days after its last use; an event id as long as the caller asks ({@code SET NX PX}).
 */
public final class RedisChannelRegistry implements ChannelRegistry {

  static final String BINDING = "helpdesk:channel:";
  static final String EVENT = "helpdesk:event:";
  private static final Duration BINDING_TTL = Duration.ofDays(90);

  private final RedisCommands<String, String> redis;

  public RedisChannelRegistry(RedisHandoffClient client) {
    this.redis = client.sync();
  }

  @Override
  public Optional<String> conversationFor(String channelKey) {
    return Optional.ofNullable(
        RedisHandoffClient.call(
            "reading a channel binding", () -> redis.get(BINDING + channelKey)));
  }

  @Override
  public void bind(String channelKey, String conversationId) {
    RedisHandoffClient.run(
        "binding a channel",
        () ->
            redis.set(
                BINDING + channelKey, conversationId, SetArgs.Builder.ex(BINDING_TTL.toSeconds())));
  }

  @Override
  public boolean firstDelivery(String eventId, Duration ttl) {
    String ok =
        RedisHandoffClient.call(
            "marking an event delivered",
            () ->
                redis.set(
                    EVENT + eventId, "1", SetArgs.Builder.nx().px(Math.max(1, ttl.toMillis()))));
    return "OK".equals(ok);
  }
}

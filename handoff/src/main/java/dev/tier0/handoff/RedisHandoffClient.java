package dev.tier0.handoff;

import dev.tier0.bot.spi.ConversationStore.StoreUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The Redis connection shared by the hand-off services of one app instance: one thread-safe,
 * auto-pipelining Lettuce connection for commands and one for pub/sub.
 *
 * <p>Commands fail fast while Redis is unreachable (instead of queueing until it returns), and
 * every failure surfaces as {@link StoreUnavailableException} so callers tell the user to retry.
 */
public final class RedisHandoffClient implements AutoCloseable {

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;

  private RedisHandoffClient(RedisClient client, StatefulRedisConnection<String, String> conn) {
    this.client = client;
    this.connection = conn;
  }

  /**
   * Connects.
   *
   * @param uri e.g. {@code redis://127.0.0.1:6379}
   * @param timeout how long one command may take before it counts as a failure
   * @throws StoreUnavailableException when Redis cannot be reached
   */
  public static RedisHandoffClient connect(String uri, Duration timeout) {
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(timeout);
    RedisClient client = RedisClient.create(redisUri);
    client.setOptions(
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build());
    try {
      return new RedisHandoffClient(client, client.connect());
    } catch (RedisException e) {
      client.shutdown();
      throw new StoreUnavailableException("Redis is unreachable at " + uri, e);
    }
  }

  /** Connects with a two-second command timeout. */
  public static RedisHandoffClient connect(String uri) {
    return connect(uri, Duration.ofSeconds(2));
  }

  RedisCommands<String, String> sync() {
    return connection.sync();
  }

  StatefulRedisConnection<String, String> connection() {
    return connection;
  }

  StatefulRedisPubSubConnection<String, String> connectPubSub() {
    return client.connectPubSub();
  }

  /** Runs a Redis call, turning any Redis failure into {@link StoreUnavailableException}. */
  static <T> T call(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (RedisException e) {
      throw new StoreUnavailableException("Redis failed while " + what + ": " + e.getMessage(), e);
    }
  }

  static void run(String what, Runnable action) {
    call(
        what,
        () -> {
          action.run();
          return null;
        });
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}

package dev.tier0.handoff;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Optional;
import java.util.function.UnaryOperator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Optimistic read-modify-write of one JSON document: read, change in Java, write only if nobody
 * wrote in between (a Lua compare-and-set), else retry. Works across app instances without holding
 * a dedicated connection for WATCH/MULTI.
 */
final class CompareAndSet {

  private static final RedisScript SCRIPT =
      new RedisScript(
          "if redis.call('GET', KEYS[1]) == ARGV[1] then "
              + "redis.call('SET', KEYS[1], ARGV[2]) return 1 else return 0 end");
  private static final int MAX_ATTEMPTS = 100;

  private CompareAndSet() {}

  /**
   * Applies {@code change} to the JSON document at {@code key}. The change may run more than once
   * and may throw to abort without writing anything.
   *
   * @return the value as written (the object the change returned, not read back from JSON), or
   *     empty when the key does not exist
   */
  static <T> Optional<T> update(
      RedisCommands<String, String> redis, String key, Class<T> type, UnaryOperator<T> change) {
    return update(redis, HandoffJson.MAPPER, key, type, change);
  }

  /** The same with the mapper the document is stored with. */
  static <T> Optional<T> update(
      RedisCommands<String, String> redis,
      JsonMapper json,
      String key,
      Class<T> type,
      UnaryOperator<T> change) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      String current = redis.get(key);
      if (current == null) {
        return Optional.empty();
      }
      T changed = change.apply(json.readValue(current, type));
      String next = HandoffJson.wellFormed(json.writeValueAsString(changed));
      if (next.equals(current)) {
        return Optional.of(changed);
      }
      Long swapped = SCRIPT.run(redis, ScriptOutputType.INTEGER, new String[] {key}, current, next);
      if (swapped != null && swapped == 1L) {
        return Optional.of(changed);
      }
      Thread.onSpinWait();
    }
    throw new IllegalStateException(
        "Gave up updating " + key + " after " + MAX_ATTEMPTS + " concurrent changes");
  }
}

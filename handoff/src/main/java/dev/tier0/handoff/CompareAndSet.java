package dev.tier0.handoff;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Optimistic read-modify-write of one JSON value: read, change in Java, write only if nobody wrote
 * in between (a Lua compare-and-set), else retry. Works across app instances without holding a
 * dedicated connection for WATCH/MULTI.
 */
final class CompareAndSet {

  private static final RedisScript SCRIPT =
      new RedisScript(
          "if redis.call('GET', KEYS[1]) == ARGV[1] then "
              + "redis.call('SET', KEYS[1], ARGV[2]) return 1 else return 0 end");
  private static final int MAX_ATTEMPTS = 100;

  private CompareAndSet() {}

  /**
   * Applies {@code change} to the value at {@code key}. The change may run more than once and may
   * throw to abort without writing anything.
   *
   * @return the value written, or empty when the key does not exist
   */
  static Optional<String> update(
      RedisCommands<String, String> redis, String key, UnaryOperator<String> change) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      String current = redis.get(key);
      if (current == null) {
        return Optional.empty();
      }
      String next = change.apply(current);
      if (next.equals(current)) {
        return Optional.of(current);
      }
      Long swapped = SCRIPT.run(redis, ScriptOutputType.INTEGER, new String[] {key}, current, next);
      if (swapped != null && swapped == 1L) {
        return Optional.of(next);
      }
      Thread.onSpinWait();
    }
    throw new IllegalStateException(
        "Gave up updating " + key + " after " + MAX_ATTEMPTS + " concurrent changes");
  }
}

package dev.tier0.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ScriptOutputType;
import org.junit.jupiter.api.Test;

class RedisScriptIntegrationTests extends RedisIntegrationTestSupport {

  private static final RedisScript INCREMENT =
      new RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])");

  @Test
  void runsByDigestAndRecoversWhenRedisForgetsItsScripts() {
    var redis = client.sync();
    Long first = INCREMENT.run(redis, ScriptOutputType.INTEGER, new String[] {"n"}, "2");
    assertThat(redis.scriptExists(INCREMENT.sha())).containsExactly(true);
    // A restarted Redis starts with an empty script cache, as SCRIPT FLUSH leaves it.
    redis.scriptFlush();
    Long second = INCREMENT.run(redis, ScriptOutputType.INTEGER, new String[] {"n"}, "3");
    assertThat(first).isEqualTo(2L);
    assertThat(second).isEqualTo(5L);
  }

  @Test
  void hasTheDigestRedisComputes() {
    assertThat(INCREMENT.sha())
        .isEqualTo(client.sync().scriptLoad("return redis.call('INCRBY', KEYS[1], ARGV[1])"));
  }
}

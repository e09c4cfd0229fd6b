package dev.tier0.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.handoff.RedisHandoffClient;
import dev.tier0.handoff.RedisServerLauncher;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RedisConfigurationTests {

  @TempDir Path dataDir;

  HelpdeskProperties properties() {
    return new Binder(
            new MapConfigurationPropertySource(
                java.util.Map.of("helpdesk.data-dir", dataDir.toString())))
        .bindOrCreate("helpdesk", HelpdeskProperties.class);
  }

  @Test
  void usesTheConfiguredRedisServerInsteadOfStartingOne() throws Exception {
    try (RedisServerLauncher external = RedisServerLauncher.start(dataDir.resolve("external"))) {
      RedisConfiguration.RedisEndpoint endpoint =
          new RedisConfiguration().redisEndpoint(external.uri(), properties());

      assertThat(endpoint.embedded()).isNull();
      assertThat(endpoint.uri()).isEqualTo(external.uri());
      try (RedisHandoffClient client = RedisHandoffClient.connect(endpoint.uri())) {
        assertThat(client).isNotNull();
      }
      assertThat(dataDir.resolve("redis")).doesNotExist();
    }
  }

  @Test
  void startsTheBundledServerWithItsDataUnderTheDataDirectoryWhenNoUrlIsSet() {
    try (RedisConfiguration.RedisEndpoint endpoint =
        new RedisConfiguration().redisEndpoint("", properties())) {
      assertThat(endpoint.embedded()).isNotNull();
      assertThat(endpoint.embedded().isRunning()).isTrue();
      assertThat(dataDir.resolve("redis")).isDirectory();
    }
  }

  @Test
  void keepsPasswordsOutOfTheLog() {
    assertThat(RedisConfiguration.redact("redis://user:s3cret@cache:6379"))
        .isEqualTo("redis://***@cache:6379");
  }
}

package dev.tier0.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisServerLauncherIntegrationTests {

  @TempDir Path dir;

  @Test
  void startsAServerThatKeepsItsDataAcrossARestart() throws Exception {
    try (RedisServerLauncher server = RedisServerLauncher.start(dir.resolve("data"));
        RedisHandoffClient client = RedisHandoffClient.connect(server.uri())) {
      client.sync().set("greeting", "hello");
      int port = server.port();

      server.restart();
      RedisIntegrationTestSupport.awaitReconnected(client);

      assertThat(server.port()).isEqualTo(port);
      assertThat(client.sync().get("greeting")).isEqualTo("hello");
      assertThat(client.sync().configGet("appendonly")).containsEntry("appendonly", "yes");
      assertThat(Files.list(dir.resolve("data")).map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.startsWith("appendonly"));
    }
  }

  @Test
  void stopsTheServerOnClose() {
    RedisServerLauncher server = RedisServerLauncher.start(dir.resolve("data"));
    server.close();
    assertThat(server.isRunning()).isFalse();
  }

  @Test
  void prefersTheConfiguredBinary() throws Exception {
    Path real = RedisServerLauncher.resolveBinary(dir.resolve("data"));
    Path wrapper = dir.resolve("my-redis-server");
    Files.writeString(wrapper, "#!/bin/sh\nexec '" + real + "' \"$@\"\n");
    wrapper.toFile().setExecutable(true);
    System.setProperty("helpdesk.redis.binary", wrapper.toString());
    try (RedisServerLauncher server = RedisServerLauncher.start(dir.resolve("data"))) {
      assertThat(server.binary()).isEqualTo(wrapper);
      assertThat(server.isRunning()).isTrue();
    } finally {
      System.clearProperty("helpdesk.redis.binary");
    }
  }

  @Test
  void refusesABinarySettingThatIsNotExecutable() {
    System.setProperty("helpdesk.redis.binary", dir.resolve("missing").toString());
    try {
      assertThatThrownBy(() -> RedisServerLauncher.start(dir.resolve("data")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not an executable");
    } finally {
      System.clearProperty("helpdesk.redis.binary");
    }
  }
}

package dev.tier0.app.config;

import dev.tier0.handoff.RedisHandoffClient;
import dev.tier0.handoff.RedisServerLauncher;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Redis: the server named by {@code spring.data.redis.url}, or else a bundled {@code redis-server}
 * process this app starts with its data (AOF on) under {@code helpdesk.data-dir}/redis, so state
 * survives a restart without installing anything.
 */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

  private static final Logger log = LoggerFactory.getLogger(RedisConfiguration.class);

  /** Where Redis is: an external URL, or the embedded server this app owns. */
  record RedisEndpoint(String uri, RedisServerLauncher embedded) implements AutoCloseable {
    @Override
    public void close() {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  @Bean(destroyMethod = "close")
  RedisEndpoint redisEndpoint(
      @Value("${spring.data.redis.url:}") String url, HelpdeskProperties properties) {
    if (url != null && !url.isBlank()) {
      log.info("Using the Redis server at {}", redact(url));
      return new RedisEndpoint(url.strip(), null);
    }
    Path dir = properties.dataDir().resolve("redis").toAbsolutePath();
    RedisServerLauncher launcher = RedisServerLauncher.start(dir);
    log.info(
        "Started the bundled Redis server on port {} with its data in {}", launcher.port(), dir);
    return new RedisEndpoint(launcher.uri(), launcher);
  }

  @Bean(destroyMethod = "close")
  RedisHandoffClient redisHandoffClient(RedisEndpoint endpoint) {
    return RedisHandoffClient.connect(endpoint.uri());
  }

  /** The URL without its password, for logs. */
  static String redact(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }
}

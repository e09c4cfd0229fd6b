package dev.tier0.handoff;

import dev.tier0.bot.ArticleShown;
import dev.tier0.bot.Channel;
import dev.tier0.bot.Entity;
import dev.tier0.bot.HandoffReason;
import dev.tier0.bot.IntentScore;
import dev.tier0.bot.NluResult;
import dev.tier0.bot.Requester;
import dev.tier0.bot.Speaker;
import dev.tier0.bot.TranscriptEntry;
import dev.tier0.bot.spi.HandoffRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** One real redis-server per test class, emptied before each test. */
abstract class RedisIntegrationTestSupport {

  @TempDir static Path dataDir;
  static RedisServerLauncher server;
  static RedisHandoffClient client;

  @BeforeAll
  static void startRedis() {
    server = RedisServerLauncher.start(dataDir.resolve("redis"));
    client = RedisHandoffClient.connect(server.uri());
  }

  @AfterAll
  static void stopRedis() {
    client.close();
    server.close();
  }

  @BeforeEach
  void emptyRedis() {
    awaitReconnected(client);
    client.sync().flushall();
  }

  /** Waits until a client's commands go through again (after a Redis restart). */
  static void awaitReconnected(RedisHandoffClient c) {
    await(
        () -> {
          try {
            return "PONG".equals(c.sync().ping());
          } catch (RuntimeException e) {
            return false;
          }
        },
        Duration.ofSeconds(15));
  }

  /** Polls a condition until it holds or the timeout passes (then fails). */
  static void await(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  static HandoffRequest request(String key, String conversationId, String category, String text) {
    Instant now = Instant.now();
    return new HandoffRequest(
        key,
        conversationId,
        new Requester("u-1", "Ada", "ada@example.com", Channel.WEB),
        text,
        category,
        new NluResult(
            "vpn_connect",
            category,
            0.42,
            List.of(new IntentScore("vpn_connect", 0.42), new IntentScore("wifi", 0.3)),
            List.of(),
            "eng"),
        List.of(new Entity("vpn_client", "GlobalProtect", "globalprotect")),
        HandoffReason.LOW_CONFIDENCE,
        List.of(
            new TranscriptEntry(now, Speaker.USER, text),
            new TranscriptEntry(now, Speaker.BOT, "Let me find a person for you.")),
        List.of(new ArticleShown("KB-001", "Connect to the VPN", false)),
        List.of("restarted the VPN client"),
        now);
  }
}

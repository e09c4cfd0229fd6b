package dev.tier0.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.bot.BotReply;
import dev.tier0.bot.Channel;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.Requester;
import dev.tier0.bot.spi.ReplySink;
import dev.tier0.handoff.ConversationRelay;
import dev.tier0.handoff.RedisChannelRegistry;
import dev.tier0.handoff.RedisConversationStore;
import dev.tier0.handoff.RedisHandoffClient;
import dev.tier0.handoff.RedisServerLauncher;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances' relays on one real {@code redis-server}, each with a sink that holds connections
 * on its instance (as web chat does) and a sink that posts through a platform's API (as Slack and
 * Teams do).
 */
class RelayDeliveryIntegrationTests {
  @TempDir static Path dir;
  private static RedisServerLauncher redis;

  private Instance a;
  private Instance b;

  @BeforeAll
  static void startRedis() {
    redis = RedisServerLauncher.start(dir.resolve("redis"));
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void twoInstances() {
    a = new Instance("A");
    b = new Instance("B");
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  @Test
  void pushesToStreamsOnEveryInstanceOnceEachAndPostsThroughTheApiOnce() throws Exception {
    String id = conversation();

    a.relay.publish(id, List.of(new BotReply.Text("Hi, Sam from IT.")));
    a.relay.publish(id, List.of(new BotReply.Text("marker")));

    // each instance hears publications in order and calls the API sink before the streams: once
    // both streams have the marker, every delivery of both messages is done
    assertThat(a.streams.textsUntil("marker")).containsExactly("Hi, Sam from IT.", "marker");
    assertThat(b.streams.textsUntil("marker")).containsExactly("Hi, Sam from IT.", "marker");
    List<String> posted = new ArrayList<>();
    a.api.delivered.drainTo(posted);
    b.api.delivered.drainTo(posted);
    assertThat(posted).containsExactlyInAnyOrder("Hi, Sam from IT.", "marker");
  }

  @Test
  void deliversAMessageOfAnOlderPublisherOnEveryInstanceAsBefore() throws Exception {
    String id = conversation();
    RelayDelivery delivery =
        new RelayDelivery(
            () -> a.store,
            () -> a.registry,
            () -> Stream.of(a.streams, a.api),
            s -> s == a.streams);

    delivery.onReplies(id, List.of(new BotReply.Text("old")));
    delivery.onReplies(id, List.of(new BotReply.Text("old")));

    assertThat(a.api.delivered).containsExactly("old", "old");
  }

  @Test
  void ignoresAConversationItDoesNotKnow() throws Exception {
    a.relay.publish("no-such-conversation", List.of(new BotReply.Text("lost")));
    String id = conversation();
    a.relay.publish(id, List.of(new BotReply.Text("marker")));

    assertThat(a.streams.textsUntil("marker")).containsExactly("marker");
    assertThat(b.streams.textsUntil("marker")).containsExactly("marker");
  }

  private String conversation() {
    String id = UUID.randomUUID().toString();
    a.store.save(
        new Conversation(
            id, new Requester("u-1", "Ada", "ada@example.com", Channel.WEB), Instant.now()));
    return id;
  }

  /** One app instance's relay with its two sinks. */
  static final class Instance implements AutoCloseable {
    final RedisHandoffClient client = RedisHandoffClient.connect(redis.uri());
    final RedisConversationStore store = new RedisConversationStore(client);
    final RedisChannelRegistry registry = new RedisChannelRegistry(client);
    final RecordingSink streams;
    final RecordingSink api;
    final ConversationRelay relay;

    Instance(String name) {
      streams = new RecordingSink("streams on " + name);
      api = new RecordingSink("API on " + name);
      relay =
          new ConversationRelay(
              client,
              new RelayDelivery(
                  () -> store, () -> registry, () -> Stream.of(api, streams), s -> s == streams));
    }

    @Override
    public void close() {
      relay.close();
      client.close();
    }
  }

  /** Records the texts it is asked to deliver. */
  static final class RecordingSink implements ReplySink {
    final String name;
    final BlockingQueue<String> delivered = new LinkedBlockingQueue<>();

    RecordingSink(String name) {
      this.name = name;
    }

    @Override
    public boolean serves(Conversation conversation) {
      return true;
    }

    @Override
    public void deliver(Conversation conversation, List<BotReply> replies) {
      for (BotReply reply : replies) {
        delivered.add(reply instanceof BotReply.Text t ? t.text() : reply.toString());
      }
    }

    List<String> textsUntil(String last) throws InterruptedException {
      List<String> texts = new ArrayList<>();
      while (true) {
        String text = delivered.poll(5, TimeUnit.SECONDS);
        assertThat(text).as("a delivery to the " + name).isNotNull();
        texts.add(text);
        if (text.equals(last)) {
          return texts;
        }
      }
    }
  }
}

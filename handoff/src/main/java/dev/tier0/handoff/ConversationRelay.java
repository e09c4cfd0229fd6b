package dev.tier0.handoff;

import dev.tier0.bot.BotReply;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries replies between app instances on Redis pub/sub: an agent's answer sent through any
 * instance reaches the instance that holds the user's connection. Also broadcasts ticket events for
 * the agent consoles of every instance.
 *
 * <p>Thread-safe. Listeners run on one thread per relay, in publication order, never on the Redis
 * I/O thread; a throwing listener is logged and does not stop the relay.
 */
public final class ConversationRelay implements TicketEvents, AutoCloseable {

  static final String REPLIES = "helpdesk:relay:replies";
  static final String EVENTS = "helpdesk:relay:ticket-events";

  private static final Logger log = LoggerFactory.getLogger(ConversationRelay.class);

  private final RedisCommands<String, String> redis;
  private final StatefulRedisPubSubConnection<String, String> subscription;
  private final RelayListener replyListener;
  private final List<Consumer<TicketEvent>> eventListeners = new CopyOnWriteArrayList<>();
  private final ExecutorService dispatcher;

  /** Subscribes; replies relayed from any instance go to {@code replyListener}. */
  public ConversationRelay(RedisHandoffClient client, RelayListener replyListener) {
    this.redis = client.sync();
    this.replyListener = replyListener;
    this.dispatcher =
        Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "helpdesk-relay");
          t.setDaemon(true);
          return t;
        });
    this.subscription = RedisHandoffClient.call("subscribing to the relay", client::connectPubSub);
    subscription.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String message) {
            dispatcher.execute(() -> dispatch(channel, message));
          }
        });
    RedisHandoffClient.run(
        "subscribing to the relay", () -> subscription.sync().subscribe(REPLIES, EVENTS));
  }

  /**
   * Sends replies to the user of a conversation, wherever their connection lives. Every instance
   * hears them, with the same relay id (see {@link RelayListener#onRelayed}).
   */
  public void publish(String conversationId, List<BotReply> replies) {
    String json =
        HandoffJson.write(
            new RelayedReplies(conversationId, replies, UUID.randomUUID().toString()));
    RedisHandoffClient.run("relaying replies", () -> redis.publish(REPLIES, json));
  }

  /** Broadcasts a ticket event to every instance's event listeners. */
  @Override
  public void publish(TicketEvent event) {
    String json = HandoffJson.write(event);
    RedisHandoffClient.run("publishing a ticket event", () -> redis.publish(EVENTS, json));
  }

  /** Adds a listener for ticket events from every instance, e.g. the agent console's live view. */
  public void onTicketEvent(Consumer<TicketEvent> listener) {
    eventListeners.add(listener);
  }

  private void dispatch(String channel, String message) {
    try {
      if (REPLIES.equals(channel)) {
        RelayedReplies relayed = HandoffJson.read(message, RelayedReplies.class);
        replyListener.onRelayed(relayed.conversationId(), relayed.replies(), relayed.relayId());
      } else if (EVENTS.equals(channel)) {
        TicketEvent event = HandoffJson.read(message, TicketEvent.class);
        for (Consumer<TicketEvent> listener : eventListeners) {
          listener.accept(event);
        }
      }
    } catch (RuntimeException e) {
      log.warn("Relay listener failed on {}: {}", channel, e.toString());
    }
  }

  @Override
  public void close() {
    subscription.close();
    dispatcher.shutdown();
    try {
      dispatcher.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * @param relayId one id per publication, the same on every instance; null in messages of older
   *     versions
   */
  record RelayedReplies(String conversationId, List<BotReply> replies, String relayId) {}
}

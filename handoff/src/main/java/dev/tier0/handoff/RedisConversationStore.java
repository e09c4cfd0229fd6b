package dev.tier0.handoff;

import dev.tier0.bot.BotTurn;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.spi.ConversationStore;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Conversations and idempotent turns in Redis, as JSON strings. Updates are atomic across app
 * instances (optimistic compare-and-set with retry). Thread-safe.
 *
 * <p>Redis is the only truth, yet a turn need not parse what this instance wrote itself: the
 * conversation object a turn finished with ({@link #finishTurn}, the turn's last change; a plain
 * {@link #save} hands its object back to a caller that may change it further, so it is not kept) is
 * kept beside the JSON it was written as, and the next turn takes it when Redis still holds exactly
 * that JSON. Any other writer (another instance, an agent's change, an expiry) leaves different
 * JSON or none, and the turn parses Redis's copy as before. An object is taken, never shared, so
 * two turns cannot hold the same one.
 */
public final class RedisConversationStore implements ConversationStore {

  static final String CONVERSATION = "helpdesk:conversation:";
  static final String TURN = "helpdesk:turn:";

  /** The conversation and the turn of its client message id, written together. */
  private static final RedisScript FINISH_TURN =
      new RedisScript(
          "redis.call('SET', KEYS[1], ARGV[1]) "
              + "redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3]) return 1");

  /**
   * Conversations kept as objects by default: a few kilobytes each, enough for every conversation
   * an instance is in the middle of at the load two cores can carry.
   */
  public static final int DEFAULT_KEPT = 2_000;

  private final RedisCommands<String, String> redis;
  private final Duration turnTtl;
  private final Kept kept;

  /**
   * @param turnTtl how long a turn is kept for idempotent retries (at least a day)
   * @param kept how many conversations to keep as objects for their next turn (0: none)
   */
  public RedisConversationStore(RedisHandoffClient client, Duration turnTtl, int kept) {
    this.redis = client.sync();
    this.turnTtl = turnTtl.compareTo(Duration.ofDays(1)) < 0 ? Duration.ofDays(1) : turnTtl;
    this.kept = new Kept(Math.max(0, kept));
  }

  /** A store keeping turns for one day and the default number of conversation objects. */
  public RedisConversationStore(RedisHandoffClient client) {
    this(client, Duration.ofDays(1), DEFAULT_KEPT);
  }

  @Override
  public void save(Conversation conversation) {
    Objects.requireNonNull(conversation.getId(), "conversation id");
    String json = HandoffJson.writeState(conversation);
    RedisHandoffClient.run(
        "saving a conversation", () -> redis.set(CONVERSATION + conversation.getId(), json));
  }

  @Override
  public Optional<Conversation> update(String conversationId, UnaryOperator<Conversation> change) {
    if (conversationId == null) {
      return Optional.empty();
    }
    return RedisHandoffClient.call(
        "updating a conversation",
        () ->
            CompareAndSet.update(
                redis,
                HandoffJson.STATE,
                CONVERSATION + conversationId,
                Conversation.class,
                change));
  }

  @Override
  public Optional<Conversation> find(String conversationId) {
    if (conversationId == null) {
      return Optional.empty();
    }
    String json =
        RedisHandoffClient.call(
            "reading a conversation", () -> redis.get(CONVERSATION + conversationId));
    return Optional.ofNullable(json).map(j -> HandoffJson.readState(j, Conversation.class));
  }

  @Override
  public Optional<BotTurn> findTurn(String conversationId, String clientMessageId) {
    if (conversationId == null || clientMessageId == null) {
      return Optional.empty();
    }
    String json =
        RedisHandoffClient.call(
            "reading a turn", () -> redis.get(turnKey(conversationId, clientMessageId)));
    return Optional.ofNullable(json).map(j -> HandoffJson.readState(j, BotTurn.class));
  }

  @Override
  public void saveTurn(String conversationId, String clientMessageId, BotTurn turn) {
    if (conversationId == null || clientMessageId == null) {
      return;
    }
    String json = HandoffJson.writeState(turn);
    RedisHandoffClient.run(
        "saving a turn",
        () -> redis.setex(turnKey(conversationId, clientMessageId), turnTtl.toSeconds(), json));
  }

  @Override
  public TurnStart startTurn(String conversationId, String clientMessageId) {
    if (conversationId == null) {
      return new TurnStart(Optional.empty(), Optional.empty());
    }
    if (clientMessageId == null || clientMessageId.isBlank()) {
      return new TurnStart(Optional.empty(), find(conversationId));
    }
    List<KeyValue<String, String>> values =
        RedisHandoffClient.call(
            "reading a conversation",
            () ->
                redis.mget(
                    turnKey(conversationId, clientMessageId), CONVERSATION + conversationId));
    String turn = values.get(0).getValueOrElse(null);
    if (turn != null) {
      return new TurnStart(
          Optional.of(HandoffJson.readState(turn, BotTurn.class)), Optional.empty());
    }
    String conversation = values.get(1).getValueOrElse(null);
    if (conversation == null) {
      kept.take(conversationId, null);
      return new TurnStart(Optional.empty(), Optional.empty());
    }
    Conversation same = kept.take(conversationId, conversation);
    return new TurnStart(
        Optional.empty(),
        Optional.of(same != null ? same : HandoffJson.readState(conversation, Conversation.class)));
  }

  @Override
  public void finishTurn(Conversation conversation, String clientMessageId, BotTurn turn) {
    if (clientMessageId == null || clientMessageId.isBlank()) {
      save(conversation);
      return;
    }
    Objects.requireNonNull(conversation.getId(), "conversation id");
    String[] keys = {
      CONVERSATION + conversation.getId(), turnKey(conversation.getId(), clientMessageId)
    };
    String json = HandoffJson.writeState(conversation);
    String turnJson = HandoffJson.writeState(turn);
    RedisHandoffClient.run(
        "saving a conversation",
        () ->
            FINISH_TURN.run(
                redis,
                ScriptOutputType.INTEGER,
                keys,
                json,
                turnJson,
                Long.toString(turnTtl.toSeconds())));
    kept.put(conversation, json);
  }

  /** How many conversation objects are kept now (for tests). */
  int keptCount() {
    return kept.size();
  }

  /**
   * Conversation objects with the JSON they were last written as, least recently written first. One
   * lock: an entry is touched twice per turn, far less often than the turn's own work.
   */
  private static final class Kept {
    private final int capacity;
    private final LinkedHashMap<String, Written> entries;

    private record Written(String json, Conversation conversation) {}

    Kept(int capacity) {
      this.capacity = capacity;
      this.entries =
          new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Written> eldest) {
              return size() > Kept.this.capacity;
            }
          };
    }

    void put(Conversation conversation, String json) {
      if (capacity == 0) {
        return;
      }
      synchronized (entries) {
        // Re-inserted, not updated in place, so the order is that of the last write.
        entries.remove(conversation.getId());
        entries.put(conversation.getId(), new Written(json, conversation));
      }
    }

    /** The kept object if Redis still holds exactly its JSON; the entry is gone either way. */
    Conversation take(String id, String jsonInRedis) {
      if (capacity == 0) {
        return null;
      }
      Written entry;
      synchronized (entries) {
        entry = entries.remove(id);
      }
      return entry != null && entry.json().equals(jsonInRedis) ? entry.conversation() : null;
    }

    int size() {
      synchronized (entries) {
        return entries.size();
      }
    }
  }

  private static String turnKey(String conversationId, String clientMessageId) {
    // Length-prefixed so that ids containing the separator cannot collide.
    return TURN + conversationId.length() + ":" + conversationId + ":" + clientMessageId;
  }
}

package dev.tier0.handoff;

import dev.tier0.bot.BotTurn;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.spi.ConversationStore;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Conversations and idempotent turns in Redis, as JSON strings. Updates are atomic across app
 * instances (optimistic compare-and-set with retry). Thread-safe.
 */
public final class RedisConversationStore implements ConversationStore {

  static final String CONVERSATION = "helpdesk:conversation:";
  static final String TURN = "helpdesk:turn:";

  /** The conversation and the turn of its client message id, written together. */
  private static final RedisScript FINISH_TURN =
      new RedisScript(
          "redis.call('SET', KEYS[1], ARGV[1]) "
              + "redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3]) return 1");

  private final RedisCommands<String, String> redis;
  private final Duration turnTtl;

  /**
   * @param turnTtl how long a turn is kept for idempotent retries (at least a day)
   */
  public RedisConversationStore(RedisHandoffClient client, Duration turnTtl) {
    this.redis = client.sync();
    this.turnTtl = turnTtl.compareTo(Duration.ofDays(1)) < 0 ? Duration.ofDays(1) : turnTtl;
  }

  /** A store keeping turns for one day. */
  public RedisConversationStore(RedisHandoffClient client) {
    this(client, Duration.ofDays(1));
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
    return new TurnStart(
        Optional.empty(),
        Optional.ofNullable(conversation).map(j -> HandoffJson.readState(j, Conversation.class)));
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
  }

  private static String turnKey(String conversationId, String clientMessageId) {
    // Length-prefixed so that ids containing the separator cannot collide.
    return TURN + conversationId.length() + ":" + conversationId + ":" + clientMessageId;
  }
}

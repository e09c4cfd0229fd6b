package dev.tier0.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tier0.bot.ArticleShown;
import dev.tier0.bot.BotReply;
import dev.tier0.bot.BotTurn;
import dev.tier0.bot.Channel;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.ConversationState;
import dev.tier0.bot.Entity;
import dev.tier0.bot.IntentScore;
import dev.tier0.bot.NluResult;
import dev.tier0.bot.Outcome;
import dev.tier0.bot.Requester;
import dev.tier0.bot.Speaker;
import dev.tier0.bot.TicketRef;
import dev.tier0.bot.TranscriptEntry;
import dev.tier0.bot.spi.ConversationStore.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RedisConversationStoreIntegrationTests extends RedisIntegrationTestSupport {

  @Test
  void keepsEveryFieldOfAConversation() {
    RedisConversationStore store = new RedisConversationStore(client);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Conversation c =
        new Conversation("c-1", new Requester("u-1", "Ada", "ada@example.com", Channel.SLACK), now);
    c.append(new TranscriptEntry(now, Speaker.USER, "مرحبا 👋 vpn\u0000down"));
    c.setState(ConversationState.AWAITING_AGENT);
    c.setTicket(new TicketRef("INC-2026-000001", "P2", "network.vpn"));
    c.setLastNlu(
        new NluResult(
            "vpn_connect",
            "network.vpn",
            0.9,
            List.of(new IntentScore("vpn_connect", 0.9)),
            List.of(new Entity("os", "Windows", "win")),
            "eng"));
    c.setPending(Conversation.Pending.CSAT);
    c.setArticlesShown(List.of(new ArticleShown("KB-1", "VPN", null)));
    c.setAttributes(Map.of("flow.step", "2"));
    store.save(c);

    Conversation read = store.find("c-1").orElseThrow();

    assertThat(read).usingRecursiveComparison().isEqualTo(c);
    assertThat(store.find("nope")).isEmpty();
  }

  @Test
  void keepsTimesToTheNanosecondAndReadsConversationsStoredWithTextTimes() {
    RedisConversationStore store = new RedisConversationStore(client);
    Instant at = Instant.parse("2026-11-23T18:45:12.123456789Z");
    Conversation c =
        new Conversation("c-times", new Requester("u-1", "Ada", null, Channel.WEB), at);
    c.append(new TranscriptEntry(at.plusNanos(1), Speaker.USER, "vpn down"));
    store.finishTurn(
        c, "m-1", new BotTurn(List.of(), null, Outcome.ANSWERED, ConversationState.BOT, null));

    Conversation read = store.startTurn("c-times", "m-2").conversation().orElseThrow();
    assertThat(read.getCreatedAt()).isEqualTo(at);
    assertThat(read.getTranscript().getFirst().at()).isEqualTo(at.plusNanos(1));

    // The format before times were stored as numbers: ISO-8601 text.
    client.sync().set(RedisConversationStore.CONVERSATION + "c-old", HandoffJson.write(c));
    assertThat(store.find("c-old").orElseThrow())
        .usingRecursiveComparison()
        .isEqualTo(store.find("c-times").orElseThrow());
    assertThat(store.update("c-old", old -> old).orElseThrow().getCreatedAt()).isEqualTo(at);
  }

  @Test
  void keepsTurnsWithEveryReplyTypeForAboutADay() {
    RedisConversationStore store = new RedisConversationStore(client);
    BotTurn turn =
        new BotTurn(
            List.of(
                new BotReply.Text("hi"),
                new BotReply.Article("KB-1", "VPN", "Open the client", null),
                new BotReply.Choices("Pick", List.of(new BotReply.Choice("Yes", "yes"))),
                new BotReply.HandoffNotice("A person will help", "INC-2026-000001", "P3")),
            null,
            Outcome.HANDOFF,
            ConversationState.AWAITING_AGENT,
            new TicketRef("INC-2026-000001", "P3", "email"));
    store.saveTurn("c-1", "m-1", turn);

    assertThat(store.findTurn("c-1", "m-1")).contains(turn);
    assertThat(store.findTurn("c-1", "m-2")).isEmpty();
    Long ttl = client.sync().ttl(client.sync().keys("helpdesk:turn:*").get(0));
    assertThat(ttl).isBetween(86_000L, 86_400L);
  }

  @Test
  void finishesATurnWithTheConversationAndTheRetryAnswerTogether() {
    RedisConversationStore store = new RedisConversationStore(client);
    Conversation c =
        new Conversation("c-turn", new Requester(null, null, null, Channel.WEB), Instant.now());
    c.append(new TranscriptEntry(Instant.now(), Speaker.USER, "vpn down"));
    BotTurn turn =
        new BotTurn(
            List.of(new BotReply.Text("Try this")),
            null,
            Outcome.ANSWERED,
            ConversationState.BOT,
            null);

    store.finishTurn(c, "m-1", turn);

    assertThat(store.find("c-turn").orElseThrow().getTranscript()).hasSize(1);
    assertThat(store.findTurn("c-turn", "m-1")).contains(turn);
    Long ttl = client.sync().ttl(client.sync().keys("helpdesk:turn:*c-turn*").get(0));
    assertThat(ttl).isBetween(86_000L, 86_400L);
    // A retry of m-1 gets the same turn and nothing else is read; a new message gets the
    // conversation; a message without an id gets the conversation and no retry answer.
    assertThat(store.startTurn("c-turn", "m-1").earlierTurn()).contains(turn);
    assertThat(store.startTurn("c-turn", "m-1").conversation()).isEmpty();
    assertThat(store.startTurn("c-turn", "m-2").earlierTurn()).isEmpty();
    assertThat(store.startTurn("c-turn", "m-2").conversation()).isPresent();
    assertThat(store.startTurn("c-turn", null).conversation()).isPresent();
    assertThat(store.startTurn("missing", "m-1").conversation()).isEmpty();
    assertThat(store.startTurn(null, "m-1").conversation()).isEmpty();

    store.finishTurn(c, null, turn);
    assertThat(client.sync().keys("helpdesk:turn:*c-turn*")).hasSize(1);
  }

  @Test
  void updatesAtomicallyWhenManyWritersRace() throws Exception {
    RedisConversationStore store = new RedisConversationStore(client);
    store.save(
        new Conversation("c-race", new Requester(null, null, null, Channel.WEB), Instant.now()));
    // Two "instances": each has its own connection.
    try (RedisHandoffClient other = RedisHandoffClient.connect(server.uri())) {
      RedisConversationStore otherStore = new RedisConversationStore(other);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        RedisConversationStore s = i % 2 == 0 ? store : otherStore;
        futures.add(
            pool.submit(() ->
                s.update(
                    "c-race",
                    c -> {
                      c.setHandoffCount(c.getHandoffCount() + 1);
                      return c;
                    })));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
    }
    assertThat(store.find("c-race").orElseThrow().getHandoffCount()).isEqualTo(200);
    assertThat(store.update("missing", c -> c)).isEmpty();
  }

  @Test
  void aTurnTakesTheObjectTheLastTurnFinishedWithWhileRedisStillHoldsItsJson() {
    RedisConversationStore store = new RedisConversationStore(client);
    Conversation c = turnOf("c-kept", "vpn down");
    BotTurn turn = new BotTurn(List.of(), null, Outcome.ANSWERED, ConversationState.BOT, null);
    store.finishTurn(c, "m-1", turn);

    Conversation next = store.startTurn("c-kept", "m-2").conversation().orElseThrow();

    // Taken, not shared: the turn after that (nothing finished in between) parses Redis's copy.
    assertThat(next).isSameAs(c);
    Conversation parsed = store.startTurn("c-kept", "m-2").conversation().orElseThrow();
    assertThat(parsed).isNotSameAs(c).usingRecursiveComparison().isEqualTo(c);
    assertThat(store.keptCount()).isZero();
  }

  @Test
  void aTurnReadsRedisWhenAnotherWriterChangedTheConversation() {
    RedisConversationStore store = new RedisConversationStore(client);
    RedisConversationStore otherInstance = new RedisConversationStore(client);
    Conversation c = turnOf("c-changed", "printer jammed");
    store.finishTurn(c, "m-1", null);
    otherInstance.update(
        "c-changed",
        x -> {
          x.setState(ConversationState.WITH_AGENT);
          return x;
        });

    Conversation next = store.startTurn("c-changed", "m-2").conversation().orElseThrow();

    assertThat(next).isNotSameAs(c);
    assertThat(next.getState()).isEqualTo(ConversationState.WITH_AGENT);
    assertThat(c.getState()).isEqualTo(ConversationState.BOT);
  }

  @Test
  void aTurnFindsNothingWhenTheConversationIsGoneThoughItsObjectWasKept() {
    RedisConversationStore store = new RedisConversationStore(client);
    store.finishTurn(turnOf("c-gone", "hello"), "m-1", null);
    client.sync().del(RedisConversationStore.CONVERSATION + "c-gone");

    assertThat(store.startTurn("c-gone", "m-2").conversation()).isEmpty();
    assertThat(store.keptCount()).isZero();
  }

  @Test
  void keepsNoMoreObjectsThanItsCapacityAndNoneWhenToldSo() {
    RedisConversationStore small = new RedisConversationStore(client, Duration.ofDays(1), 2);
    Conversation first = turnOf("c-first", "one");
    small.finishTurn(first, "m-1", null);
    small.finishTurn(turnOf("c-second", "two"), "m-1", null);
    small.finishTurn(turnOf("c-third", "three"), "m-1", null);

    assertThat(small.keptCount()).isEqualTo(2);
    assertThat(small.startTurn("c-first", "m-2").conversation().orElseThrow())
        .isNotSameAs(first)
        .usingRecursiveComparison()
        .isEqualTo(first);

    RedisConversationStore none = new RedisConversationStore(client, Duration.ofDays(1), 0);
    Conversation c = turnOf("c-none", "four");
    none.finishTurn(c, "m-1", null);
    assertThat(none.keptCount()).isZero();
    assertThat(none.startTurn("c-none", "m-2").conversation().orElseThrow()).isNotSameAs(c);
  }

  @Test
  void aConversationSavedOutsideATurnIsNotKept() {
    RedisConversationStore store = new RedisConversationStore(client);
    Conversation c = turnOf("c-saved", "hi");
    store.save(c);

    assertThat(store.keptCount()).isZero();
    assertThat(store.startTurn("c-saved", "m-1").conversation().orElseThrow()).isNotSameAs(c);
  }

  private static Conversation turnOf(String id, String text) {
    Instant at = Instant.parse("2026-11-23T18:45:12.123456789Z");
    Conversation c = new Conversation(id, new Requester("u-1", "Ada", null, Channel.WEB), at);
    c.append(new TranscriptEntry(at, Speaker.USER, text));
    return c;
  }

  @Test
  void failsClearlyWhenRedisIsDown() {
    RedisConversationStore store = new RedisConversationStore(client);
    server.stop();
    try {
      Conversation c =
          new Conversation("c-down", new Requester(null, null, null, Channel.WEB), Instant.now());
      assertThatThrownBy(() -> store.save(c)).isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> store.find("c-down")).isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> store.startTurn("c-down", "m-1"))
          .isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> store.finishTurn(c, "m-1", null))
          .isInstanceOf(StoreUnavailableException.class);
    } finally {
      server.restart();
    }
  }
}

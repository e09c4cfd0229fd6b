package dev.tier0.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tier0.bot.BotReply;
import dev.tier0.bot.Channel;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.ConversationState;
import dev.tier0.bot.Requester;
import dev.tier0.bot.Speaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentServiceIntegrationTests extends RedisIntegrationTestSupport {

  /** One app instance: its own connection, relay, store, queue and agent service. */
  static final class Instance implements AutoCloseable {
    final BlockingQueue<Relayed> relayed = new LinkedBlockingQueue<>();
    final BlockingQueue<TicketEvent> events = new LinkedBlockingQueue<>();
    final RedisHandoffClient redis;
    final ConversationRelay relay;
    final RedisConversationStore store;
    final RedisTicketQueue queue;
    final AgentService agents;

    Instance(String uri) {
      redis = RedisHandoffClient.connect(uri);
      relay = new ConversationRelay(redis, (id, replies) -> relayed.add(new Relayed(id, replies)));
      relay.onTicketEvent(events::add);
      store = new RedisConversationStore(redis);
      queue =
          new RedisTicketQueue(
              redis,
              Triage.defaults(),
              SlaPolicy.defaults(),
              relay,
              Clock.systemUTC(),
              Duration.ofMinutes(5));
      agents = new AgentService(queue, store, relay);
    }

    Relayed next() throws InterruptedException {
      Relayed r = relayed.poll(5, TimeUnit.SECONDS);
      assertThat(r).as("a relayed reply").isNotNull();
      return r;
    }

    @Override
    public void close() {
      relay.close();
      redis.close();
    }
  }

  record Relayed(String conversationId, List<BotReply> replies) {}

  Instance first;
  Instance second;

  @BeforeEach
  void startInstances() {
    first = new Instance(server.uri());
    second = new Instance(server.uri());
  }

  @AfterEach
  void stopInstances() {
    first.close();
    second.close();
  }

  String handOff(Instance on, String conversationId) {
    Conversation c =
        new Conversation(
            conversationId, new Requester("u-1", "Ada", null, Channel.WEB), Instant.now());
    c.setState(ConversationState.AWAITING_AGENT);
    on.store.save(c);
    return on.queue
        .submit(request(conversationId + ":1", conversationId, "network.vpn", "vpn"))
        .id();
  }

  @Test
  void relaysAnAgentReplySentThroughOneInstanceToTheOther() throws Exception {
    String id = handOff(first, "conv-1");

    second.agents.claim(id, "grace");
    second.agents.reply(id, "grace", "Hi Ada, can you restart the client? My pin is 123456");

    Relayed joined = first.next();
    assertThat(joined.conversationId()).isEqualTo("conv-1");
    assertThat(joined.replies().get(0)).isInstanceOf(BotReply.Text.class);
    assertThat(((BotReply.Text) joined.replies().get(0)).text()).contains("grace");
    Relayed reply = first.next();
    assertThat(reply.replies())
        .containsExactly(new BotReply.Text("Hi Ada, can you restart the client? My pin is 123456"));

    Conversation c = first.store.find("conv-1").orElseThrow();
    assertThat(c.getState()).isEqualTo(ConversationState.WITH_AGENT);
    assertThat(c.getTranscript()).last().extracting(e -> e.from()).isEqualTo(Speaker.AGENT);
    assertThat(c.getTranscript().getLast().text()).doesNotContain("123456");
    Ticket t = first.agents.ticket(id);
    assertThat(t.firstResponseAt()).isNotNull();
    assertThat(t.transcript().getLast().from()).isEqualTo("agent");
    assertThat(t.transcript().getLast().text()).doesNotContain("123456");
    assertThat(first.events.poll(5, TimeUnit.SECONDS).type()).isEqualTo(TicketEvent.CREATED);
    assertThat(first.events.poll(5, TimeUnit.SECONDS).type()).isEqualTo(TicketEvent.CLAIMED);
  }

  @Test
  void resolvesWithARatingQuestionAndRecordsTheRating() throws Exception {
    String id = handOff(first, "conv-2");
    first.agents.claim(id, "grace");
    first.next();

    Ticket resolved = first.agents.resolve(id, "grace", "Reinstalled the VPN profile.");

    Relayed r = second.next(); // every instance hears it; the one holding the user delivers it
    r = second.next();
    assertThat(r.replies()).hasSize(2);
    BotReply.Choices csat = (BotReply.Choices) r.replies().get(1);
    assertThat(csat.options())
        .extracting(BotReply.Choice::value)
        .containsExactly("1", "2", "3", "4", "5");
    assertThat(resolved.status()).isEqualTo(TicketStatus.RESOLVED);
    Conversation c = first.store.find("conv-2").orElseThrow();
    assertThat(c.getState()).isEqualTo(ConversationState.RESOLVED);
    assertThat(c.getPending()).isEqualTo(Conversation.Pending.CSAT);

    assertThat(second.agents.rate(id, 5).csat()).isEqualTo(5);
  }

  @Test
  void handsTheConversationBackToTheBot() throws Exception {
    String id = handOff(first, "conv-3");
    first.agents.claim(id, "grace");
    first.next();

    first.agents.handback(id, "grace");

    assertThat(((BotReply.Text) first.next().replies().get(0)).text())
        .contains("the help desk bot");
    assertThat(first.store.find("conv-3").orElseThrow().getState())
        .isEqualTo(ConversationState.BOT);
    assertThat(first.agents.ticket(id).status()).isEqualTo(TicketStatus.CLOSED);
  }

  @Test
  void keepsNotesInternalAndTransfersToAnotherGroup() throws Exception {
    String id = handOff(first, "conv-4");
    first.agents.claim(id, "grace");
    first.next();

    first.agents.note(id, "grace", "User is on the old client; token sk-abcdefghijklmnopqrstu");
    Ticket moved = first.agents.transfer(id, "grace", "network-tier2");

    assertThat(first.relayed.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(moved.notes()).hasSize(2);
    assertThat(moved.notes().get(0).text()).doesNotContain("sk-abcdefghijklmnopqrstu");
    assertThat(moved.group()).isEqualTo("network-tier2");
    assertThat(moved.status()).isEqualTo(TicketStatus.NEW);
    assertThat(first.agents.queue(QueueFilter.all())).extracting(Ticket::id).containsExactly(id);
    assertThat(first.agents.claim(id, "linus").assignee()).isEqualTo("linus");
  }

  @Test
  void refusesBadOperationsAndChangesNothing() {
    String id = handOff(first, "conv-5");

    assertRefused(() -> first.agents.claim("INC-2000-000404", "grace"), 404);
    assertRefused(() -> first.agents.reply(id, "grace", "hello"), 409); // not claimed yet
    first.agents.claim(id, "grace");
    Ticket claimed = first.agents.ticket(id);
    Conversation conversation = first.store.find("conv-5").orElseThrow();

    assertRefused(() -> second.agents.claim(id, "linus"), 409);
    assertRefused(() -> second.agents.reply(id, "linus", "I'll take it"), 403);
    assertRefused(() -> second.agents.resolve(id, "linus", "done"), 403);
    assertRefused(() -> first.agents.reply(id, "grace", "   \u0000 "), 400);
    assertRefused(() -> first.agents.reply(id, "grace", "x".repeat(100_000)), 400);
    assertRefused(() -> first.agents.reply(id, "", "hi"), 400);
    assertRefused(() -> first.agents.rate(id, 4), 409);
    assertRefused(() -> first.agents.rate(id, 9), 400);
    assertThat(first.agents.ticket(id)).isEqualTo(claimed);
    assertThat(first.store.find("conv-5").orElseThrow())
        .usingRecursiveComparison()
        .isEqualTo(conversation);

    first.agents.resolve(id, "grace", "Fixed.");
    Ticket resolved = first.agents.ticket(id);
    assertRefused(() -> first.agents.resolve(id, "grace", "Fixed again."), 409);
    assertRefused(() -> first.agents.handback(id, "grace"), 409);
    assertThat(first.agents.ticket(id)).isEqualTo(resolved);
    assertRefused(() -> first.agents.ticket("INC-2000-000404"), 404);
  }

  @Test
  void neverFailsOnHostileTextFromUsersOrAgents() throws Exception {
    long seed = Long.getLong("tests.seed", 20261123L);
    System.out.println("AgentServiceIntegrationTests hostile text seed: " + seed);
    java.util.Random random = new java.util.Random(seed);
    List<String> texts =
        new java.util.ArrayList<>(
            List.of(
                "😀".repeat(2000),
                "שלום, ה-VPN לא עובד",
                "\u202Eevil\u202C",
                "a\u0000b\u0007c",
                "\uD800 lone surrogate",
                "{\"type\":\"text\"}",
                "x".repeat(9_999)));
    for (int i = 0; i < 10; i++) {
      StringBuilder sb = new StringBuilder("r");
      for (int j = random.nextInt(300); j > 0; j--) {
        sb.append((char) random.nextInt(0x10000));
      }
      texts.add(sb.toString());
    }
    String id =
        first
            .queue
            .submit(
                request(
                    "hostile:1", "conv-h", "email", texts.get(0) + "\u0000" + "y".repeat(20_000)))
            .id();
    first.store.save(
        new Conversation("conv-h", new Requester(null, null, null, Channel.WEB), Instant.now()));
    first.agents.claim(id, "grace");
    for (String text : texts) {
      first.queue.userMessage(
          id, new dev.tier0.bot.TranscriptEntry(Instant.now(), Speaker.USER, text));
      first.agents.note(id, "grace", text);
      first.agents.reply(id, "grace", text);
    }
    Ticket t = first.agents.ticket(id);
    assertThat(t.subject()).as("seed %d", seed).hasSizeLessThanOrEqualTo(200);
    assertThat(t.notes()).as("seed %d", seed).hasSize(texts.size());
    assertThat(first.store.find("conv-h").orElseThrow().getTranscript())
        .hasSizeGreaterThan(texts.size());
  }

  static void assertRefused(Runnable operation, int status) {
    assertThatThrownBy(operation::run)
        .isInstanceOfSatisfying(
            TicketException.class,
            e -> {
              assertThat(e.status()).isEqualTo(status);
              assertThat(e.getMessage()).isNotBlank();
            });
  }
}

package dev.tier0.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tier0.bot.Speaker;
import dev.tier0.bot.TicketRef;
import dev.tier0.bot.TranscriptEntry;
import dev.tier0.bot.spi.ConversationStore.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RedisTicketQueueIntegrationTests extends RedisIntegrationTestSupport {

  final BlockingQueue<TicketEvent> events = new LinkedBlockingQueue<>();

  RedisTicketQueue queue(RedisHandoffClient c, Duration reclaimIdle) {
    return new RedisTicketQueue(
        c, Triage.defaults(), SlaPolicy.defaults(), events::add, Clock.systemUTC(), reclaimIdle);
  }

  RedisTicketQueue queue() {
    return queue(client, Duration.ofMinutes(5));
  }

  @Test
  void opensACompleteTicketWithAHumanFriendlyId() throws Exception {
    RedisTicketQueue queue = queue();

    TicketRef ref =
        queue.submit(request("c-1:1", "c-1", "network.vpn", "VPN down, my password is hunter22"));

    assertThat(ref.id()).matches("INC-" + Year.now().getValue() + "-\\d{6}");
    Ticket t = queue.find(ref.id()).orElseThrow();
    assertThat(t.status()).isEqualTo(TicketStatus.NEW);
    assertThat(t.conversationId()).isEqualTo("c-1");
    assertThat(t.requester().channel()).isEqualTo("web");
    assertThat(t.intent().name()).isEqualTo("vpn_connect");
    assertThat(t.intent().ranking()).hasSize(2);
    assertThat(t.reason()).isEqualTo("low_confidence");
    assertThat(t.sla().firstResponseDue()).isAfter(t.createdAt());
    assertThat(t.transcript()).extracting(Ticket.Line::from).containsExactly("user", "bot");
    assertThat(t.transcript().get(0).text()).doesNotContain("hunter22");
    assertThat(t.subject()).doesNotContain("hunter22");
    assertThat(t.articlesShown()).hasSize(1);
    assertThat(t.stepsTried()).containsExactly("restarted the VPN client");
    assertThat(events.poll(5, TimeUnit.SECONDS).type()).isEqualTo(TicketEvent.CREATED);
  }

  @Test
  void makesOneTicketWhenTheSameHandoffIsSubmittedTwiceConcurrently() throws Exception {
    RedisTicketQueue queue = queue();
    try (RedisHandoffClient other = RedisHandoffClient.connect(server.uri())) {
      RedisTicketQueue otherQueue = queue(other, Duration.ofMinutes(5));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<TicketRef>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        RedisTicketQueue q = i % 2 == 0 ? queue : otherQueue;
        results.add(
            pool.submit(() -> {
              start.await();
              return q.submit(request("c-2:1", "c-2", "email", "mailbox full"));
            }));
      }
      start.countDown();
      Set<String> ids = new HashSet<>();
      for (Future<TicketRef> f : results) {
        ids.add(f.get().id());
      }
      pool.shutdown();
      assertThat(ids).hasSize(1);
    }
    assertThat(client.sync().keys(RedisTicketQueue.TICKET + "*")).hasSize(1);
    assertThat(queue.waiting(QueueFilter.all())).hasSize(1);
  }

  @Test
  void listsWaitingTicketsMostUrgentFirstThenOldest() {
    RedisTicketQueue queue = queue();
    String p4 = queue.submit(request("a", "c-a", "software.install", "need Visio")).id();
    String p2 = queue.submit(request("b", "c-b", "security", "phishing mail")).id();
    String p4b = queue.submit(request("c", "c-c", "software.install", "need Teams")).id();
    String p1 =
        queue.submit(request("d", "c-d", "security", "ransomware, everyone in the office")).id();

    assertThat(queue.waiting(QueueFilter.all()))
        .extracting(Ticket::id)
        .containsExactly(p1, p2, p4, p4b);
    assertThat(queue.waiting(new QueueFilter(Set.of(Priority.P4), null, null, 10)))
        .extracting(Ticket::id)
        .containsExactly(p4, p4b);
    assertThat(queue.waiting(new QueueFilter(Set.of(), "security", Duration.ofHours(1), 1)))
        .extracting(Ticket::id)
        .containsExactly(p1);
  }

  @Test
  void givesATicketToExactlyOneOfManyAgentsClaimingAtOnce() throws Exception {
    RedisTicketQueue queue = queue();
    String id = queue.submit(request("k", "c-k", "printer", "printer jam")).id();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String agent = "agent-" + i;
      Callable<String> claim =
          () -> {
            start.await();
            try {
              return queue.claim(id, agent).assignee();
            } catch (TicketException e) {
              assertThat(e.kind()).isEqualTo(TicketException.Kind.ALREADY_CLAIMED);
              return null;
            }
          };
      results.add(pool.submit(claim));
    }
    start.countDown();
    List<String> winners = new ArrayList<>();
    for (Future<String> f : results) {
      if (f.get() != null) {
        winners.add(f.get());
      }
    }
    pool.shutdown();
    assertThat(winners).hasSize(1);
    assertThat(queue.find(id).orElseThrow().assignee()).isEqualTo(winners.get(0));
    assertThat(queue.waiting(QueueFilter.all())).isEmpty();
  }

  @Test
  void takesTheNextTicketWithoutGivingItToTwoAgents() throws Exception {
    RedisTicketQueue queue = queue();
    Set<String> submitted = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      submitted.add(queue.submit(request("n" + i, "c-n" + i, "hardware", "broken screen")).id());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<List<String>>> results = new ArrayList<>();
    for (int a = 0; a < 4; a++) {
      String agent = "agent-" + a;
      results.add(
          pool.submit(() -> {
            List<String> mine = new ArrayList<>();
            for (var t = queue.claimNext(agent); t.isPresent(); t = queue.claimNext(agent)) {
              mine.add(t.get().id());
            }
            return mine;
          }));
    }
    List<String> all = new ArrayList<>();
    for (Future<List<String>> f : results) {
      all.addAll(f.get());
    }
    pool.shutdown();
    assertThat(all).hasSize(20).doesNotHaveDuplicates();
    assertThat(new HashSet<>(all)).isEqualTo(submitted);
  }

  @Test
  void reclaimsTheTicketOfAnAgentWhoVanishedBeforeAcknowledging() {
    RedisTicketQueue queue = queue(client, Duration.ofMillis(50));
    String id = queue.submit(request("r", "c-r", "hardware", "dock dead")).id();
    String other = queue.submit(request("r2", "c-r2", "hardware", "no sound")).id();
    // The agent claims through its own instance, which then dies: no reply, no acknowledgement.
    RedisHandoffClient doomed = RedisHandoffClient.connect(server.uri());
    assertThat(queue(doomed, Duration.ofMillis(50)).claimNext("gone-agent"))
        .map(Ticket::id)
        .contains(id);
    doomed.close();
    assertThat(queue.find(id).orElseThrow().assignee()).isEqualTo("gone-agent");
    queue.claim(other, "busy-agent");
    queue.acknowledge(other);

    List<String> reclaimed = new ArrayList<>();
    await(
        () -> {
          reclaimed.addAll(queue.reclaimStale());
          return !reclaimed.isEmpty();
        },
        Duration.ofSeconds(5));

    assertThat(reclaimed).containsExactly(id);
    Ticket back = queue.find(id).orElseThrow();
    assertThat(back.status()).isEqualTo(TicketStatus.NEW);
    assertThat(back.assignee()).isNull();
    assertThat(queue.waiting(QueueFilter.all())).extracting(Ticket::id).containsExactly(id);
    assertThat(queue.claimNext("alive-agent")).map(Ticket::id).contains(id);
    assertThat(queue.find(other).orElseThrow().assignee()).isEqualTo("busy-agent");
  }

  @Test
  void keepsATicketWhenRedisRestartsBetweenCreationAndClaim() {
    RedisTicketQueue queue = queue();
    String id = queue.submit(request("restart", "c-s", "email", "calendar gone")).id();

    server.restart();
    awaitReconnected(client);

    assertThat(queue.waiting(QueueFilter.all())).extracting(Ticket::id).containsExactly(id);
    assertThat(queue.claim(id, "ada").assignee()).isEqualTo("ada");
    // The counter survived too: the next ticket gets the next number.
    String next = queue.submit(request("restart-2", "c-t", "email", "signature")).id();
    assertThat(next).isNotEqualTo(id);
  }

  @Test
  void throwsAndWritesNothingWhenRedisIsUnavailable() {
    RedisTicketQueue queue = queue();
    server.stop();
    try {
      assertThatThrownBy(() -> queue.submit(request("down", "c-down", "email", "help")))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("Redis");
    } finally {
      server.restart();
    }
    awaitReconnected(client);
    assertThat(client.sync().keys("helpdesk:ticket*")).isEmpty();
    assertThat(client.sync().get(RedisTicketQueue.HANDOFF + "down")).isNull();
    assertThat(queue.waiting(QueueFilter.all())).isEmpty();
  }

  @Test
  void appendsUserMessagesToTheTicketAndAnnouncesThem() throws Exception {
    RedisTicketQueue queue = queue();
    String id = queue.submit(request("u", "c-u", "email", "mail")).id();
    events.clear();

    queue.userMessage(id, new TranscriptEntry(Instant.now(), Speaker.USER, "still broken"));
    queue.userMessage("INC-0000-000000", new TranscriptEntry(Instant.now(), Speaker.USER, "x"));

    assertThat(queue.find(id).orElseThrow().transcript())
        .last()
        .extracting(Ticket.Line::from, Ticket.Line::text)
        .containsExactly("user", "still broken");
    TicketEvent event = events.poll(5, TimeUnit.SECONDS);
    assertThat(event.type()).isEqualTo(TicketEvent.USER_MESSAGE);
    assertThat(event.ticketId()).isEqualTo(id);
  }

  @Test
  void forgetsQueueEntriesOnceAClaimIsAcknowledged() {
    RedisTicketQueue queue = queue();
    String id = queue.submit(request("ack", "c-ack", "email", "mail")).id();
    queue.claim(id, "ada");

    queue.acknowledge(id);

    assertThat(client.sync().xlen(RedisTicketQueue.stream(Priority.P4))).isZero();
    assertThat(client.sync().hlen(RedisTicketQueue.ENTRY_OF_TICKET)).isZero();
    assertThat(queue.find(id).orElseThrow().status()).isEqualTo(TicketStatus.CLAIMED);
  }

  @Test
  void tellsTheUserWhenToExpectAPerson() {
    RedisTicketQueue queue = queue();
    assertThat(queue.expectation("P1")).isEqualTo("An IT agent usually answers within 15 minutes.");
    assertThat(queue.expectation("P9"))
        .isEqualTo("An IT agent will reply here as soon as possible.");
  }

  @Test
  void refusesToClaimUnknownOrClaimedTicketsWithoutChangingThem() {
    RedisTicketQueue queue = queue();
    String id = queue.submit(request("x", "c-x", "email", "mail")).id();
    queue.claim(id, "ada");
    Ticket before = queue.find(id).orElseThrow();

    assertThatThrownBy(() -> queue.claim("INC-1999-000001", "bob"))
        .isInstanceOfSatisfying(TicketException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> queue.claim(id, "bob"))
        .isInstanceOfSatisfying(TicketException.class, e -> assertThat(e.status()).isEqualTo(409));
    assertThat(queue.find(id).orElseThrow()).isEqualTo(before);
    assertThat(queue.claim(id, "ada")).isEqualTo(before);
  }
}

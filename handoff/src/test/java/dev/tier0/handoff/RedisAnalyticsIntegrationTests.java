package dev.tier0.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tier0.handoff.RedisAnalytics.Count;
import dev.tier0.handoff.RedisAnalytics.PrioritySla;
import dev.tier0.handoff.RedisAnalytics.Report;
import dev.tier0.handoff.RedisAnalytics.TurnFact;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisAnalyticsIntegrationTests extends RedisIntegrationTestSupport {

  static final Instant DAY1 = Instant.parse("2026-03-02T09:00:00Z");
  static final Instant DAY2 = Instant.parse("2026-03-03T09:00:00Z");

  RedisAnalytics analytics;

  @BeforeEach
  void create() {
    analytics = new RedisAnalytics(client);
  }

  @Test
  void countsConversationsOutcomesAndResolutionsExactly() {
    // c1: answered, then confirmed fixed, rated 5.
    turn("c1", DAY1, "answered", "password_reset", 0.91, false, null);
    turn("c1", DAY1, "resolved", null, null, false, 5);
    // c2: answered and left: an implied resolution.
    turn("c2", DAY1, "answered", "vpn_issue", 0.62, false, null);
    // c3: handed off, resolved by the first agent, rated 4.
    turn("c3", DAY1, "handoff", "talk_to_human", 0.97, true, null);
    Ticket t3 = ticket("INC-2026-000001", "c3", Priority.P2, DAY1, "user_request");
    analytics.recordTicketEvent(event(TicketEvent.CREATED, t3, DAY1));
    Ticket answered =
        t3.with(e -> e.firstResponseAt = DAY1.plus(Duration.ofMinutes(20))); // within 30 min
    analytics.recordTicketEvent(event(TicketEvent.AGENT_MESSAGE, answered, DAY1));
    Ticket resolved =
        answered.with(e -> {
          e.status = TicketStatus.RESOLVED;
          e.resolvedAt = DAY1.plus(Duration.ofHours(9)); // after the 8 h due time
        });
    analytics.recordTicketEvent(event(TicketEvent.RESOLVED, resolved, DAY1));
    analytics.recordTicketEvent(event(TicketEvent.RATED, resolved.with(e -> e.csat = 4), DAY1));
    // c4 (next day): handed off for low confidence, transferred: not a first-contact resolution.
    turn("c4", DAY2, "handoff", "vpn_issue", 0.15, true, null);
    Ticket t4 = ticket("INC-2026-000002", "c4", Priority.P3, DAY2, "low_confidence");
    analytics.recordTicketEvent(event(TicketEvent.CREATED, t4, DAY2));
    analytics.recordTicketEvent(event(TicketEvent.TRANSFERRED, t4, DAY2));
    analytics.recordTicketEvent(
        event(TicketEvent.RESOLVED, t4.with(e -> e.resolvedAt = DAY2.plusSeconds(600)), DAY2));

    Report r = analytics.report(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-03"));

    assertThat(r.conversations()).isEqualTo(4);
    assertThat(r.confirmedResolutions()).isEqualTo(1);
    assertThat(r.impliedResolutions()).isEqualTo(1);
    assertThat(r.handedOff()).isEqualTo(2);
    assertThat(r.containmentRate()).isEqualTo(0.5);
    assertThat(r.escalationRate()).isEqualTo(0.5);
    assertThat(r.escalationReasons())
        .containsExactly(new Count("low_confidence", 1), new Count("user_request", 1));
    assertThat(r.csatResponses()).isEqualTo(2);
    assertThat(r.csatAverage()).isEqualTo(4.5);
    assertThat(r.firstContactResolutions()).isEqualTo(2);
    assertThat(r.firstContactResolutionRate()).isEqualTo(0.5);
    assertThat(r.turns()).isEqualTo(5);
    assertThat(r.outcomes())
        .containsExactly(
            new Count("answered", 2), new Count("handoff", 2), new Count("resolved", 1));
    assertThat(r.topIntents().getFirst()).isEqualTo(new Count("vpn_issue", 2));
    assertThat(r.confidenceHistogram()).containsExactly(0L, 1L, 0L, 0L, 0L, 0L, 1L, 0L, 0L, 2L);
    assertThat(r.conversationsPerDay())
        .containsExactly(new Count("2026-03-02", 3), new Count("2026-03-03", 1));
    PrioritySla p2 = r.sla().get(1);
    assertThat(p2).isEqualTo(new PrioritySla("P2", 1, 1, 20.0, 1, 1, 540.0, 0, 1));
    assertThat(r.sla().get(2).resolved()).isEqualTo(1);
    assertThat(r.sla().get(2).avgResolveMinutes()).isEqualTo(10.0);

    Report firstDay =
        analytics.report(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-02"));
    assertThat(firstDay.conversations()).isEqualTo(3);
    assertThat(firstDay.handedOff()).isEqualTo(1);
  }

  @Test
  void toleratesGarbageNamesAndRefusesBadRanges() {
    turn("c\u0000x", DAY1, "answered", "\u202e\u0007" + "x".repeat(500), Double.NaN, false, 9);
    analytics.recordTurn(null);
    analytics.recordTicketEvent(null);
    Report r = analytics.report(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-02"));
    assertThat(r.conversations()).isEqualTo(1);
    assertThat(r.csatResponses()).isZero();
    assertThat(r.topIntents().getFirst().name()).hasSizeLessThanOrEqualTo(100);
    assertThatThrownBy(
            () -> analytics.report(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-01")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> analytics.report(LocalDate.parse("2020-01-01"), LocalDate.parse("2026-03-01")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void turnsRecordedInABatchOrSoonFromManyThreadsGiveTheFiguresOfTurnsRecordedOneByOne()
      throws Exception {
    List<TurnFact> facts = facts();
    LocalDate from = LocalDate.parse("2026-03-02");
    LocalDate to = LocalDate.parse("2026-03-03");
    facts.forEach(analytics::recordTurn);
    Report oneByOne = analytics.report(from, to);

    client.sync().flushall();
    analytics.recordTurns(facts);
    Report batch = analytics.report(from, to);

    client.sync().flushall();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      for (int t = 0; t < 4; t++) {
        int part = t;
        pool.submit(() -> {
          for (int i = part; i < facts.size(); i += 4) {
            analytics.recordTurnSoon(facts.get(i));
          }
        });
      }
    }
    // The report waits for every turn submitted before it.
    Report soon = analytics.report(from, to);

    assertThat(oneByOne.turns()).isEqualTo(facts.size());
    assertThat(batch).isEqualTo(oneByOne);
    assertThat(soon).isEqualTo(oneByOne);
  }

  @Test
  void closingWritesEveryPendingTurnAndTurnsAfterwardsAreWrittenAtOnce() {
    RedisAnalytics closing = new RedisAnalytics(client);
    for (int i = 0; i < 1_000; i++) {
      closing.recordTurnSoon(
          new TurnFact("c" + i % 7, DAY1, "web", DAY1, "answered", null, null, false, null));
    }
    closing.close();
    LocalDate day = LocalDate.parse("2026-03-02");
    assertThat(analytics.report(day, day).turns()).isEqualTo(1_000);

    closing.recordTurnSoon(
        new TurnFact("c1", DAY1, "web", DAY1, "answered", null, null, false, null));
    assertThat(analytics.report(day, day).turns()).isEqualTo(1_001);
  }

  @Test
  void aTurnSubmittedWhileRedisIsDownIsLoggedNotThrownAndTheWriterGoesOn() {
    TurnFact lost = new TurnFact("c-lost", DAY1, "web", DAY1, "answered", null, null, false, null);
    TurnFact kept = new TurnFact("c-kept", DAY1, "web", DAY1, "answered", null, null, false, null);
    server.stop();
    try {
      analytics.recordTurnSoon(lost);
      analytics.flush();
    } finally {
      server.restart();
    }
    awaitReconnected(client);
    analytics.recordTurnSoon(kept);

    LocalDate day = LocalDate.parse("2026-03-02");
    Report r = analytics.report(day, day);
    assertThat(r.turns()).isEqualTo(1);
    assertThat(r.conversations()).isEqualTo(1);
  }

  /** Turns of ten conversations over two days, each conversation rated at most once. */
  private static List<TurnFact> facts() {
    java.util.Random random = new java.util.Random(20_261_123L);
    String[] outcomes = {"answered", "resolved", "handoff", "declined", "smalltalk"};
    String[] intents = {"vpn_issue", "password_reset", "printer_offline", null};
    List<TurnFact> facts = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int c = random.nextInt(10);
      Instant start = c < 6 ? DAY1 : DAY2;
      String intent = intents[random.nextInt(intents.length)];
      facts.add(
          new TurnFact(
              "c" + c,
              start,
              c % 2 == 0 ? "web" : "slack",
              start.plusSeconds(random.nextInt(3_600)),
              outcomes[random.nextInt(outcomes.length)],
              intent,
              intent == null ? null : random.nextDouble(),
              c == 3 && i > 100,
              i == 150 + c ? 1 + c % 5 : null));
    }
    return facts;
  }

  private void turn(
      String id,
      Instant at,
      String outcome,
      String intent,
      Double confidence,
      boolean handedOff,
      Integer csat) {
    analytics.recordTurn(
        new TurnFact(id, at, "web", at, outcome, intent, confidence, handedOff, csat));
  }

  static TicketEvent event(String type, Ticket t, Instant at) {
    return new TicketEvent(type, t.id(), at, null, t);
  }

  static Ticket ticket(String id, String conversationId, Priority p, Instant at, String reason) {
    Duration first = p == Priority.P2 ? Duration.ofMinutes(30) : Duration.ofHours(4);
    Duration resolve = p == Priority.P2 ? Duration.ofHours(8) : Duration.ofHours(24);
    return new Ticket(
        id,
        at,
        new Ticket.Requester("u-1", "Ada", "ada@example.com", "web"),
        "web",
        conversationId,
        "subject",
        "network.vpn",
        new Ticket.Intent("vpn_issue", 0.5, List.of()),
        List.of(),
        p,
        Level.LOW,
        Level.MEDIUM,
        new Ticket.Sla(at.plus(first), at.plus(resolve)),
        reason,
        List.of(),
        List.of(),
        List.of(),
        TicketStatus.NEW,
        null,
        List.of(),
        null,
        null,
        null,
        null,
        null,
        null);
  }
}

package dev.tier0.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tier0.bot.Channel;
import dev.tier0.bot.spi.AuditLog.Entry;
import dev.tier0.bot.spi.AuditLog.Query;
import dev.tier0.bot.spi.ConversationStore.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisAuditLogIntegrationTests extends RedisIntegrationTestSupport {

  static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  static Entry entry(int minutesAgo, String user, String action, String outcome) {
    return new Entry(
        T0.minus(Duration.ofMinutes(minutesAgo)),
        user,
        action,
        Channel.WEB,
        outcome,
        "c-" + minutesAgo,
        "attempt " + minutesAgo);
  }

  @Test
  void findsEntriesOldestFirstWithEveryFieldKept() {
    RedisAuditLog log = new RedisAuditLog(client, 1000);
    Entry first = entry(3, "ada", "send_otp", "sent");
    Entry second = new Entry(T0, "ada", "reset_password", Channel.SLACK, "ok", null, null);
    log.record(first);
    log.record(second);

    assertThat(log.find(new Query(null, null, null, null, 100))).containsExactly(first, second);
  }

  @Test
  void filtersByUserActionOutcomeAndSince() {
    RedisAuditLog log = new RedisAuditLog(client, 1000);
    log.record(entry(120, "ada", "send_otp", "sent"));
    log.record(entry(30, "ada", "send_otp", "sent"));
    log.record(entry(20, "grace", "send_otp", "sent"));
    log.record(entry(10, "ada", "send_otp", "rate_limited"));
    log.record(entry(5, "ada", "verify_otp", "ok"));

    List<Entry> found =
        log.find(new Query("ada", "send_otp", "sent", T0.minus(Duration.ofHours(1)), 1000));

    assertThat(found).containsExactly(entry(30, "ada", "send_otp", "sent"));
  }

  @Test
  void aLimitKeepsTheNewestEntriesAcrossPages() {
    RedisAuditLog log = new RedisAuditLog(client, 100_000);
    for (int i = 1300; i > 0; i--) {
      log.record(entry(i, i % 2 == 0 ? "ada" : "grace", "verify_otp", "wrong"));
    }

    List<Entry> newest = log.find(new Query("ada", null, null, null, 600));

    assertThat(newest).hasSize(600);
    assertThat(newest.get(599)).isEqualTo(entry(2, "ada", "verify_otp", "wrong"));
    assertThat(newest.get(0)).isEqualTo(entry(1200, "ada", "verify_otp", "wrong"));
    assertThat(log.find(new Query(null, null, null, null, 10_000))).hasSize(1300);
  }

  @Test
  void keepsTheStreamNearItsCap() {
    RedisAuditLog log = new RedisAuditLog(client, 100);
    for (int i = 0; i < 1000; i++) {
      log.record(entry(i, "ada", "send_otp", "sent"));
    }

    // Approximate trimming drops whole nodes of 100 entries: never fewer than the cap is kept.
    assertThat(log.size()).isBetween(100L, 300L);
  }

  @Test
  void everyInstanceSeesTheSameLog() {
    try (RedisHandoffClient other = RedisHandoffClient.connect(server.uri())) {
      new RedisAuditLog(client, 1000).record(entry(1, "ada", "unlock_account", "ok"));

      assertThat(new RedisAuditLog(other, 1000).find(new Query("ada", null, null, null, 10)))
          .containsExactly(entry(1, "ada", "unlock_account", "ok"));
    }
  }

  @Test
  void keepsEntriesAcrossARestartOfRedis() {
    RedisAuditLog log = new RedisAuditLog(client, 1000);
    log.record(entry(2, "grace", "reenrol_mfa", "ok"));

    server.restart();
    awaitReconnected(client);

    assertThat(log.find(new Query("grace", null, null, null, 10)))
        .containsExactly(entry(2, "grace", "reenrol_mfa", "ok"));
  }

  @Test
  void roundTripsHostileTextAndSkipsEntriesItDidNotWrite() {
    RedisAuditLog log = new RedisAuditLog(client, 1000);
    Entry odd =
        new Entry(T0, "ما\t😀\n", "verify_otp", null, "wrong", "c\u0000x", "x".repeat(100_000));
    log.record(odd);
    client.sync().xadd(RedisAuditLog.KEY, java.util.Map.of("foo", "bar"));

    List<Entry> found = log.find(new Query(null, null, null, null, 10));
    assertThat(found).hasSize(1);
    assertThat(found.get(0).userId()).isEqualTo("ما\t😀\n");
    assertThat(found.get(0).conversationId()).isEqualTo("c\u0000x");
    assertThat(found.get(0).detail()).hasSize(2000);
  }

  @Test
  void countsTheNextPageFromTheRightId() {
    assertThat(RedisAuditLog.previousId("5-3")).isEqualTo("5-2");
    assertThat(RedisAuditLog.previousId("5-0")).isEqualTo("4-18446744073709551615");
    assertThat(RedisAuditLog.previousId("0-0")).isNull();
  }

  @Test
  void failsClearlyWhenRedisIsDown() {
    RedisAuditLog log = new RedisAuditLog(client, 1000);
    server.stop();
    try {
      assertThatThrownBy(() -> log.record(entry(1, "ada", "send_otp", "sent")))
          .isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> log.find(new Query(null, null, null, null, 1)))
          .isInstanceOf(StoreUnavailableException.class);
    } finally {
      server.restart();
    }
  }
}

package dev.tier0.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.bot.Channel;
import dev.tier0.bot.spi.AuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditLogTests {

  @Test
  void keepsEntriesAcrossARestartAndAnswersQueries(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("logs").resolve("audit.tsv");
    Instant t = Instant.parse("2026-03-02T09:00:00Z");
    try (FileAuditLog log = new FileAuditLog(file)) {
      log.record(new AuditLog.Entry(t, "ada", "send_otp", Channel.SLACK, "sent", "c1", "to a***"));
      log.record(
          new AuditLog.Entry(
              t.plusSeconds(60),
              "ada",
              "verify_otp",
              Channel.SLACK,
              "ok",
              "c1",
              "tab\there\nline"));
      log.record(
          new AuditLog.Entry(t.plusSeconds(90), "bob", "send_otp", null, "sent", null, null));
    }
    Files.writeString(file, "garbage line\n", java.nio.file.StandardOpenOption.APPEND);

    try (FileAuditLog log = new FileAuditLog(file)) {
      assertThat(log.find(new AuditLog.Query("ada", null, null, null, 10))).hasSize(2);
      assertThat(log.find(new AuditLog.Query(null, "send_otp", "sent", t.plusSeconds(30), 10)))
          .singleElement()
          .satisfies(e -> {
            assertThat(e.userId()).isEqualTo("bob");
            assertThat(e.channel()).isNull();
            assertThat(e.detail()).isNull();
          });
      assertThat(log.find(new AuditLog.Query("ada", "verify_otp", null, null, 10)).get(0).detail())
          .isEqualTo("tab\there\nline");
      assertThat(log.find(new AuditLog.Query(null, null, null, null, 1)))
          .extracting(AuditLog.Entry::userId)
          .containsExactly("bob");
    }
  }
}

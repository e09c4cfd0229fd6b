package dev.tier0.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.bot.Channel;
import dev.tier0.bot.Entity;
import dev.tier0.bot.HandoffReason;
import dev.tier0.bot.Requester;
import dev.tier0.bot.Speaker;
import dev.tier0.bot.TranscriptEntry;
import dev.tier0.bot.spi.HandoffRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TriageTests {

  final Triage triage = Triage.defaults();

  static HandoffRequest request(
      String category, String text, HandoffReason reason, List<Entity> entities) {
    return new HandoffRequest(
        "k",
        "c",
        new Requester(null, null, null, Channel.WEB),
        text,
        category,
        null,
        entities,
        reason,
        List.of(new TranscriptEntry(Instant.now(), Speaker.USER, text)),
        List.of(),
        List.of(),
        Instant.now());
  }

  Triage.Assessment assess(String category, String text) {
    return triage.assess(request(category, text, HandoffReason.LOW_CONFIDENCE, List.of()));
  }

  @Test
  void appliesTheDefaultItilMatrix() {
    PriorityMatrix m = PriorityMatrix.itilDefault();
    assertThat(m.priority(Level.HIGH, Level.HIGH)).isEqualTo(Priority.P1);
    assertThat(m.priority(Level.HIGH, Level.MEDIUM)).isEqualTo(Priority.P2);
    assertThat(m.priority(Level.MEDIUM, Level.MEDIUM)).isEqualTo(Priority.P3);
    assertThat(m.priority(Level.LOW, Level.LOW)).isEqualTo(Priority.P4);
  }

  @Test
  void givesAnOrdinaryOnePersonProblemALowPriority() {
    assertThat(assess("printer", "the printer jams"))
        .isEqualTo(new Triage.Assessment(Level.LOW, Level.MEDIUM, Priority.P4));
  }

  @Test
  void widensImpactWhenEveryoneIsAffected() {
    assertThat(assess("network.wifi", "Wi-Fi is down for the whole office").impact())
        .isEqualTo(Level.HIGH);
    assertThat(assess("email", "Everyone lost email").priority()).isEqualTo(Priority.P2);
  }

  @Test
  void raisesUrgencyWhenTheUserCannotWork() {
    assertThat(assess("hardware", "laptop dead, I can't work").urgency()).isEqualTo(Level.HIGH);
    assertThat(assess("hardware", "URGENT: screen broken").priority()).isEqualTo(Priority.P3);
    assertThat(
            triage
                .assess(
                    request(
                        "hardware",
                        "screen",
                        HandoffReason.LOW_CONFIDENCE,
                        List.of(new Entity("urgency", "high", "asap"))))
                .urgency())
        .isEqualTo(Level.HIGH);
  }

  @Test
  void treatsSecurityAndUrgentReasonsAsUrgent() {
    assertThat(assess("security", "I clicked a phishing link").priority()).isEqualTo(Priority.P2);
    assertThat(assess("security", "ransomware on everyone's laptop, whole office").priority())
        .isEqualTo(Priority.P1);
    assertThat(
            triage
                .assess(request("email", "x", HandoffReason.URGENT_CATEGORY, List.of()))
                .urgency())
        .isEqualTo(Level.HIGH);
  }

  @Test
  void letsTheMatrixBeConfigured() {
    Triage strict =
        new Triage(
            new PriorityMatrix(
                Map.of(
                    Level.HIGH,
                        Map.of(
                            Level.HIGH,
                            Priority.P1,
                            Level.MEDIUM,
                            Priority.P1,
                            Level.LOW,
                            Priority.P1),
                    Level.MEDIUM,
                        Map.of(
                            Level.HIGH,
                            Priority.P1,
                            Level.MEDIUM,
                            Priority.P1,
                            Level.LOW,
                            Priority.P1),
                    Level.LOW,
                        Map.of(
                            Level.HIGH,
                            Priority.P1,
                            Level.MEDIUM,
                            Priority.P1,
                            Level.LOW,
                            Priority.P2))),
            Map.of(),
            Map.of());
    assertThat(
            strict
                .assess(request("printer", "jam", HandoffReason.USER_REQUEST, List.of()))
                .priority())
        .isEqualTo(Priority.P1);
  }

  @Test
  void neverThrowsOnHostileText() {
    long seed = Long.getLong("tests.seed", 20261123L);
    System.out.println("TriageTests seed: " + seed);
    Random random = new Random(seed);
    List<String> fixed =
        List.of("", "\u0000\u0001", "😀".repeat(5000), "שלום עולם", "x".repeat(100_000), "\uD800");
    for (String text : fixed) {
      assertThat(assess(null, text).priority()).isNotNull();
    }
    for (int i = 0; i < 200; i++) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(500);
      for (int j = 0; j < n; j++) {
        sb.append((char) random.nextInt(0x10000));
      }
      assertThat(assess("email", sb.toString()).priority()).as("seed %d", seed).isNotNull();
    }
  }
}

package dev.tier0.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.bot.ArticleShown;
import dev.tier0.bot.Entity;
import dev.tier0.bot.IntentScore;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TicketJsonTests {

  static final List<String> CONTRACT_FIELDS =
      List.of(
          "id",
          "createdAt",
          "requester",
          "channel",
          "conversationId",
          "subject",
          "category",
          "intent",
          "entities",
          "priority",
          "impact",
          "urgency",
          "sla",
          "reason",
          "transcript",
          "articlesShown",
          "stepsTried",
          "status",
          "assignee",
          "notes",
          "resolution");

  static Ticket ticket() {
    Instant now = Instant.parse("2026-11-20T12:00:00Z");
    return new Ticket(
        "INC-2026-000042",
        now,
        new Ticket.Requester("u-1", "Ada", "ada@example.com", "slack"),
        "slack",
        "c-1",
        "VPN drops",
        "network.vpn",
        new Ticket.Intent("vpn_connect", 0.61, List.of(new IntentScore("vpn_connect", 0.61))),
        List.of(new Entity("vpn_client", "GlobalProtect", "gp")),
        Priority.P3,
        Level.LOW,
        Level.HIGH,
        new Ticket.Sla(now, now.plusSeconds(3600)),
        "user_request",
        List.of(new Ticket.Line(now, "user", "VPN drops")),
        List.of(new ArticleShown("KB-7", "VPN", false)),
        List.of("reinstalled"),
        TicketStatus.CLAIMED,
        "grace",
        List.of(new Ticket.Note(now, "grace", "checking")),
        null,
        null,
        null,
        now,
        null,
        null);
  }

  @Test
  void writesTheContractFieldNamesAndWireValues() {
    JsonNode json = HandoffJson.MAPPER.readTree(HandoffJson.write(ticket()));

    Set<String> names = new HashSet<>(json.propertyNames());
    assertThat(names).containsAll(CONTRACT_FIELDS);
    assertThat(json.get("requester").propertyNames())
        .containsExactly("userId", "displayName", "email", "channel");
    assertThat(json.get("intent").propertyNames()).containsExactly("name", "confidence", "ranking");
    assertThat(json.get("sla").propertyNames())
        .containsExactly("firstResponseDue", "resolutionDue");
    assertThat(json.get("transcript").get(0).propertyNames()).containsExactly("at", "from", "text");
    assertThat(json.get("status").asString()).isEqualTo("claimed");
    assertThat(json.get("priority").asString()).isEqualTo("P3");
    assertThat(json.get("impact").asString()).isEqualTo("low");
    assertThat(json.get("createdAt").asString()).isEqualTo("2026-11-20T12:00:00Z");
  }

  @Test
  void readsBackWhatItWrote() {
    Ticket t = ticket();
    assertThat(HandoffJson.read(HandoffJson.write(t), Ticket.class)).isEqualTo(t);
  }

  @Test
  void documentsEveryFieldInTheSchema() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/ticket.schema.json")) {
      JsonNode schema = HandoffJson.MAPPER.readTree(in);
      Set<String> documented = new HashSet<>(schema.get("properties").propertyNames());
      Set<String> written =
          new HashSet<>(HandoffJson.MAPPER.readTree(HandoffJson.write(ticket())).propertyNames());
      assertThat(documented).isEqualTo(written);
    }
  }
}

package dev.tier0.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.app.AppIntegrationTestSupport;
import dev.tier0.app.WebSession;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The console's JSON API: transfers, hand-backs, canned replies, and garbage refused with 4xx. */
class ConsoleApiIntegrationTests extends AppIntegrationTestSupport {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void transfersToATier2GroupAndHandsBack() throws Exception {
    String ticket = handOff();
    WebSession agent = new WebSession(url(""));
    agent.login(AGENT, AGENT_PASSWORD);
    JsonNode canned = JSON.readTree(agent.get("/console/api/canned").body());
    String group = canned.get("groups").get(0).asString();
    assertThat(canned.get("replies").size()).isGreaterThanOrEqualTo(3);

    assertThat(agent.json("POST", "/console/api/tickets/" + ticket + "/claim", null).statusCode())
        .isEqualTo(200);
    HttpResponse<String> transferred =
        agent.json(
            "POST",
            "/console/api/tickets/" + ticket + "/transfer",
            JSON.writeValueAsString(Map.of("group", group)));
    assertThat(transferred.statusCode()).as(transferred.body()).isEqualTo(200);
    JsonNode t = JSON.readTree(transferred.body());
    assertThat(t.get("group").asString()).isEqualTo(group);
    assertThat(t.get("status").asString()).isEqualTo("new");
    assertThat(agent.get("/console/api/queue").body()).contains(ticket);

    assertThat(agent.json("POST", "/console/api/tickets/" + ticket + "/claim", null).statusCode())
        .isEqualTo(200);
    HttpResponse<String> back =
        agent.json("POST", "/console/api/tickets/" + ticket + "/handback", null);
    assertThat(back.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(back.body()).get("status").asString()).isEqualTo("closed");
  }

  @Test
  void refusesGarbageWithAnError() throws Exception {
    String ticket = handOff();
    WebSession agent = new WebSession(url(""));
    agent.login(AGENT, AGENT_PASSWORD);
    HttpResponse<String> huge =
        agent.json(
            "POST",
            "/console/api/tickets/" + ticket + "/notes",
            JSON.writeValueAsString(Map.of("text", "x".repeat(100_000))));
    assertThat(huge.statusCode()).isBetween(400, 499);
    assertThat(huge.body()).contains("\"error\":");
    HttpResponse<String> empty =
        agent.json("POST", "/console/api/tickets/" + ticket + "/notes", "{}");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("\"error\":\"missing_text\"");
    HttpResponse<String> notOwner =
        agent.json("POST", "/console/api/tickets/" + ticket + "/messages", "{\"text\":\"hi\"}");
    assertThat(notOwner.statusCode()).isEqualTo(409);
    HttpResponse<String> badPriority = agent.get("/console/api/queue?priority=P9");
    assertThat(badPriority.statusCode()).isEqualTo(400);
    HttpResponse<String> emoji =
        agent.json(
            "POST",
            "/console/api/tickets/" + ticket + "/notes",
            JSON.writeValueAsString(
                Map.of("text", "\u202e\ud83d\ude00 \u05e9\u05dc\u05d5\u05dd \u0000")));
    assertThat(emoji.statusCode()).isEqualTo(200);
    assertThat(agent.get("/console/api/tickets/no-such").statusCode()).isEqualTo(404);
  }

  private String handOff() throws Exception {
    WebSession user = new WebSession(url(""));
    String conversation =
        JSON.readTree(user.json("POST", "/api/v1/conversations", "{\"channel\":\"api\"}").body())
            .get("conversationId")
            .asString();
    return JSON.readTree(
            user.json(
                    "POST",
                    "/api/v1/conversations/" + conversation + "/messages",
                    "{\"text\":\"I want to talk to a person\"}")
                .body())
        .get("ticket")
        .get("id")
        .asString();
  }
}

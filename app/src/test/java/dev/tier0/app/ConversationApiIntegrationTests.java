package dev.tier0.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.app.AppTestSupport.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The path that must work, over real HTTP against the whole app: the shipped intent model and
 * knowledge base, the bundled Redis server, the agent API with a bootstrap account.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConversationApiIntegrationTests {

  static final String AGENT = "agent-ada:correct horse";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("helpdesk.data-dir", () -> AppTestSupport.DATA_DIR.toString());
    registry.add("helpdesk.security.bootstrap-agent", () -> AGENT);
    registry.add("helpdesk.security.bootstrap-admin", () -> "boss:admin secret");
  }

  @LocalServerPort int port;
  AppTestSupport http;

  @BeforeEach
  void setUp() {
    http = new AppTestSupport(port);
  }

  String start() throws Exception {
    Response r =
        http.post(
            "/api/v1/conversations",
            "{\"channel\":\"web\",\"userId\":\"u-123\",\"displayName\":\"Ada\","
                + "\"email\":\"ada@example.com\"}");
    assertThat(r.status()).isEqualTo(201);
    return r.json().get("conversationId").asText();
  }

  Response say(String id, String text) throws Exception {
    return http.post(
        "/api/v1/conversations/" + id + "/messages",
        "{\"text\":" + AppTestSupport.quote(text) + "}");
  }

  @Test
  void answersWithAnArticleThenHandsOffAfterTwoFailuresWithACompleteTicket() throws Exception {
    String id = start();

    Response first = say(id, "nobody can hear me in teams calls, my microphone seems dead");
    assertThat(first.status()).isEqualTo(200);
    JsonNode turn = first.json();
    assertThat(turn.get("outcome").asText()).isEqualTo("answered");
    assertThat(turn.get("state").asText()).isEqualTo("bot");
    assertThat(turn.get("nlu").get("category").asText()).isEqualTo("collaboration");
    assertThat(turn.get("ticket").isNull()).isTrue();
    JsonNode article = find(turn.get("replies"), "article");
    assertThat(article).isNotNull();
    assertThat(article.get("articleId").asText()).startsWith("KB-");
    assertThat(article.get("snippet").asText()).isNotBlank();
    assertThat(find(turn.get("replies"), "choices")).isNotNull();
    // A client that reloads now is shown the same buttons, read back from Redis.
    JsonNode reloaded = http.get("/api/v1/conversations/" + id, null).json();
    assertThat(reloaded.get("pendingChoices").get("text").asText()).isEqualTo("Did that fix it?");

    say(id, "no");
    Response handoff = say(id, "no, still broken");
    JsonNode h = handoff.json();
    assertThat(h.get("outcome").asText()).isEqualTo("handoff");
    assertThat(h.get("state").asText()).isEqualTo("awaiting_agent");
    String ticketId = h.get("ticket").get("id").asText();
    assertThat(ticketId).matches("INC-\\d{4}-\\d{6}");
    assertThat(h.get("ticket").get("priority").asText()).matches("P[1-4]");

    Response ticket = http.get("/api/v1/tickets/" + ticketId, AGENT);
    assertThat(ticket.status()).isEqualTo(200);
    JsonNode t = ticket.json();
    assertThat(t.get("reason").asText()).isEqualTo("repeated_failure");
    assertThat(t.get("category").asText()).isEqualTo("collaboration");
    assertThat(t.get("intent").get("confidence").asDouble()).isPositive();
    assertThat(t.get("requester").get("email").asText()).isEqualTo("ada@example.com");
    assertThat(t.get("articlesShown")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(t.get("articlesShown").get(0).get("helpful").asBoolean()).isFalse();
    assertThat(t.get("transcript").toString()).contains("microphone seems dead");
    assertThat(t.get("sla").get("firstResponseDue").asText()).isNotBlank();
    assertThat(t.get("status").asText()).isEqualTo("new");
    assertThat(t.get("subject").asText()).isNotBlank();

    // While the ticket waits, the bot stays out of it.
    Response waiting = say(id, "hello?");
    assertThat(waiting.json().get("outcome").asText()).isEqualTo("handoff");
    assertThat(waiting.json().get("nlu").isNull()).isTrue();

    // The agent side: queue, claim, reply, resolve.
    Response queue = http.get("/api/v1/agent/queue", AGENT);
    assertThat(queue.status()).isEqualTo(200);
    assertThat(queue.json().get("tickets").toString()).contains(ticketId);
    assertThat(http.post("/api/v1/agent/tickets/" + ticketId + "/claim", "", AGENT, null).status())
        .isEqualTo(200);
    Response reply =
        http.post(
            "/api/v1/agent/tickets/" + ticketId + "/messages",
            "{\"text\":\"Hi Ada, I reset your VPN profile. Please try again.\"}",
            AGENT,
            "application/json");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode conversation = http.get("/api/v1/conversations/" + id, null).json();
    assertThat(conversation.get("state").asText()).isEqualTo("with_agent");
    assertThat(conversation.get("transcript").toString()).contains("I reset your VPN profile");

    Response resolved =
        http.post(
            "/api/v1/agent/tickets/" + ticketId + "/resolve",
            "{\"resolution\":\"VPN profile re-provisioned\"}",
            AGENT,
            "application/json");
    assertThat(resolved.status()).isEqualTo(200);
    assertThat(resolved.json().get("status").asText()).isEqualTo("resolved");
    Response rating = say(id, "5");
    assertThat(rating.json().get("outcome").asText()).isEqualTo("smalltalk");
    assertThat(http.get("/api/v1/tickets/" + ticketId, AGENT).json().get("csat").asInt())
        .isEqualTo(5);
  }

  @Test
  void walksAGuidedFlowAndHandsOffWithTheStepsTried() throws Exception {
    String id = start();

    JsonNode first = say(id, "vpn won't connect, error 809").json();

    assertThat(first.get("outcome").asText()).isEqualTo("flow");
    assertThat(first.get("nlu").get("category").asText()).isEqualTo("network.vpn");
    JsonNode person = say(id, "talk to a person").json();
    assertThat(person.get("outcome").asText()).isEqualTo("handoff");
    JsonNode ticket =
        http.get("/api/v1/tickets/" + person.get("ticket").get("id").asText(), AGENT).json();
    assertThat(ticket.get("stepsTried")).isNotEmpty();
    assertThat(ticket.get("category").asText()).isEqualTo("network.vpn");
  }

  @Test
  void handsOffWhenTheUserAsksForAPersonAndHidesTheTicketFromStrangers() throws Exception {
    String id = start();

    JsonNode turn = say(id, "can I please talk to a human").json();

    assertThat(turn.get("outcome").asText()).isEqualTo("handoff");
    String ticketId = turn.get("ticket").get("id").asText();
    assertThat(http.get("/api/v1/tickets/" + ticketId, null).status()).isEqualTo(401);
    assertThat(http.get("/api/v1/tickets/" + ticketId + "?conversationId=nope", null).status())
        .isEqualTo(404);
    Response own = http.get("/api/v1/tickets/" + ticketId + "?conversationId=" + id, null);
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().get("reason").asText()).isEqualTo("user_request");
  }

  @Test
  void declinesOutOfScopeRequestsAndAnswersSmallTalk() throws Exception {
    String id = start();

    assertThat(say(id, "hi there").json().get("outcome").asText()).isEqualTo("smalltalk");
    JsonNode oos = say(id, "what's a good recipe for banana bread?").json();
    assertThat(oos.get("outcome").asText()).isEqualTo("declined");
    assertThat(oos.get("nlu").get("intent").asText()).isEqualTo("out_of_scope");
  }

  @Test
  void redactsSecretsFromTheStoredTranscript() throws Exception {
    String id = start();

    say(id, "I set my password to Winter2026!x yesterday and now it fails");

    String transcript =
        http.get("/api/v1/conversations/" + id, null).json().get("transcript").toString();
    assertThat(transcript).doesNotContain("Winter2026!x").contains("[REDACTED PASSWORD]");
  }

  @Test
  void answersBadInputWithAClearClientError() throws Exception {
    String id = start();

    Response malformed = http.post("/api/v1/conversations/" + id + "/messages", "{\"text\":");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().get("message").asText()).isNotBlank();
    assertThat(http.post("/api/v1/conversations/" + id + "/messages", "{}").status())
        .isEqualTo(400);
    assertThat(say(id, "   ").status()).isEqualTo(400);
    assertThat(say(id, "\u0001\u0002\u0003").status()).isEqualTo(400);
    assertThat(say("no-such-conversation", "hello").status()).isEqualTo(404);
    assertThat(say(id, "x".repeat(1_000_000)).status()).isEqualTo(413);
    assertThat(say(id, "y".repeat(5000)).status()).isEqualTo(413);
    assertThat(
            http.post("/api/v1/conversations/" + id + "/messages", "text=hi", null, "text/plain")
                .status())
        .isEqualTo(415);
    assertThat(http.post("/api/v1/conversations", "{\"channel\":\"fax\"}").status()).isEqualTo(400);
    assertThat(http.post("/api/v1/nlu/parse", "{}").status()).isEqualTo(400);
    assertThat(http.get("/api/v1/kb/search?q=", null).status()).isEqualTo(400);
    assertThat(http.get("/api/v1/kb/search?q=vpn&k=abc", null).status()).isEqualTo(400);

    // Nothing accepted before was lost or changed by the bad requests.
    JsonNode conversation = http.get("/api/v1/conversations/" + id, null).json();
    assertThat(conversation.get("transcript")).isEmpty();
    assertThat(say(id, "hello").status()).isEqualTo(200);
  }

  @Test
  void refusesTheAgentApiWithoutValidCredentials() throws Exception {
    assertThat(http.get("/api/v1/agent/queue", null).status()).isEqualTo(401);
    assertThat(http.get("/api/v1/agent/queue", "agent-ada:wrong").status()).isEqualTo(401);
    assertThat(http.get("/api/v1/agent/queue", "boss:admin secret").status()).isEqualTo(200);
    Response unknown = http.post("/api/v1/agent/tickets/INC-1999-000001/claim", "", AGENT, null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("error").asText()).isEqualTo("ticket_not_found");
  }

  @Test
  void showsTheAuditLogToAdminsOnly() throws Exception {
    Response admin = http.get("/api/v1/admin/audit?limit=10", "boss:admin secret");
    assertThat(admin.status()).isEqualTo(200);
    assertThat(admin.json().get("entries").isArray()).isTrue();
    assertThat(http.get("/api/v1/admin/audit", AGENT).status()).isEqualTo(403);
    assertThat(http.get("/api/v1/admin/audit", null).status()).isEqualTo(401);
    Response bad = http.get("/api/v1/admin/audit?since=yesterday", "boss:admin secret");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("error").asText()).isEqualTo("invalid_since");
    assertThat(http.get("/api/v1/admin/audit?limit=0", "boss:admin secret").status())
        .isEqualTo(400);
  }

  @Test
  void parsesTextAndSearchesTheKnowledgeBase() throws Exception {
    JsonNode parse =
        http.post("/api/v1/nlu/parse", "{\"text\":\"outlok keeps asking for my pasword\"}").json();
    assertThat(parse.get("ranking")).isNotEmpty();
    assertThat(parse.get("confidence").asDouble()).isBetween(0.0, 1.0);

    JsonNode search = http.get("/api/v1/kb/search?q=printer+offline&k=3", null).json();
    assertThat(search.get("hits")).isNotEmpty().hasSizeLessThanOrEqualTo(3);
    assertThat(search.get("noGoodAnswer").asBoolean()).isFalse();
    assertThat(search.get("hits").get(0).get("articleId").asText()).startsWith("KB-");
  }

  static JsonNode find(JsonNode replies, String type) {
    for (JsonNode r : replies) {
      if (type.equals(r.get("type").asText())) {
        return r;
      }
    }
    return null;
  }
}

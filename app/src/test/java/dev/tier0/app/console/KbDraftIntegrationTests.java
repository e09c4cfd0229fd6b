package dev.tier0.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.app.AppIntegrationTestSupport;
import dev.tier0.app.WebSession;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A resolved ticket becomes a draft article, an admin edits and publishes it, and it is found. */
class KbDraftIntegrationTests extends AppIntegrationTestSupport {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void aResolutionBecomesSearchableKnowledge() throws Exception {
    WebSession user = new WebSession(url(""));
    String conversation =
        JSON.readTree(
                user.json(
                        "POST",
                        "/api/v1/conversations",
                        "{\"channel\":\"web\",\"displayName\":\"Kim\"}")
                    .body())
            .get("conversationId")
            .asString();
    JsonNode turn =
        JSON.readTree(
            user.json(
                    "POST",
                    "/api/v1/conversations/" + conversation + "/messages",
                    JSON.writeValueAsString(
                        Map.of(
                            "text",
                            "I want to talk to a person, the quillfeather plotter prints *stripes* <b>")))
                .body());
    String ticket = turn.get("ticket").get("id").asString();

    WebSession agent = new WebSession(url(""));
    agent.login(AGENT, AGENT_PASSWORD);
    assertThat(agent.json("POST", "/console/api/tickets/" + ticket + "/claim", null).statusCode())
        .isEqualTo(200);
    assertThat(
            agent
                .json(
                    "POST",
                    "/console/api/tickets/" + ticket + "/messages",
                    "{\"text\":\"Clean the quillfeather print head from the maintenance menu.\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            agent
                .json(
                    "POST",
                    "/console/api/tickets/" + ticket + "/resolve",
                    "{\"resolution\":\"Ran the quillfeather head cleaning twice.\"}")
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> drafted =
        agent.json("POST", "/console/api/tickets/" + ticket + "/draft", null);
    assertThat(drafted.statusCode()).as(drafted.body()).isEqualTo(200);
    JsonNode draft = JSON.readTree(drafted.body());
    String id = draft.get("id").asString();
    String text = draft.get("text").asString();
    assertThat(text)
        .startsWith("---\nid: " + id + "\n")
        .contains("## Symptoms")
        .contains("quillfeather plotter prints \\*stripes\\* \\<b\\>")
        .contains("## Resolution")
        .contains("Ran the quillfeather head cleaning twice.");
    assertThat(Files.exists(dataDir().resolve("drafts").resolve(id + ".md"))).isTrue();

    // Agents may draft but not publish.
    assertThat(
            agent.json("POST", "/console/api/admin/drafts/" + id + "/publish", null).statusCode())
        .isEqualTo(403);

    WebSession admin = new WebSession(url(""));
    admin.login(ADMIN, ADMIN_PASSWORD);
    assertThat(admin.get("/console/api/admin/drafts").body()).contains(id);
    HttpResponse<String> broken =
        admin.json("PUT", "/console/api/admin/drafts/" + id, "{\"text\":\"no front matter\"}");
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(broken.body()).contains("\"error\":\"invalid_draft\"");
    String edited =
        text.replaceFirst("title: .*", "title: \"Quillfeather plotter prints stripes\"");
    assertThat(
            admin
                .json(
                    "PUT",
                    "/console/api/admin/drafts/" + id,
                    JSON.writeValueAsString(Map.of("text", edited)))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            admin.json("POST", "/console/api/admin/drafts/" + id + "/publish", null).statusCode())
        .isEqualTo(200);
    assertThat(admin.get("/console/api/admin/drafts/" + id).statusCode()).isEqualTo(404);
    assertThat(admin.get("/console/api/admin/drafts/..%2F..%2Fetc").statusCode()).isIn(400, 404);

    // Searchable without a restart.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String hits = "";
    while (System.nanoTime() < deadline) {
      hits = user.get("/api/v1/kb/search?q=quillfeather+plotter+stripes&k=3").body();
      if (hits.contains(id)) {
        break;
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    assertThat(hits).contains(id).contains("Quillfeather plotter prints stripes");
  }
}

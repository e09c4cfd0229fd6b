package dev.tier0.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.app.AppIntegrationTestSupport;
import dev.tier0.app.WebSession;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ConsoleSecurityIntegrationTests extends AppIntegrationTestSupport {

  @Test
  void refusesTheConsoleAndTheAgentApiWithoutSignIn() throws Exception {
    WebSession anonymous = new WebSession(url(""));
    HttpResponse<String> page = anonymous.get("/console");
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    assertThat(anonymous.get("/console/analytics").statusCode()).isEqualTo(302);

    HttpResponse<String> api = anonymous.get("/console/api/queue");
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.body()).contains("\"error\":\"unauthenticated\"");
    assertThat(anonymous.get("/console/analytics/api/report").statusCode()).isEqualTo(401);
    assertThat(anonymous.get("/console/api/events").statusCode()).isEqualTo(401);

    HttpResponse<String> agentApi = anonymous.get("/api/v1/agent/queue");
    assertThat(agentApi.statusCode()).isEqualTo(401);
    assertThat(anonymous.getBasic("/api/v1/agent/queue", AGENT, "wrong").statusCode())
        .isEqualTo(401);
    assertThat(anonymous.getBasic("/api/v1/agent/queue", AGENT, AGENT_PASSWORD).statusCode())
        .isEqualTo(200);
  }

  @Test
  void keepsAnAgentOutOfTheAdminPages() throws Exception {
    WebSession agent = new WebSession(url(""));
    HttpResponse<String> login = agent.login(AGENT, AGENT_PASSWORD);
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/console"));
    assertThat(agent.get("/console").statusCode()).isEqualTo(200);
    assertThat(agent.get("/console/api/queue").statusCode()).isEqualTo(200);

    assertThat(agent.get("/console/analytics").statusCode()).isEqualTo(403);
    HttpResponse<String> report = agent.get("/console/analytics/api/report");
    assertThat(report.statusCode()).isEqualTo(403);
    assertThat(report.body()).contains("\"error\":\"forbidden\"");
    assertThat(agent.get("/console/api/admin/drafts").statusCode()).isEqualTo(403);

    WebSession admin = new WebSession(url(""));
    admin.login(ADMIN, ADMIN_PASSWORD);
    assertThat(admin.get("/console/analytics").statusCode()).isEqualTo(200);
    assertThat(admin.get("/console/analytics/api/report").statusCode()).isEqualTo(200);
  }

  @Test
  void refusesAWrongPassword() throws Exception {
    WebSession someone = new WebSession(url(""));
    HttpResponse<String> login = someone.login(AGENT, "not-the-password");
    assertThat(login.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).contains("/login?error"));
    assertThat(someone.get("/console/api/queue").statusCode()).isEqualTo(401);
  }

  @Test
  void needsTheCsrfTokenForChanges() throws Exception {
    WebSession agent = new WebSession(url(""));
    agent.login(AGENT, AGENT_PASSWORD);
    assertThat(agent.csrfToken).isNotBlank();
    HttpResponse<String> forged =
        agent.jsonWithToken(
            "POST", "/console/api/tickets/INC-2026-999999/notes", "{\"text\":\"x\"}", null);
    assertThat(forged.statusCode()).isEqualTo(403);
    HttpResponse<String> wrong =
        agent.jsonWithToken(
            "POST", "/console/api/tickets/INC-2026-999999/notes", "{\"text\":\"x\"}", "forged");
    assertThat(wrong.statusCode()).isEqualTo(403);
    HttpResponse<String> real =
        agent.json("POST", "/console/api/tickets/INC-2026-999999/notes", "{\"text\":\"x\"}");
    assertThat(real.statusCode()).isEqualTo(404);
    assertThat(real.body()).contains("\"error\":\"ticket_not_found\"");
    HttpResponse<String> garbage =
        agent.json("POST", "/console/api/tickets/INC-2026-999999/notes", "{{{");
    assertThat(garbage.statusCode()).isEqualTo(400);
  }

  @Test
  void sendsAStrictPolicyAndASafeSessionCookie() throws Exception {
    WebSession someone = new WebSession(url(""));
    HttpResponse<String> login = someone.get("/login");
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp ->
            assertThat(csp)
                .contains("script-src 'self'")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline"));
    assertThat(login.headers().allValues("Set-Cookie"))
        .anySatisfy(c ->
            assertThat(c).startsWith("JSESSIONID=").contains("HttpOnly").contains("SameSite=Lax"));
    someone.login(AGENT, AGENT_PASSWORD);

    // Behind a TLS-terminating proxy on the loopback, the cookie is also marked Secure.
    HttpResponse<String> proxied =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/login")))
                    .header("X-Forwarded-Proto", "https")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(proxied.headers().allValues("Set-Cookie"))
        .anySatisfy(
            c -> assertThat(c).startsWith("JSESSIONID=").contains("Secure").contains("HttpOnly"));

    HttpResponse<String> console = someone.get("/console");
    assertThat(console.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(console.body()).doesNotContain("<script>").doesNotContain("style=");
  }
}

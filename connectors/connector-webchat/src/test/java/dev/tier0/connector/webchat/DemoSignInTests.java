package dev.tier0.connector.webchat;

import static dev.tier0.connector.webchat.ConversationApiTests.expectError;
import static dev.tier0.connector.webchat.ConversationApiTests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.tier0.bot.ConversationEngine;
import dev.tier0.bot.internal.flow.SelfService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/** The demo sign-in: on with demo users and no configured secret. */
@WebMvcTest(properties = "helpdesk.webchat.per-client.capacity=100000")
@Import({
  RequestLimits.class,
  WebChatState.class,
  WebChatReplySink.class,
  DemoSignInTests.Demo.class
})
class DemoSignInTests {

  @TestConfiguration
  static class Demo {
    @Bean
    DemoUsers demoUsers() {
      return new DemoUsers(
          List.of(
              new DemoUsers.User("ada", "ada@example.com", "Ada Lovelace"),
              new DemoUsers.User("edsger", null, "Edsger Dijkstra")));
    }

    @Bean
    DemoMailbox demoMailbox() {
      return (address, max) ->
          address.equals("ada@example.com")
              ? List.of(
                  new DemoMailbox.Mail(
                      java.time.Instant.parse("2026-11-23T09:00:00Z"),
                      "Your IT help desk verification code",
                      "Your code is 123456."))
              : List.of();
    }
  }

  @Autowired MockMvc mvc;
  @Autowired ConversationEngine engine;

  @Test
  void listsTheDemoUsersThatCanReceiveACode() throws Exception {
    mvc.perform(get("/api/v1/demo/users"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.users.length()").value(1))
        .andExpect(jsonPath("$.users[0].userId").value("ada"))
        .andExpect(jsonPath("$.users[0].displayName").value("Ada Lovelace"));
  }

  @Test
  void signsATokenThatStartsAVerifiedConversation() throws Exception {
    String token =
        JsonPath.read(
            mvc.perform(json(post("/api/v1/demo/identity-token"), "{\"userId\":\"ada\"}"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(),
            "$.identityToken");
    String id =
        JsonPath.read(
            mvc.perform(
                    json(
                        post("/api/v1/conversations"),
                        "{\"channel\":\"web\",\"identityToken\":\"" + token + "\"}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString(),
            "$.conversationId");

    assertThat(engine.find(id).orElseThrow().getAttributes())
        .containsEntry(SelfService.IDENTITY_VERIFIED, "true");
    assertThat(engine.find(id).orElseThrow().getRequester().email()).isEqualTo("ada@example.com");
  }

  @Test
  void showsTheDemoUsersMailbox() throws Exception {
    mvc.perform(get("/api/v1/demo/mailbox").param("userId", "ada"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.address").value("ada@example.com"))
        .andExpect(jsonPath("$.mails[0].subject").value("Your IT help desk verification code"))
        .andExpect(jsonPath("$.mails[0].body").value("Your code is 123456."));
    expectError(
        mvc.perform(get("/api/v1/demo/mailbox").param("userId", "nobody")),
        400,
        "unknown_demo_user",
        "no demo user");
  }

  @Test
  void refusesUnknownDemoUsers() throws Exception {
    expectError(
        mvc.perform(json(post("/api/v1/demo/identity-token"), "{\"userId\":\"mallory\"}")),
        400,
        "unknown_demo_user",
        "no demo user");
  }
}

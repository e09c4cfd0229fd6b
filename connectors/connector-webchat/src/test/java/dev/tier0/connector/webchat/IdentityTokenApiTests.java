package dev.tier0.connector.webchat;

import static dev.tier0.connector.webchat.ConversationApiTests.expectError;
import static dev.tier0.connector.webchat.ConversationApiTests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.tier0.bot.Channel;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.ConversationEngine;
import dev.tier0.bot.Requester;
import dev.tier0.bot.internal.flow.SelfService;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/** The identity token over HTTP, with a configured shared secret. */
@WebMvcTest(
    properties = {
      "helpdesk.webchat.per-client.capacity=100000",
      "helpdesk.webchat.identity-secret=" + IdentityTokenApiTests.SECRET
    })
@Import({RequestLimits.class, WebChatState.class, WebChatReplySink.class})
class IdentityTokenApiTests {

  static final String SECRET = "an-intranet-secret-that-is-long-enough-1";

  @Autowired MockMvc mvc;
  @Autowired ConversationEngine engine;
  @Autowired WebChatTestApplication.SwitchableStore store;

  static JWTClaimsSet.Builder claims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .subject("ada")
        .claim("email", "ada@example.com")
        .claim("name", "Ada Lovelace")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)));
  }

  static String signed(JWTClaimsSet claims) throws Exception {
    return IdentityTokensTests.sign(claims, SECRET, JWSAlgorithm.HS256);
  }

  String start(String token) throws Exception {
    return started(
        "{\"channel\":\"web\",\"userId\":\"mallory\",\"email\":\"mallory@example.com\","
            + "\"displayName\":\"Mallory\",\"identityToken\":\""
            + token
            + "\"}");
  }

  void expectRefused(String token, String message) throws Exception {
    int saves = store.saves.get();
    expectError(
            mvc.perform(
                json(
                    post("/api/v1/conversations"),
                    "{\"channel\":\"web\",\"identityToken\":\"" + token + "\"}")),
            401,
            "invalid_identity_token",
            message)
        .andExpect(header().doesNotExist("Location"));
    assertThat(store.saves.get()).as("conversations saved").isEqualTo(saves);
  }

  @Test
  void aValidTokenMakesTheClaimsTheRequesterAndMarksTheConversationVerified() throws Exception {
    String id = start(signed(claims().build()));

    Conversation c = engine.find(id).orElseThrow();
    assertThat(c.getRequester())
        .isEqualTo(new Requester("ada", "Ada Lovelace", "ada@example.com", Channel.WEB));
    assertThat(c.getAttributes())
        .containsEntry(SelfService.IDENTITY_VERIFIED, "true")
        .doesNotContainKey(WebChatState.IDENTITY_TOKEN);
    mvc.perform(get("/api/v1/conversations/" + id)).andExpect(status().isOk());
  }

  @Test
  void anExpiredTokenIsRefusedWithUnauthorizedAndSaysItExpired() throws Exception {
    Instant past = Instant.now().minusSeconds(3600);
    expectRefused(
        signed(
            claims()
                .issueTime(Date.from(past))
                .expirationTime(Date.from(past.plusSeconds(300)))
                .build()),
        "expired");
  }

  @Test
  void aTokenSignedElsewhereIsRefusedAndSaysItIsNotFromThisSite() throws Exception {
    expectRefused(
        IdentityTokensTests.sign(
            claims().build(), "some-other-site-secret-also-32-bytes-long", JWSAlgorithm.HS256),
        "not signed by this site");
  }

  @Test
  void anUnsignedTokenIsRefused() throws Exception {
    expectRefused(new PlainJWT(claims().build()).serialize(), "not signed");
  }

  @Test
  void aTokenSignedWithAnotherAlgorithmIsRefused() throws Exception {
    expectRefused(
        IdentityTokensTests.sign(claims().build(), SECRET + SECRET, JWSAlgorithm.HS512),
        "only HS256");
  }

  @Test
  void aMalformedTokenIsRefused() throws Exception {
    expectRefused("not-a-token", "not a well-formed");
  }

  @Test
  void aTokenWithoutEmailIsRefused() throws Exception {
    expectRefused(signed(claims().claim("email", null).build()), "email");
  }

  @Test
  void withoutATokenTheConversationStaysUnverified() throws Exception {
    String id = started("{\"channel\":\"web\",\"email\":\"ada@example.com\"}");

    assertThat(engine.find(id).orElseThrow().getAttributes())
        .doesNotContainKey(SelfService.IDENTITY_VERIFIED);
  }

  @Test
  void namingSlackOrTeamsAsTheChannelVouchesForNobody() throws Exception {
    for (String channel : new String[] {"slack", "teams"}) {
      String id =
          started(
              "{\"channel\":\""
                  + channel
                  + "\",\"userId\":\"U-ADA\",\"email\":\"ada@example.com\"}");

      assertThat(engine.find(id).orElseThrow().getAttributes())
          .as(channel)
          .doesNotContainKey(SelfService.IDENTITY_VERIFIED);
    }
  }

  @Test
  void theDemoSignInDoesNotExistWithAConfiguredSecret() throws Exception {
    expectError(mvc.perform(get("/api/v1/demo/users")), 404, "not_found", "demo");
    expectError(
        mvc.perform(json(post("/api/v1/demo/identity-token"), "{\"userId\":\"ada\"}")),
        404,
        "not_found",
        "demo");
  }

  /** Starts a conversation that must be created, and returns its id. */
  private String started(String json) throws Exception {
    String body =
        mvc.perform(json(post("/api/v1/conversations"), json))
            .andExpect(status().isCreated())
            .andReturn()
            .getResponse()
            .getContentAsString();
    return JsonPath.read(body, "$.conversationId");
  }
}

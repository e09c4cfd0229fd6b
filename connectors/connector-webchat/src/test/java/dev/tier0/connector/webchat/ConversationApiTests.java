package dev.tier0.connector.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.tier0.bot.ConversationEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@WebMvcTest(properties = "helpdesk.webchat.per-client.capacity=100000")
@Import({RequestLimits.class, WebChatState.class, WebChatReplySink.class})
class ConversationApiTests {

  @Autowired MockMvc mvc;
  @Autowired ConversationEngine engine;
  @Autowired WebChatTestApplication.SwitchableStore store;

  @AfterEach
  void storeBackUp() {
    store.down(false);
  }

  // ---- POST /api/v1/conversations ----------------------------------------------------------

  @Test
  void startsAConversationForAWebVisitor() throws Exception {
    String id = start("{\"channel\":\"web\",\"userId\":\"u-1\",\"displayName\":\"Ada\"}");
    assertThat(id).matches("[A-Za-z0-9_-]{10,}");
    mvc.perform(get("/api/v1/conversations/" + id))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(id))
        .andExpect(jsonPath("$.state").value("bot"))
        .andExpect(jsonPath("$.requester.displayName").value("Ada"))
        .andExpect(jsonPath("$.requester.channel").value("web"))
        .andExpect(jsonPath("$.transcript", hasSize(0)))
        .andExpect(jsonPath("$.ticketId").value(nullValue()))
        .andExpect(jsonPath("$.pendingChoices").value(nullValue()));
  }

  @Test
  void answersCreationWithCreatedAndTheId() throws Exception {
    mvc.perform(json(post("/api/v1/conversations"), "{\"channel\":\"api\"}"))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", startsWith("/api/v1/conversations/")))
        .andExpect(jsonPath("$.conversationId").isString());
  }

  @Test
  void keepsTheIdentityTokenUnverified() throws Exception {
    String id = start("{\"channel\":\"web\",\"identityToken\":\"eyJhbGciOi.x.y\"}");
    assertThat(engine.find(id).orElseThrow().getAttributes())
        .containsEntry(WebChatState.IDENTITY_TOKEN, "eyJhbGciOi.x.y");
  }

  @Test
  void hasNoDemoSignInWithoutDemoUsers() throws Exception {
    expectError(mvc.perform(get("/api/v1/demo/users")), 404, "not_found", "demo");
    expectError(
        mvc.perform(get("/api/v1/demo/mailbox").param("userId", "ada")), 404, "not_found", "demo");
  }

  @Test
  void refusesAConversationWithoutChannel() throws Exception {
    expectError(
        mvc.perform(json(post("/api/v1/conversations"), "{\"userId\":\"u-1\"}")),
        400,
        "missing_field",
        "channel");
  }

  @Test
  void refusesAnUnknownChannel() throws Exception {
    expectError(
        mvc.perform(json(post("/api/v1/conversations"), "{\"channel\":\"fax\"}")),
        400,
        "invalid_channel",
        "channel must be one of");
  }

  @Test
  void refusesAChannelThatIsNotAString() throws Exception {
    expectError(
        mvc.perform(json(post("/api/v1/conversations"), "{\"channel\":42}")),
        400,
        "invalid_field",
        "'channel' must be a string");
  }

  @Test
  void refusesMalformedJson() throws Exception {
    expectError(
        mvc.perform(json(post("/api/v1/conversations"), "{\"channel\":")),
        400,
        "malformed_json",
        "not valid JSON");
  }

  @Test
  void refusesAnEmptyBody() throws Exception {
    expectError(
        mvc.perform(json(post("/api/v1/conversations"), "")), 400, "malformed_json", "empty");
  }

  @Test
  void refusesJsonThatIsNotAnObject() throws Exception {
    expectError(
        mvc.perform(json(post("/api/v1/conversations"), "[\"web\"]")),
        400,
        "invalid_body",
        "JSON object");
  }

  @Test
  void refusesAWrongContentType() throws Exception {
    expectError(
        mvc.perform(
            post("/api/v1/conversations")
                .contentType(MediaType.TEXT_PLAIN)
                .content("{\"channel\":\"web\"}")),
        415,
        "unsupported_media_type",
        "application/json");
  }

  @Test
  void refusesAMissingContentType() throws Exception {
    expectError(
        mvc.perform(post("/api/v1/conversations").content("{\"channel\":\"web\"}")),
        415,
        "unsupported_media_type",
        "application/json");
  }

  @Test
  void refusesABodyOverTheLimitByItsDeclaredLength() throws Exception {
    String big = "{\"channel\":\"web\",\"displayName\":\"" + "a".repeat(70_000) + "\"}";
    expectError(
        mvc.perform(json(post("/api/v1/conversations"), big)), 413, "body_too_large", "64 KB");
  }

  // ---- POST /api/v1/conversations/{id}/messages --------------------------------------------

  @Test
  void answersWithAnArticleAndAskWhetherItHelped() throws Exception {
    String id = start("{\"channel\":\"web\"}");
    send(id, "{\"text\":\"I forgot my password\",\"clientMessageId\":\"c-1\"}")
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
        .andExpect(jsonPath("$.replies[0].type").value("text"))
        .andExpect(jsonPath("$.replies[1].type").value("article"))
        .andExpect(jsonPath("$.replies[1].articleId").value("KB-012"))
        .andExpect(jsonPath("$.replies[1].title").value(containsString("Reset your password")))
        .andExpect(jsonPath("$.replies[1].snippet").isString())
        .andExpect(jsonPath("$.replies[1].url").value("https://kb.example.com/KB-012"))
        .andExpect(jsonPath("$.replies[2].type").value("choices"))
        .andExpect(jsonPath("$.replies[2].text").value("Did that fix it?"))
        .andExpect(jsonPath("$.replies[2].options[0].label").value("Yes, that fixed it"))
        .andExpect(jsonPath("$.replies[2].options[0].value").value("yes"))
        .andExpect(jsonPath("$.nlu.intent").value("password_forgot"))
        .andExpect(jsonPath("$.nlu.category").value("account.password"))
        .andExpect(jsonPath("$.nlu.confidence").value(0.92))
        .andExpect(jsonPath("$.outcome").value("answered"))
        .andExpect(jsonPath("$.state").value("bot"))
        .andExpect(jsonPath("$.ticket").value(nullValue()));
  }

  @Test
  void reportsNoClassificationAsNullForAButtonValue() throws Exception {
    String id = start("{\"channel\":\"web\"}");
    send(id, "{\"text\":\"I forgot my password\"}").andExpect(status().isOk());
    send(id, "{\"text\":\"yes\"}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.outcome").value("resolved"))
        .andExpect(jsonPath("$.state").value("resolved"))
        .andExpect(jsonPath("$.nlu").value(nullValue()))
        .andExpect(jsonPath("$.ticket").value(nullValue()));
  }

  @Test
  void handsOffWithATicketWhenTheUserAsksForAPerson() throws Exception {
    String id = start("{\"channel\":\"web\"}");
    send(id, "{\"text\":\"I want to talk to a person\"}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.outcome").value("handoff"))
        .andExpect(jsonPath("$.state").value("awaiting_agent"))
        .andExpect(jsonPath("$.replies[0].type").value("handoff"))
        .andExpect(jsonPath("$.replies[0].ticketId").value(startsWith("INC-")))
        .andExpect(jsonPath("$.replies[0].priority").value("P3"))
        .andExpect(jsonPath("$.replies[0].text").value(containsString("INC-")))
        .andExpect(jsonPath("$.ticket.id").value(startsWith("INC-")))
        .andExpect(jsonPath("$.ticket.priority").value("P3"));
    mvc.perform(get("/api/v1/conversations/" + id))
        .andExpect(jsonPath("$.state").value("awaiting_agent"))
        .andExpect(jsonPath("$.ticketId").value(startsWith("INC-")))
        .andExpect(jsonPath("$.ticket.id").value(startsWith("INC-")));
  }

  @Test
  void returnsTheSameTurnForARetriedClientMessageId() throws Exception {
    String id = start("{\"channel\":\"web\"}");
    String first =
        send(id, "{\"text\":\"my vpn fails\",\"clientMessageId\":\"c-9\"}")
            .andReturn()
            .getResponse()
            .getContentAsString();
    String again =
        send(id, "{\"text\":\"my vpn fails\",\"clientMessageId\":\"c-9\"}")
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(again).isEqualTo(first);
    assertThat(engine.find(id).orElseThrow().getTranscript()).hasSize(4);
  }

  @Test
  void showsTheRedactedHistoryAndThePendingButtons() throws Exception {
    String id = start("{\"channel\":\"web\"}");
    send(id, "{\"text\":\"my password is hunter2 and it fails\"}").andExpect(status().isOk());
    mvc.perform(get("/api/v1/conversations/" + id))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.createdAt").isString())
        .andExpect(jsonPath("$.transcript[0].from").value("user"))
        .andExpect(jsonPath("$.transcript[0].at").isString())
        .andExpect(jsonPath("$.transcript[0].text").value(containsString("[REDACTED PASSWORD]")))
        .andExpect(
            jsonPath("$.transcript[0].text")
                .value(org.hamcrest.Matchers.not(containsString("hunter2"))))
        .andExpect(jsonPath("$.transcript[1].from").value("bot"))
        .andExpect(jsonPath("$.pendingChoices.type").value("choices"))
        .andExpect(jsonPath("$.pendingChoices.text").value("Did that fix it?"))
        .andExpect(jsonPath("$.pendingChoices.options[1].value").value("no"));
  }

  @Test
  void forgetsThePendingButtonsOnceAnswered() throws Exception {
    String id = start("{\"channel\":\"web\"}");
    send(id, "{\"text\":\"I forgot my password\"}").andExpect(status().isOk());
    send(id, "{\"text\":\"yes\"}").andExpect(status().isOk());
    mvc.perform(get("/api/v1/conversations/" + id))
        .andExpect(jsonPath("$.pendingChoices").value(nullValue()));
  }

  @Test
  void stripsControlCharactersFromMessages() throws Exception {
    String id = start("{\"channel\":\"web\"}");
    send(id, "{\"text\":\"vpn\\u0000\\u0007 broken\\u001b\"}").andExpect(status().isOk());
    assertThat(engine.find(id).orElseThrow().getTranscript().get(0).text()).isEqualTo("vpn broken");
  }

  @Test
  void neverFailsOnHostileText() throws Exception {
    String id = start("{\"channel\":\"web\"}");
    for (String text :
        new String[] {
          "\\ud83d\\ude00\\ud83d\\udd25",
          "\\u05e9\\u05dc\\u05d5\\u05dd vpn",
          "\\ud800 lone",
          "\\\\x00\\\\xff"
        }) {
      send(id, "{\"text\":\"" + text + "\"}").andExpect(status().isOk());
    }
    mvc.perform(get("/api/v1/conversations/" + id))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.transcript", hasSize(org.hamcrest.Matchers.greaterThan(4))));
    assertThat(engine.find(id).orElseThrow().getTranscript())
        .anyMatch(e -> e.text().equals("\ufffd lone"));
  }

  @Test
  void refusesAMessageToAnUnknownConversation() throws Exception {
    expectError(
        send("doesNotExist123", "{\"text\":\"hello\"}"),
        404,
        "conversation_not_found",
        "no conversation");
  }

  @Test
  void refusesAnIdThatCannotExist() throws Exception {
    expectError(
        mvc.perform(get("/api/v1/conversations/" + "x".repeat(300))),
        404,
        "conversation_not_found",
        "no conversation");
    expectError(
        mvc.perform(get("/api/v1/conversations/a.b")), 404, "conversation_not_found", "Start");
  }

  @Test
  void refusesEmptyText() throws Exception {
    String id = start("{\"channel\":\"web\"}");
    expectError(send(id, "{\"text\":\"   \\u0000 \"}"), 400, "empty_text", "no text");
    assertThat(engine.find(id).orElseThrow().getTranscript()).isEmpty();
  }

  @Test
  void refusesAMissingText() throws Exception {
    String id = start("{\"channel\":\"web\"}");
    expectError(send(id, "{\"clientMessageId\":\"c-1\"}"), 400, "missing_field", "'text'");
  }

  @Test
  void refusesTextThatIsNotAString() throws Exception {
    String id = start("{\"channel\":\"web\"}");
    expectError(send(id, "{\"text\":{\"a\":1}}"), 400, "invalid_field", "'text' must be a string");
    expectError(send(id, "{\"text\":[\"a\"]}"), 400, "invalid_field", "'text' must be a string");
    expectError(send(id, "{\"text\":true}"), 400, "invalid_field", "'text' must be a string");
    expectError(
        send(id, "{\"text\":\"hi\",\"clientMessageId\":7}"),
        400,
        "invalid_field",
        "'clientMessageId' must be a string");
    assertThat(engine.find(id).orElseThrow().getTranscript()).isEmpty();
  }

  @Test
  void refusesTextOverTheEnginesLimitAsTooLarge() throws Exception {
    String id = start("{\"channel\":\"web\"}");
    expectError(
        send(id, "{\"text\":\"" + "a".repeat(201) + "\"}"), 413, "text_too_long", "200 characters");
    assertThat(engine.find(id).orElseThrow().getTranscript()).isEmpty();
  }

  @Test
  void refusesMalformedJsonMessages() throws Exception {
    String id = start("{\"channel\":\"web\"}");
    expectError(send(id, "{\"text\":\"unterminated}"), 400, "malformed_json", "not valid JSON");
    expectError(send(id, "[".repeat(5000)), 400, "malformed_json", "not valid JSON");
    expectError(
        mvc.perform(
            post("/api/v1/conversations/" + id + "/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .content(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2})),
        400,
        "malformed_json",
        "not valid JSON");
  }

  @Test
  void reportsAStoreOutageAsRetryLater() throws Exception {
    String id = start("{\"channel\":\"web\"}");
    store.down(true);
    expectError(send(id, "{\"text\":\"vpn broken\"}"), 503, "store_unavailable", "try again")
        .andExpect(header().string("Retry-After", "5"));
    expectError(
        mvc.perform(json(post("/api/v1/conversations"), "{\"channel\":\"web\"}")),
        503,
        "store_unavailable",
        "try again");
    expectError(
        mvc.perform(get("/api/v1/conversations/" + id)), 503, "store_unavailable", "try again");
    store.down(false);
    assertThat(engine.find(id).orElseThrow().getTranscript()).isEmpty();
  }

  // ---- the demo page and the widget --------------------------------------------------------

  @Test
  void servesTheDemoPageWithAStrictContentSecurityPolicy() throws Exception {
    mvc.perform(get("/"))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
        .andExpect(
            header()
                .string(
                    "Content-Security-Policy",
                    "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self';"
                        + " img-src 'self' data:; frame-ancestors 'self'; base-uri 'none';"
                        + " form-action 'self'"))
        .andExpect(content().string(containsString("<script src=\"/widget.js\"")))
        .andExpect(content().string(org.hamcrest.Matchers.not(containsString("style="))))
        .andExpect(content().string(org.hamcrest.Matchers.not(containsString("<style"))));
  }

  @Test
  void servesTheWidgetScriptAndStylesheet() throws Exception {
    mvc.perform(get("/widget.js"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("role")))
        .andExpect(content().string(org.hamcrest.Matchers.not(containsString("innerHTML"))));
    mvc.perform(get("/widget.css")).andExpect(status().isOk());
  }

  // ---- helpers -----------------------------------------------------------------------------

  private String start(String body) throws Exception {
    String response =
        mvc.perform(json(post("/api/v1/conversations"), body))
            .andExpect(status().isCreated())
            .andReturn()
            .getResponse()
            .getContentAsString();
    return JsonPath.read(response, "$.conversationId");
  }

  private ResultActions send(String id, String body) throws Exception {
    return mvc.perform(json(post("/api/v1/conversations/" + id + "/messages"), body));
  }

  static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder json(
      org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
      String body) {
    return request.contentType(MediaType.APPLICATION_JSON).content(body);
  }

  static ResultActions expectError(ResultActions actions, int status, String code, String message)
      throws Exception {
    return actions
        .andExpect(status().is(status))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
        .andExpect(jsonPath("$.error").value(code))
        .andExpect(jsonPath("$.message").value(containsString(message)));
  }
}

package dev.tier0.connector.teams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.bot.BotReply;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.ConversationEngine;
import dev.tier0.bot.spi.ChannelRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The messaging endpoint end to end: signed activities in over HTTP, the engine on in-memory
 * adapters, replies out to a loopback Bot Connector with tokens from a loopback identity platform.
 */
@SpringBootTest(
    classes = TeamsTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TeamsEndpointIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String BOT_ID = "28:helpdesk-bot";
  private static final FakeBotFramework microsoft = new FakeBotFramework();
  private static final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired ChannelRegistry registry;
  @Autowired ConversationEngine engine;
  @Autowired TeamsReplySink sink;

  @DynamicPropertySource
  static void teams(DynamicPropertyRegistry properties) {
    properties.add("MICROSOFT_APP_ID", () -> FakeBotFramework.APP_ID);
    properties.add("MICROSOFT_APP_PASSWORD", () -> FakeBotFramework.APP_PASSWORD);
    properties.add("helpdesk.teams.openid-metadata-url", microsoft::metadataUrl);
    properties.add("helpdesk.teams.token-url", microsoft::tokenUrl);
    properties.add("helpdesk.teams.max-body-bytes", () -> "65536");
  }

  @AfterAll
  static void stopFakes() {
    microsoft.close();
  }

  @BeforeEach
  void cleanSlate() {
    microsoft.reset();
  }

  @Test
  void repliesToAMessageWithATokenFromTheClientCredentialsFlow() throws Exception {
    String conversation = newConversationId();
    HttpResponse<String> response = post(message(conversation, "m1", "hello there"));

    assertThat(response.statusCode()).isIn(200, 202);
    FakeBotFramework.Posted reply = next();
    assertThat(reply.path())
        .isEqualTo("/v3/conversations/" + encode(conversation) + "/activities/m1");
    assertThat(reply.authorization()).isEqualTo("Bearer " + FakeBotFramework.ACCESS_TOKEN);
    assertThat(reply.body().path("type").asString()).isEqualTo("message");
    assertThat(reply.body().path("replyToId").asString()).isEqualTo("m1");
    assertThat(reply.body().path("from").path("id").asString()).isEqualTo(BOT_ID);
    assertThat(reply.body().path("text").asString()).startsWith("Hi Ada!");
    assertThat(microsoft.tokenForms)
        .anySatisfy(form ->
            assertThat(form)
                .contains("grant_type=client_credentials")
                .contains("client_id=" + FakeBotFramework.APP_ID)
                .contains("scope=https%3A%2F%2Fapi.botframework.com%2F.default"));
  }

  @Test
  void reusesTheAccessTokenUntilItIsAboutToExpire() throws Exception {
    String conversation = newConversationId();
    post(message(conversation, "t1", "hello"));
    next();
    int tokens = microsoft.tokenRequests.get();
    post(message(conversation, "t2", "hello again"));
    next();
    assertThat(microsoft.tokenRequests.get()).isEqualTo(tokens);
  }

  @Test
  void escapesUserTextSoItNeverBecomesMarkup() throws Exception {
    Map<String, Object> activity = message(newConversationId(), "e1", "hello");
    activity.put("from", Map.of("id", "29:eve", "name", "<b>Eve</b> *bold* [x](http://evil)"));
    post(activity);

    String text = next().body().path("text").asString();
    assertThat(text)
        .contains("&lt;b&gt;Eve&lt;/b&gt; \\*bold\\* \\[x\\]\\(http://evil\\)")
        .doesNotContain("<b>");
  }

  @Test
  void showsArticlesAndChoicesAsAdaptiveCardsAndTakesACardSubmitAsTheNextMessage()
      throws Exception {
    String conversation = newConversationId();
    post(message(conversation, "v1", "my vpn is broken"));

    List<FakeBotFramework.Posted> replies = List.of(next(), next(), next());
    assertThat(replies.get(0).body().path("text").asString()).isNotBlank();
    JsonNode article = replies.get(1).body().path("attachments").get(0);
    assertThat(article.path("contentType").asString()).isEqualTo(TeamsRenderer.ADAPTIVE_CARD);
    assertThat(article.path("content").path("type").asString()).isEqualTo("AdaptiveCard");
    String cardText = article.path("content").path("body").toString();
    assertThat(cardText).contains("Fix the VPN \\\\*now\\\\*").doesNotContain("](javascript");
    assertThat(article.path("content").path("actions").get(0).path("url").asString())
        .isEqualTo("https://kb.example.com/KB-001");
    JsonNode choices = replies.get(2).body().path("attachments").get(0).path("content");
    JsonNode yes = choices.path("actions").get(0);
    assertThat(yes.path("type").asString()).isEqualTo("Action.Submit");
    assertThat(yes.path("data").path(TeamsRenderer.CHOICE_KEY).asString()).isEqualTo("yes");

    // Teams sends a submit back as a message with the action's data as its value and no text
    Map<String, Object> submit = message(conversation, "v2", null);
    submit.put("value", Map.of(TeamsRenderer.CHOICE_KEY, "yes"));
    post(submit);
    assertThat(next().body().path("text").asString()).startsWith("Great, glad that fixed it");
  }

  @Test
  void honoursRetryAfterAndDeliversTheReplyOnce() throws Exception {
    String conversation = newConversationId();
    microsoft.script(new FakeBotFramework.Scripted(429, "1"));
    post(message(conversation, "r1", "hello"));

    FakeBotFramework.Posted reply = next();
    assertThat(reply.body().path("replyToId").asString()).isEqualTo("r1");
    assertThat(microsoft.attempts.get()).isEqualTo(2);
    assertNothingElseBefore(conversation);
  }

  @Test
  void doesNotRepeatASendWhoseFateIsUnknown() throws Exception {
    String conversation = newConversationId();
    microsoft.script(new FakeBotFramework.Scripted(500, null));
    post(message(conversation, "f1", "hello"));
    // the 500 is not repeated: the next thing delivered is the marker's reply
    FakeBotFramework.Posted marker = postMarker(conversation);
    assertThat(marker.body().path("replyToId").asString()).startsWith("marker-");
    assertThat(microsoft.attempts.get()).isEqualTo(2);
  }

  @Test
  void processesARedeliveredActivityOnce() throws Exception {
    String conversation = newConversationId();
    Map<String, Object> activity = message(conversation, "d1", "hello");
    assertThat(post(activity).statusCode()).isIn(200, 202);
    assertThat(post(activity).statusCode()).isIn(200, 202);

    assertThat(next().body().path("replyToId").asString()).isEqualTo("d1");
    assertNothingElseBefore(conversation);
  }

  @Test
  void welcomesTheTeamWhenTheBotIsAdded() throws Exception {
    String conversation = newConversationId();
    Map<String, Object> update = message(conversation, "u1", null);
    update.put("type", "conversationUpdate");
    update.put("membersAdded", List.of(Map.of("id", BOT_ID)));
    assertThat(post(update).statusCode()).isIn(200, 202);

    FakeBotFramework.Posted welcome = next();
    assertThat(welcome.path())
        .isEqualTo("/v3/conversations/" + encode(conversation) + "/activities");
    assertThat(welcome.body().path("text").asString()).startsWith("Hi, I'm the IT help desk bot");
  }

  @Test
  void deliversAgentRepliesProactivelyToTheStoredConversation() throws Exception {
    String conversation = newConversationId();
    post(message(conversation, "p1", "hello"));
    next();
    Conversation stored =
        registry.conversationFor("teams:" + conversation).flatMap(engine::find).orElseThrow();
    assertThat(stored.getAttributes())
        .containsEntry("teams.serviceUrl", microsoft.serviceUrl())
        .containsEntry("teams.conversationId", conversation)
        .containsEntry("teams.botId", BOT_ID)
        .containsEntry("teams.tenantId", "tenant-1")
        // the validated token vouches for the user: self-service may verify them
        .containsEntry(Conversation.IDENTITY_VERIFIED, "true");
    assertThat(sink.serves(stored)).isTrue();

    sink.deliver(stored, new BotReply.Text("Hi, this is Sam from IT. <i>Trying</i> now."));

    FakeBotFramework.Posted pushed = next();
    assertThat(pushed.path())
        .isEqualTo("/v3/conversations/" + encode(conversation) + "/activities");
    assertThat(pushed.body().path("conversation").path("tenantId").asString())
        .isEqualTo("tenant-1");
    assertThat(pushed.body().path("text").asString())
        .isEqualTo("Hi, this is Sam from IT. &lt;i&gt;Trying&lt;/i&gt; now.");
  }

  @Test
  void answersAnInvokedCardActionAndTakesItsDataAsTheNextMessage() throws Exception {
    String conversation = newConversationId();
    Map<String, Object> invoke = message(conversation, "i1", null);
    invoke.put("type", "invoke");
    invoke.put("name", "adaptiveCard/action");
    invoke.put(
        "value",
        Map.of(
            "action",
            Map.of("type", "Action.Execute", "data", Map.of(TeamsRenderer.CHOICE_KEY, "hello"))));
    HttpResponse<String> response = post(invoke);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json.readTree(response.body()).path("statusCode").asInt()).isEqualTo(200);
    assertThat(next().body().path("text").asString()).startsWith("Hi Ada!");
  }

  @Test
  void survivesHostileText() throws Exception {
    String longOne = newConversationId();
    post(message(longOne, "h1", "x".repeat(20_000)));
    assertThat(next().body().path("text").asString()).contains("longer than");

    String hostile = "\u202Eevil\u0000\u0007 🤖🔥 שלום <script>alert(1)</script> \uFFFF";
    String conversation = newConversationId();
    post(message(conversation, "h2", hostile));
    assertThat(next().body().toString()).doesNotContain("<script>");
    for (FakeBotFramework.Posted p : untilMarker(conversation)) {
      assertThat(p.body().toString()).doesNotContain("<script>");
    }
  }

  @Test
  void ignoresActivityTypesItDoesNotHandle() throws Exception {
    String conversation = newConversationId();
    Map<String, Object> typing = message(conversation, "y1", null);
    typing.put("type", "typing");
    assertThat(post(typing).statusCode()).isEqualTo(200);
    assertNothingElseBefore(conversation);
  }

  @Test
  void refusesARequestWithoutTokenWithAChallenge() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(endpoint())
                .header("Content-Type", "application/json")
                .POST(body(message(newConversationId(), "a1", "hello"))));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertError(response, "unauthorized");
  }

  @Test
  void refusesAForgedToken() throws Exception {
    HttpResponse<String> response =
        post(
            message(newConversationId(), "a2", "hello"),
            microsoft.token(microsoft.trusted, c -> c.audience("another-bot")));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
  }

  @Test
  void forbidsAnActivityFromAnotherServiceUrl() throws Exception {
    Map<String, Object> activity = message(newConversationId(), "a3", "hello");
    activity.put("serviceUrl", "https://smba.example.net/amer/");
    HttpResponse<String> response = post(activity);
    assertThat(response.statusCode()).isEqualTo(403);
    assertError(response, "forbidden");
  }

  @Test
  void rejectsMalformedJson() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(endpoint())
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + microsoft.token())
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"message\",")));
    assertThat(response.statusCode()).isEqualTo(400);
    assertError(response, "malformed_json");
  }

  @Test
  void rejectsAnOversizedActivity() throws Exception {
    HttpResponse<String> response = post(message(newConversationId(), "o1", "x".repeat(70_000)));
    assertThat(response.statusCode()).isEqualTo(413);
    assertError(response, "too_large");
  }

  @Test
  void rejectsAnotherContentType() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(endpoint())
                .header("Content-Type", "text/plain")
                .header("Authorization", "Bearer " + microsoft.token())
                .POST(HttpRequest.BodyPublishers.ofString("hello")));
    assertThat(response.statusCode()).isEqualTo(415);
    assertError(response, "unsupported_media_type");
  }

  // --- helpers

  private FakeBotFramework.Posted next() throws InterruptedException {
    FakeBotFramework.Posted posted = microsoft.nextDelivered(WAIT);
    assertThat(posted).as("a reply within " + WAIT).isNotNull();
    return posted;
  }

  /** Sends a marker message and returns its reply, which must be the next thing delivered. */
  private FakeBotFramework.Posted postMarker(String conversation) throws Exception {
    String id = "marker-" + UUID.randomUUID();
    post(message(conversation, id, "hello marker"));
    return next();
  }

  /**
   * Proves that nothing else was delivered for the conversation: a later message of the same
   * conversation is processed after everything before it, so its reply must come next.
   */
  private void assertNothingElseBefore(String conversation) throws Exception {
    FakeBotFramework.Posted marker = postMarker(conversation);
    assertThat(marker.body().path("replyToId").asString()).startsWith("marker-");
    assertThat(microsoft.drain()).isEmpty();
  }

  /** Everything delivered before the reply to a marker message of this conversation. */
  private List<FakeBotFramework.Posted> untilMarker(String conversation) throws Exception {
    String id = "marker-" + UUID.randomUUID();
    post(message(conversation, id, "hello marker"));
    List<FakeBotFramework.Posted> before = new ArrayList<>();
    for (FakeBotFramework.Posted p = next();
        !id.equals(p.body().path("replyToId").asString());
        p = next()) {
      before.add(p);
    }
    return before;
  }

  private static String newConversationId() {
    return "a:1" + UUID.randomUUID();
  }

  private Map<String, Object> message(String conversation, String id, String text) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("type", "message");
    a.put("id", id);
    a.put("timestamp", "2026-11-23T10:00:00.000Z");
    a.put("serviceUrl", microsoft.serviceUrl());
    a.put("channelId", "msteams");
    a.put("from", Map.of("id", "29:ada", "name", "Ada", "aadObjectId", "aad-ada"));
    a.put(
        "conversation",
        Map.of("id", conversation, "conversationType", "personal", "tenantId", "tenant-1"));
    a.put("recipient", Map.of("id", BOT_ID, "name", "Helpdesk"));
    a.put("channelData", Map.of("tenant", Map.of("id", "tenant-1")));
    if (text != null) {
      a.put("text", text);
    }
    return a;
  }

  private HttpResponse<String> post(Map<String, Object> activity) throws Exception {
    return post(activity, microsoft.token());
  }

  private HttpResponse<String> post(Map<String, Object> activity, String token) throws Exception {
    return send(
        HttpRequest.newBuilder(endpoint())
            .header("Content-Type", "application/json; charset=utf-8")
            .header("Authorization", "Bearer " + token)
            .POST(body(activity)));
  }

  private HttpRequest.BodyPublisher body(Map<String, Object> activity) {
    return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(activity));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI endpoint() {
    return URI.create("http://127.0.0.1:" + port + "/api/messages");
  }

  private void assertError(HttpResponse<String> response, String code) {
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode error = json.readTree(response.body());
    assertThat(error.path("error").asString()).isEqualTo(code);
    assertThat(error.path("message").asString()).isNotBlank();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

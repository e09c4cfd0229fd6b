package dev.tier0.connector.slack;

import static dev.tier0.connector.slack.SlackPayloads.blockAction;
import static dev.tier0.connector.slack.SlackPayloads.dm;
import static dev.tier0.connector.slack.SlackPayloads.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.bot.BotReply;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.ConversationState;
import dev.tier0.bot.memory.InMemoryChannelRegistry;
import dev.tier0.bot.memory.InMemoryConversationStore;
import dev.tier0.bot.memory.InMemoryHandoffQueue;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
    classes = SlackTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "SLACK_SIGNING_SECRET=" + SlackEventsIntegrationTests.SECRET,
      "SLACK_BOT_TOKEN=xoxb-test",
      "helpdesk.slack.agents-channel=CAGENTS",
      "helpdesk.slack.max-body-bytes=65536",
      // one worker: events are handled in arrival order, so a later marker proves an earlier
      // duplicate was dropped rather than still running
      "helpdesk.slack.workers=1"
    })
class SlackEventsIntegrationTests {
  static final String SECRET = "test-signing-secret";
  private static final FakeSlackWebApi slack = start();
  private static final AtomicInteger ids = new AtomicInteger();

  @LocalServerPort int port;
  @Autowired InMemoryChannelRegistry registry;
  @Autowired InMemoryConversationStore store;
  @Autowired InMemoryHandoffQueue queue;
  @Autowired SlackAgentChannel agents;
  @Autowired SlackReplySink sink;
  @Autowired SlackTestApplication.RecordingAgentDesk desk;

  private final HttpClient http = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void slackApi(DynamicPropertyRegistry properties) {
    properties.add("helpdesk.slack.api-url", slack::url);
  }

  private static FakeSlackWebApi start() {
    try {
      return new FakeSlackWebApi();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() {
    slack.close();
  }

  @BeforeEach
  void forget() {
    slack.clear();
  }

  @Test
  void answersUrlVerificationWithTheChallenge() throws Exception {
    HttpResponse<String> r =
        post(
            "{\"token\":\"x\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\","
                + "\"type\":\"url_verification\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
  }

  @Test
  void answersADirectMessageWithAnArticleCardAndButtons() throws Exception {
    String user = "UDM" + ids.incrementAndGet();
    HttpResponse<String> r = post(dm("Ev-dm-1", "D100", user, "I forgot my password", "100.1"));
    assertThat(r.statusCode()).isEqualTo(200);

    FakeSlackWebApi.Call info = slack.await("users.info");
    assertThat(info.param("user")).isEqualTo(user);
    FakeSlackWebApi.Call posted = slack.await("chat.postMessage");
    assertThat(posted.param("channel")).isEqualTo("D100");
    assertThat(posted.param("thread_ts")).isNull();
    assertThat(posted.param("blocks"))
        .contains(
            "<https://kb.example.com/KB-012|Reset your password with the self-service portal>")
        .contains("Open the portal &amp; follow &lt;the&gt; steps.")
        .contains("\"action_id\":\"hd_choice:0:yes\"")
        .contains("\"value\":\"yes\"");

    Conversation c = conversationOf("slack:T1:D100");
    assertThat(c.getRequester().displayName()).isEqualTo("Ada Lovelace");
    assertThat(c.getRequester().email()).isEqualTo("ada@example.com");
    assertThat(c.getRequester().userId()).isEqualTo(user);
    assertThat(c.getAttributes()).containsEntry("slack.channel", "D100");
    // The signed request vouches for the user: self-service may verify them by their address.
    assertThat(c.getAttributes()).containsEntry(Conversation.IDENTITY_VERIFIED, "true");
  }

  @Test
  void ignoresBotMessagesAndSubtypes() throws Exception {
    post(
        event(
            "Ev-bot",
            "{\"type\":\"message\",\"subtype\":\"bot_message\",\"bot_id\":\"B9\",\"text\":\"hello\","
                + "\"ts\":\"200.1\",\"channel\":\"D200\",\"channel_type\":\"im\"}"));
    post(
        event(
            "Ev-own",
            "{\"type\":\"message\",\"user\":\"UBOT\",\"bot_id\":\"B1\",\"text\":\"hello\","
                + "\"ts\":\"200.2\",\"channel\":\"D200\",\"channel_type\":\"im\"}"));
    post(
        event(
            "Ev-edit",
            "{\"type\":\"message\",\"subtype\":\"message_changed\",\"channel\":\"D200\","
                + "\"channel_type\":\"im\",\"ts\":\"200.3\",\"message\":{\"type\":\"message\","
                + "\"user\":\"U1\",\"text\":\"hello\",\"ts\":\"200.0\"}}"));
    post(dm("Ev-marker-1", "D201", "U1", "hello", "201.1"));

    assertThat(slack.await("chat.postMessage").param("channel")).isEqualTo("D201");
    assertThat(slack.poll("chat.postMessage", Duration.ZERO)).isNull();
    assertThat(registry.conversationFor("slack:T1:D200")).isEmpty();
  }

  @Test
  void answersARetriedEventOnce() throws Exception {
    String body = dm("Ev-retry", "D300", "U1", "hello", "300.1");
    assertThat(post(body).statusCode()).isEqualTo(200);
    HttpResponse<String> retry =
        send(
            body,
            signed(body, now())
                .header("X-Slack-Retry-Num", "1")
                .header("X-Slack-Retry-Reason", "http_timeout"));
    assertThat(retry.statusCode()).isEqualTo(200);
    // the very same request replayed, as an attacker or a proxy would
    assertThat(post(body).statusCode()).isEqualTo(200);
    post(dm("Ev-marker-2", "D301", "U1", "hello", "301.1"));

    assertThat(slack.await("chat.postMessage").param("channel")).isEqualTo("D300");
    assertThat(slack.await("chat.postMessage").param("channel")).isEqualTo("D301");
    assertThat(slack.poll("chat.postMessage", Duration.ZERO)).isNull();
  }

  @Test
  void answersAMentionInItsThreadAndFollowsReplies() throws Exception {
    post(
        event(
            "Ev-mention",
            "{\"type\":\"app_mention\",\"user\":\"U1\",\"text\":\"<@UBOT> I forgot my password\","
                + "\"ts\":\"400.1\",\"channel\":\"C400\",\"event_ts\":\"400.1\"}"));
    // Slack also sends the same message as message.channels: it must not be answered twice
    post(
        event(
            "Ev-mention-msg",
            "{\"type\":\"message\",\"user\":\"U1\",\"text\":\"<@UBOT> I forgot my password\","
                + "\"ts\":\"400.1\",\"channel\":\"C400\",\"channel_type\":\"channel\"}"));
    FakeSlackWebApi.Call first = slack.await("chat.postMessage");
    assertThat(first.param("channel")).isEqualTo("C400");
    assertThat(first.param("thread_ts")).isEqualTo("400.1");

    post(
        event(
            "Ev-thread",
            "{\"type\":\"message\",\"user\":\"U1\",\"text\":\"no\",\"ts\":\"400.2\","
                + "\"thread_ts\":\"400.1\",\"channel\":\"C400\",\"channel_type\":\"channel\"}"));
    // a message in an unrelated thread of the same channel is not the desk's business
    post(
        event(
            "Ev-other",
            "{\"type\":\"message\",\"user\":\"U2\",\"text\":\"hello\",\"ts\":\"401.2\","
                + "\"thread_ts\":\"401.1\",\"channel\":\"C400\",\"channel_type\":\"channel\"}"));
    post(dm("Ev-marker-3", "D401", "U1", "hello", "402.1"));

    FakeSlackWebApi.Call second = slack.await("chat.postMessage");
    assertThat(second.param("channel")).isEqualTo("C400");
    assertThat(second.param("thread_ts")).isEqualTo("400.1");
    assertThat(slack.await("chat.postMessage").param("channel")).isEqualTo("D401");
    assertThat(slack.poll("chat.postMessage", Duration.ZERO)).isNull();
  }

  @Test
  void startsAConversationWithTheSlashCommandAndContinuesInItsThread() throws Exception {
    String form =
        "token=x&team_id=T1&team_domain=acme&channel_id=C500&channel_name=general&user_id=U1"
            + "&user_name=ada&command=%2Fhelpdesk&text="
            + URLEncoder.encode("I forgot my password", StandardCharsets.UTF_8)
            + "&api_app_id=A1&is_enterprise_install=false"
            + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1%2F1%2Fx"
            + "&trigger_id=13345224609.738474920.8088930838d88f008e0";
    HttpResponse<String> r =
        send(form, signed(form, now()).header("Content-Type", "application/x-www-form-urlencoded"));
    assertThat(r.statusCode()).isEqualTo(200);

    FakeSlackWebApi.Call posted = slack.await("chat.postMessage");
    assertThat(posted.param("channel")).isEqualTo("C500");
    assertThat(posted.param("blocks")).contains("KB-012");
    String ts = posted.param("ts");

    post(
        event(
            "Ev-cmd-thread",
            "{\"type\":\"message\",\"user\":\"U1\",\"text\":\"yes\",\"ts\":\"500.9\",\"thread_ts\":\""
                + ts
                + "\",\"channel\":\"C500\",\"channel_type\":\"channel\"}"));
    FakeSlackWebApi.Call next = slack.await("chat.postMessage");
    assertThat(next.param("thread_ts")).isEqualTo(ts);
    assertThat(registry.conversationFor("slack:T1:C500:" + ts)).isPresent();
  }

  @Test
  void sendsTheButtonValueAndShowsWhatWasPicked() throws Exception {
    post(dm("Ev-btn", "D600", "U1", "I forgot my password", "600.1"));
    FakeSlackWebApi.Call posted = slack.await("chat.postMessage");
    String messageTs = posted.param("ts");

    String payload =
        blockAction(
            "D600",
            messageTs,
            null,
            "hd_choice:0:yes",
            "yes",
            "Yes, that fixed it",
            posted.param("blocks"));
    HttpResponse<String> r =
        postForm("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    // a double click
    postForm("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8));

    FakeSlackWebApi.Call update = slack.await("chat.update");
    assertThat(update.param("channel")).isEqualTo("D600");
    assertThat(update.param("ts")).isEqualTo(messageTs);
    assertThat(update.param("blocks"))
        .contains("Picked: *Yes, that fixed it*")
        .doesNotContain("hd_choice");
    FakeSlackWebApi.Call reply = slack.await("chat.postMessage");
    assertThat(reply.param("channel")).isEqualTo("D600");
    assertThat(conversationOf("slack:T1:D600").getState()).isEqualTo(ConversationState.RESOLVED);
    post(dm("Ev-marker-6", "D601", "U1", "hello", "601.1"));
    assertThat(slack.await("chat.postMessage").param("channel")).isEqualTo("D601");
    assertThat(slack.poll("chat.postMessage", Duration.ZERO)).isNull();
  }

  @Test
  void postsHandoffsForAgentsAndRelaysBothWays() throws Exception {
    post(dm("Ev-human", "D700", "U1", "I want to talk to a person", "700.1"));
    FakeSlackWebApi.Call notice = slack.await("chat.postMessage");
    assertThat(notice.param("channel")).isEqualTo("D700");
    Conversation c = conversationOf("slack:T1:D700");
    assertThat(c.getTicket()).isNotNull();
    String ticketId = c.getTicket().id();

    // the application reports the new ticket
    agents.ticketCreated(
        new TicketSummary(
            ticketId,
            c.getId(),
            "P3",
            "Wants a <!here> person",
            "human",
            "Ada Lovelace",
            "ada@example.com",
            "user_request"));
    agents.ticketCreated(
        new TicketSummary(ticketId, c.getId(), "P3", "again", "human", null, null, "user_request"));
    FakeSlackWebApi.Call summary = slack.await("chat.postMessage");
    assertThat(summary.param("channel")).isEqualTo("CAGENTS");
    assertThat(summary.param("blocks"))
        .contains(ticketId)
        .contains("Wants a &lt;!here&gt; person")
        .contains("Ada Lovelace (ada@example.com)")
        .contains("user request")
        .contains("\"action_id\":\"hd_claim\"");
    String thread = summary.param("ts");

    String claim =
        blockAction("CAGENTS", thread, null, "hd_claim", ticketId, "Claim", summary.param("blocks"))
            .replace("\"id\":\"U1\"", "\"id\":\"UAGENT\"");
    assertThat(postForm("payload=" + URLEncoder.encode(claim, StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(200);
    assertThat(desk.claims.poll(5, TimeUnit.SECONDS))
        .isEqualTo(ticketId + " UAGENT grace@example.com");
    FakeSlackWebApi.Call claimed = slack.await("chat.update");
    assertThat(claimed.param("blocks")).contains("Claimed by <@UAGENT>").doesNotContain("hd_claim");
    assertThat(slack.await("chat.postMessage").param("thread_ts")).isEqualTo(thread);

    // someone else in the thread is not relayed; the claiming agent is
    post(
        event(
            "Ev-agent-0",
            "{\"type\":\"message\",\"user\":\"U9\",\"text\":\"who takes it?\","
                + "\"ts\":\"701.1\",\"thread_ts\":\""
                + thread
                + "\",\"channel\":\"CAGENTS\","
                + "\"channel_type\":\"channel\"}"));
    post(
        event(
            "Ev-agent-1",
            "{\"type\":\"message\",\"user\":\"UAGENT\",\"text\":\"Hi Ada, I'm on it &amp; will call\","
                + "\"ts\":\"701.2\",\"thread_ts\":\""
                + thread
                + "\",\"channel\":\"CAGENTS\","
                + "\"channel_type\":\"channel\"}"));
    assertThat(desk.replies.poll(5, TimeUnit.SECONDS))
        .isEqualTo(ticketId + " grace@example.com Hi Ada, I'm on it & will call");
    assertThat(desk.replies).isEmpty();

    // the employee writes: the application relays it to the thread
    agents.userMessage(c.getId(), "Thanks <@U1>!");
    FakeSlackWebApi.Call relayed = slack.await("chat.postMessage");
    assertThat(relayed.param("channel")).isEqualTo("CAGENTS");
    assertThat(relayed.param("thread_ts")).isEqualTo(thread);
    assertThat(relayed.param("blocks")).contains("*Ada Lovelace:* Thanks &lt;@U1&gt;!");

    // the agent's answer comes back through the reply sink
    Conversation now = store.find(c.getId()).orElseThrow();
    assertThat(sink.serves(now)).isTrue();
    sink.deliver(now, new BotReply.Text("Grace: try again now"));
    FakeSlackWebApi.Call delivered = slack.await("chat.postMessage");
    assertThat(delivered.param("channel")).isEqualTo("D700");
    assertThat(queue.size()).isEqualTo(1);
  }

  @Test
  void refusesABadSignature() throws Exception {
    String body = dm("Ev-bad", "D800", "U1", "hello", "800.1");
    HttpResponse<String> r =
        send(
            body,
            request(body)
                .header("X-Slack-Request-Timestamp", String.valueOf(now()))
                .header("X-Slack-Signature", "v0=" + "0".repeat(64)));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("\"error\":\"bad_signature\"").contains("\"message\":");
    HttpResponse<String> unsigned = send(body, request(body));
    assertThat(unsigned.statusCode()).isEqualTo(401);
  }

  @Test
  void refusesAnOldTimestamp() throws Exception {
    String body = dm("Ev-old", "D801", "U1", "hello", "801.1");
    HttpResponse<String> r = send(body, signed(body, now() - 6 * 60));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("bad_signature");
  }

  @Test
  void refusesMalformedJson() throws Exception {
    assertThat(post("{\"type\":\"event_callback\",").statusCode()).isEqualTo(400);
    assertThat(post("[1,2,3]").statusCode()).isEqualTo(400);
    assertThat(post("{\"type\":\"event_callback\",\"event\":42}").statusCode()).isEqualTo(400);
    HttpResponse<String> r = postForm("payload=%7Bnot+json");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"error\":\"malformed\"");
    assertThat(post("\u0000\u0001 garbage \uD83D\uDE00").statusCode()).isEqualTo(400);
  }

  @Test
  void acknowledgesAndIgnoresUnknownEventTypes() throws Exception {
    HttpResponse<String> r =
        post(
            event(
                "Ev-unknown",
                "{\"type\":\"reaction_added\",\"user\":\"U1\",\"reaction\":\"thumbsup\","
                    + "\"item\":{\"type\":\"message\",\"channel\":\"C1\",\"ts\":\"1.1\"},\"event_ts\":\"1.2\"}"));
    assertThat(r.statusCode()).isEqualTo(200);
    HttpResponse<String> odd = post("{\"type\":\"something_new\",\"x\":1}");
    assertThat(odd.statusCode()).isEqualTo(200);
    post(dm("Ev-marker-9", "D901", "U1", "hello", "901.1"));
    assertThat(slack.await("chat.postMessage").param("channel")).isEqualTo("D901");
    assertThat(slack.poll("chat.postMessage", Duration.ZERO)).isNull();
  }

  @Test
  void refusesAnOversizedBody() throws Exception {
    String body = dm("Ev-big", "D902", "U1", "x".repeat(70_000), "902.1");
    HttpResponse<String> r = post(body);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("\"error\":\"too_large\"");
  }

  // ---- requests as Slack sends them

  private Conversation conversationOf(String key) {
    String id = registry.conversationFor(key).orElseThrow();
    return store.find(id).orElseThrow();
  }

  private HttpResponse<String> post(String json) throws Exception {
    return send(json, signed(json, now()).header("Content-Type", "application/json"));
  }

  private HttpResponse<String> postForm(String form) throws Exception {
    return send(
        form, signed(form, now()).header("Content-Type", "application/x-www-form-urlencoded"));
  }

  private HttpRequest.Builder request(String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
        .timeout(Duration.ofSeconds(10));
  }

  private HttpRequest.Builder signed(String body, long timestamp) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
    return request(body)
        .header("X-Slack-Request-Timestamp", String.valueOf(timestamp))
        .header("X-Slack-Signature", "v0=" + HexFormat.of().formatHex(digest));
  }

  private HttpResponse<String> send(String body, HttpRequest.Builder builder) throws Exception {
    return http.send(
        builder.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }
}

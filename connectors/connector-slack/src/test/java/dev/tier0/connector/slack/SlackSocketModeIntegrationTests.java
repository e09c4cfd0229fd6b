package dev.tier0.connector.slack;

import static dev.tier0.connector.slack.SlackPayloads.blockAction;
import static dev.tier0.connector.slack.SlackPayloads.dm;
import static dev.tier0.connector.slack.SlackPayloads.envelope;
import static dev.tier0.connector.slack.SlackPayloads.slashCommand;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import dev.tier0.bot.ConversationState;
import dev.tier0.bot.memory.InMemoryChannelRegistry;
import dev.tier0.bot.memory.InMemoryConversationStore;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.java_websocket.WebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Socket Mode end to end: the desk opens the socket it gets from {@code apps.connections.open} on a
 * loopback fake of Slack, receives envelopes there and answers through the fake Web API. No signing
 * secret: Socket Mode alone is enough to run.
 */
@SpringBootTest(
    classes = SlackTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "SLACK_BOT_TOKEN=xoxb-test",
      "SLACK_APP_TOKEN=xapp-test",
      // one worker: events are handled in arrival order, so a later marker proves an earlier
      // duplicate was dropped rather than still running
      "helpdesk.slack.workers=1"
    })
// the context holds a live socket to this class's fake: close it with the class
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SlackSocketModeIntegrationTests {
  /** Slack wants an acknowledgement within three seconds, or it redelivers. */
  private static final Duration SLACK_ACK_DEADLINE = Duration.ofSeconds(3);

  private static final FakeSocketModeServer socket = new FakeSocketModeServer();
  private static final FakeSlackWebApi slack = startWebApi();

  @Autowired InMemoryChannelRegistry registry;
  @Autowired InMemoryConversationStore store;

  @DynamicPropertySource
  static void slackApi(DynamicPropertyRegistry properties) {
    properties.add("helpdesk.slack.api-url", slack::url);
  }

  private static FakeSlackWebApi startWebApi() {
    try {
      FakeSlackWebApi api = new FakeSlackWebApi();
      api.socketUrl(socket.url());
      return api;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() {
    socket.close();
    slack.close();
  }

  @BeforeEach
  void connected() throws InterruptedException {
    socket.awaitConnection(1);
    slack.clear();
  }

  @Test
  void acknowledgesAnEventAtOnceAndAnswersThroughTheWebApi() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    SlackTestApplication.GATE.set(gate);
    try {
      socket.send(
          envelope(
              "env-dm-1",
              "events_api",
              dm("Ev-sm-1", "D100", "U1", "hold on, I forgot my password", "100.1"),
              0));
      // the turn waits at the gate, so the acknowledgement cannot have waited for it
      assertThat(socket.acked("env-dm-1", SLACK_ACK_DEADLINE)).isTrue();
      assertThat(slack.poll("chat.postMessage", Duration.ZERO)).isNull();
    } finally {
      gate.countDown();
    }

    FakeSlackWebApi.Call posted = slack.await("chat.postMessage");
    assertThat(posted.param("channel")).isEqualTo("D100");
    assertThat(posted.param("blocks"))
        .contains("Reset your password with the self-service portal")
        .contains("\"action_id\":\"hd_choice:0:yes\"");
    assertThat(registry.conversationFor("slack:T1:D100")).isPresent();
  }

  @Test
  void takesAButtonClickFromAnInteractiveEnvelope() throws Exception {
    socket.send(
        envelope(
            "env-btn-1",
            "events_api",
            dm("Ev-sm-btn", "D200", "U1", "I forgot my password", "200.1"),
            0));
    FakeSlackWebApi.Call posted = slack.await("chat.postMessage");
    String messageTs = posted.param("ts");

    String click =
        blockAction(
            "D200",
            messageTs,
            null,
            "hd_choice:0:yes",
            "yes",
            "Yes, that fixed it",
            posted.param("blocks"));
    socket.send(envelope("env-btn-2", "interactive", click, 0));

    assertThat(socket.acked("env-btn-2", SLACK_ACK_DEADLINE)).isTrue();
    FakeSlackWebApi.Call update = slack.await("chat.update");
    assertThat(update.param("ts")).isEqualTo(messageTs);
    assertThat(update.param("blocks")).contains("Picked: *Yes, that fixed it*");
    assertThat(slack.await("chat.postMessage").param("channel")).isEqualTo("D200");
    String id = registry.conversationFor("slack:T1:D200").orElseThrow();
    assertThat(store.find(id).orElseThrow().getState()).isEqualTo(ConversationState.RESOLVED);
  }

  @Test
  void startsAConversationWithTheSlashCommandEnvelope() throws Exception {
    socket.send(
        envelope(
            "env-cmd-1",
            "slash_commands",
            slashCommand("C300", "general", "I forgot my password", "300.trigger.1"),
            0));

    assertThat(socket.acked("env-cmd-1", SLACK_ACK_DEADLINE)).isTrue();
    FakeSlackWebApi.Call posted = slack.await("chat.postMessage");
    assertThat(posted.param("channel")).isEqualTo("C300");
    assertThat(posted.param("blocks")).contains("KB-012");
    // the conversation continues in the thread of the bot's first reply
    String thread = posted.param("ts");
    socket.send(
        envelope(
            "env-cmd-2",
            "events_api",
            SlackPayloads.event(
                "Ev-sm-cmd-thread",
                "{\"type\":\"message\",\"user\":\"U1\",\"text\":\"yes\",\"ts\":\"300.9\","
                    + "\"thread_ts\":\""
                    + thread
                    + "\",\"channel\":\"C300\",\"channel_type\":\"channel\"}"),
            0));
    assertThat(slack.await("chat.postMessage").param("thread_ts")).isEqualTo(thread);
    assertThat(registry.conversationFor("slack:T1:C300:" + thread)).isPresent();
  }

  @Test
  void answersAnEnvelopeDeliveredTwiceOnce() throws Exception {
    String event = dm("Ev-sm-dup", "D400", "U1", "hello", "400.1");
    socket.send(envelope("env-dup-1", "events_api", event, 0));
    // Slack's redelivery: a new envelope, the same event, retry_attempt 1
    socket.send(envelope("env-dup-2", "events_api", event, 1));
    socket.send(
        envelope(
            "env-dup-3", "events_api", dm("Ev-sm-dup-marker", "D401", "U1", "hello", "401.1"), 0));

    assertThat(socket.acked("env-dup-1", SLACK_ACK_DEADLINE)).isTrue();
    assertThat(socket.acked("env-dup-2", SLACK_ACK_DEADLINE)).isTrue();
    assertThat(slack.await("chat.postMessage").param("channel")).isEqualTo("D400");
    assertThat(slack.await("chat.postMessage").param("channel")).isEqualTo("D401");
    assertThat(slack.poll("chat.postMessage", Duration.ZERO)).isNull();
  }

  @Test
  void acknowledgesAndIgnoresMalformedEnvelopesWithoutLosingTheConnection() throws Exception {
    int connections = socket.connections();
    socket.send(
        "{\"envelope_id\":\"env-bad-1\",\"type\":\"events_api\",\"payload\":\"not an object\","
            + "\"accepts_response_payload\":false}");
    socket.send(
        "{\"envelope_id\":\"env-bad-2\",\"type\":\"events_api\","
            + "\"payload\":{\"type\":\"event_callback\",\"event\":42}}");
    socket.send("{\"envelope_id\":\"env-bad-3\",\"type\":\"slash_commands\",\"payload\":[1,2,3]}");
    socket.send(
        "{\"envelope_id\":\"env-bad-4\",\"type\":\"interactive\","
            + "\"payload\":{\"type\":\"block_actions\",\"actions\":\"none\",\"container\":7}}");
    socket.send("{\"envelope_id\":\"env-bad-5\",\"type\":\"something_new\",\"payload\":null}");
    socket.send(
        "{\"envelope_id\":\"env-bad-6\",\"type\":\"events_api\",\"payload\":{\"type\":"
            + "\"event_callback\",\"event_id\":\"Ev-bad-6\",\"event\":{\"type\":\"message\","
            + "\"channel\":\"D\u202Eevil\u0000\",\"user\":\"U1\",\"text\":\"\uD83D\uDE00"
            + "\u0001\",\"ts\":null,\"channel_type\":\"im\"}}}");
    socket.send("\u0000\u0001 not json \uD83D\uDE00");
    socket.send("{\"type\":");
    socket.send("[]");
    socket.send(
        envelope("env-bad-ok", "events_api", dm("Ev-sm-after", "D500", "U1", "hello", "500.1"), 0));

    for (String id :
        new String[] {
          "env-bad-1", "env-bad-2", "env-bad-3", "env-bad-4", "env-bad-5", "env-bad-6"
        }) {
      assertThat(socket.acked(id, SLACK_ACK_DEADLINE)).as(id).isTrue();
    }
    assertThat(socket.acked("env-bad-ok", SLACK_ACK_DEADLINE)).isTrue();
    assertThat(slack.await("chat.postMessage").param("channel")).isEqualTo("D500");
    assertThat(slack.poll("chat.postMessage", Duration.ZERO)).isNull();
    assertThat(socket.connections()).isEqualTo(connections);
  }

  @Test
  void reconnectsWhenSlackAsksToDisconnect() throws Exception {
    int connections = socket.connections();
    WebSocket old = socket.awaitConnection(connections);

    socket.send(
        "{\"type\":\"disconnect\",\"reason\":\"refresh_requested\","
            + "\"debug_info\":{\"host\":\"applink-test\"}}");

    assertThat(slack.await("apps.connections.open")).isNotNull();
    WebSocket fresh = socket.awaitConnection(connections + 1);
    assertThat(fresh).isNotSameAs(old);
    assertThat(socket.awaitClosed(old)).isTrue();
    socket.send(
        envelope("env-new-1", "events_api", dm("Ev-sm-new", "D600", "U1", "hello", "600.1"), 0));
    assertThat(socket.acked("env-new-1", SLACK_ACK_DEADLINE)).isTrue();
    assertThat(slack.await("chat.postMessage").param("channel")).isEqualTo("D600");
  }

  @Test
  void retriesTheFirstConnectionAndReplacesADroppedOne() throws Exception {
    FakeSocketModeServer own = new FakeSocketModeServer();
    FakeSlackWebApi api = new FakeSlackWebApi();
    api.socketUrl(own.url());
    // Slack refuses twice; Bolt's own session monitor would stop for good at the first refusal
    api.failConnectionsOpen(2);
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(api.url() + "/api/");
    App app =
        new App(
            AppConfig.builder().slack(Slack.getInstance(config)).singleTeamBotToken(null).build());
    SlackSocketMode mode =
        new SlackSocketMode(app, "xapp-other", Duration.ofMillis(50), Duration.ofMillis(200));
    try {
      mode.start();
      for (int i = 0; i < 3; i++) {
        api.await("apps.connections.open");
      }
      WebSocket first = own.awaitConnection(1);
      assertThat(mode.connected()).isTrue();

      api.failConnectionsOpen(1);
      own.dropNewest();
      assertThat(own.awaitClosed(first)).isTrue();
      // a refused reconnection, then a good one
      api.await("apps.connections.open");
      api.await("apps.connections.open");
      assertThat(own.awaitConnection(2)).isNotSameAs(first);
    } finally {
      mode.stop();
      own.close();
      api.close();
    }
    assertThat(mode.isRunning()).isFalse();
  }
}

package dev.tier0.connector.webchat;

import static dev.tier0.connector.webchat.ConversationApiTests.expectError;
import static dev.tier0.connector.webchat.ConversationApiTests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;

import com.jayway.jsonpath.JsonPath;
import dev.tier0.bot.BotReply;
import dev.tier0.bot.Channel;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.ConversationEngine;
import dev.tier0.bot.Requester;
import dev.tier0.bot.Speaker;
import dev.tier0.bot.TranscriptEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@WebMvcTest(properties = "helpdesk.webchat.per-client.capacity=100000")
@Import({RequestLimits.class, WebChatState.class, WebChatReplySink.class})
class EventStreamTests {

  @Autowired MockMvc mvc;
  @Autowired ConversationEngine engine;
  @Autowired WebChatReplySink sink;
  @Autowired WebChatTestApplication.SwitchableStore store;

  @Test
  void pushesAnAgentsReplyToTheOpenStream() throws Exception {
    String id = start();
    MvcResult stream = open(id);
    assertThat(stream.getResponse().getContentType()).startsWith("text/event-stream");
    assertThat(stream.getResponse().getContentAsString()).contains("event:ready");

    Conversation conversation =
        store
            .update(
                id,
                c -> {
                  c.append(new TranscriptEntry(Instant.now(), Speaker.AGENT, "Hi, Sam from IT."));
                  return c;
                })
            .orElseThrow();
    sink.deliver(conversation, new BotReply.Text("Hi, Sam from IT."));

    String events = stream.getResponse().getContentAsString();
    assertThat(events).contains("event:reply");
    String data = lastData(events);
    assertThat((String) JsonPath.read(data, "$.type")).isEqualTo("text");
    assertThat((String) JsonPath.read(data, "$.text")).isEqualTo("Hi, Sam from IT.");
    assertThat((String) JsonPath.read(data, "$.from")).isEqualTo("agent");
  }

  @Test
  void pushesCsatQuestionsAsChoicesAndRemembersThemForAReload() throws Exception {
    String id = start();
    MvcResult stream = open(id);
    Conversation conversation =
        store
            .update(
                id,
                c -> {
                  c.setPending(Conversation.Pending.CSAT);
                  return c;
                })
            .orElseThrow();
    BotReply.Choices csat =
        new BotReply.Choices(
            "How did we do?",
            List.of(
                new BotReply.Choice("1", "1"),
                new BotReply.Choice("2", "2"),
                new BotReply.Choice("3", "3"),
                new BotReply.Choice("4", "4"),
                new BotReply.Choice("5", "5")));
    sink.deliver(conversation, csat);

    String data = lastData(stream.getResponse().getContentAsString());
    assertThat((String) JsonPath.read(data, "$.type")).isEqualTo("choices");
    assertThat((String) JsonPath.read(data, "$.from")).isEqualTo("bot");
    assertThat((List<?>) JsonPath.read(data, "$.options")).hasSize(5);
    String history =
        mvc.perform(get("/api/v1/conversations/" + id))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat((String) JsonPath.read(history, "$.pendingChoices.options[4].value")).isEqualTo("5");
  }

  @Test
  void sendsTypingNotices() throws Exception {
    String id = start();
    MvcResult stream = open(id);
    sink.typing(id, true);
    assertThat(stream.getResponse().getContentAsString()).contains("event:typing");
    assertThat(
            (Boolean)
                JsonPath.read(lastData(stream.getResponse().getContentAsString()), "$.typing"))
        .isTrue();
  }

  @Test
  void servesOnlyWebConversations() {
    Conversation web = new Conversation("a", new Requester(null, null, null, Channel.WEB), null);
    Conversation slack =
        new Conversation("b", new Requester(null, null, null, Channel.SLACK), null);
    assertThat(sink.serves(web)).isTrue();
    assertThat(sink.serves(slack)).isFalse();
  }

  @Test
  void dropsRepliesForAConversationWithoutStreams() {
    Conversation gone = engine.start(new Requester(null, null, null, Channel.WEB));
    sink.deliver(gone, new BotReply.Text("Anyone there?"));
    assertThat(sink.openStreams(gone.getId())).isZero();
  }

  @Test
  void refusesAStreamForAnUnknownConversation() throws Exception {
    expectError(
        mvc.perform(get("/api/v1/conversations/nope/events").accept(MediaType.TEXT_EVENT_STREAM)),
        404,
        "conversation_not_found",
        "no conversation");
  }

  private String start() throws Exception {
    String body =
        mvc.perform(json(post("/api/v1/conversations"), "{\"channel\":\"web\"}"))
            .andReturn()
            .getResponse()
            .getContentAsString();
    return JsonPath.read(body, "$.conversationId");
  }

  private MvcResult open(String id) throws Exception {
    return mvc.perform(
            get("/api/v1/conversations/" + id + "/events").accept(MediaType.TEXT_EVENT_STREAM))
        .andExpect(request().asyncStarted())
        .andReturn();
  }

  static String lastData(String events) {
    String data = null;
    for (String line : events.split("\n")) {
      if (line.startsWith("data:")) {
        data = line.substring("data:".length());
      }
    }
    return data;
  }
}

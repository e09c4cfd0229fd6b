package dev.tier0.connector.webchat;

import static dev.tier0.connector.webchat.ConversationApiTests.expectError;
import static dev.tier0.connector.webchat.ConversationApiTests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.tier0.bot.ConversationEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@WebMvcTest(
    properties = {
      "helpdesk.webchat.per-conversation.capacity=3",
      "helpdesk.webchat.per-conversation.per-minute=1",
      "helpdesk.webchat.per-client.capacity=6",
      "helpdesk.webchat.per-client.per-minute=2",
      "helpdesk.webchat.max-streams-per-conversation=2",
      "helpdesk.webchat.heartbeat=100ms"
    })
@Import({RequestLimits.class, WebChatState.class, WebChatReplySink.class})
class RateLimitTests {

  @Autowired MockMvc mvc;
  @Autowired ConversationEngine engine;

  @Test
  void slowsDownAConversationThatReceivesTooManyMessages() throws Exception {
    String id = start("10.0.0.1");
    for (int i = 0; i < 3; i++) {
      mvc.perform(message(id, "vpn broken " + i, "10.0.1." + i)).andExpect(status().isOk());
    }
    expectError(mvc.perform(message(id, "vpn again", "10.0.1.9")), 429, "too_many_requests", "wait")
        .andExpect(header().string("Retry-After", "60"));
    assertThat(engine.find(id).orElseThrow().getTranscript())
        .noneMatch(e -> e.text().equals("vpn again"));
  }

  @Test
  void slowsDownAClientThatSendsTooMuch() throws Exception {
    String address = "10.0.2.1";
    String[] ids = new String[3];
    for (int i = 0; i < 3; i++) {
      ids[i] = start(address);
    }
    for (int i = 0; i < 3; i++) {
      mvc.perform(message(ids[i], "hello", address)).andExpect(status().isOk());
    }
    expectError(
            mvc.perform(message(ids[0], "vpn down", address)),
            429,
            "too_many_requests",
            "this device")
        .andExpect(header().string("Retry-After", "30"));
    assertThat(engine.find(ids[0]).orElseThrow().getTranscript())
        .noneMatch(e -> e.text().equals("vpn down"));
    // Another client is not affected.
    mvc.perform(message(ids[0], "vpn down", "10.0.2.2")).andExpect(status().isOk());
  }

  @Test
  void refusesTooManyStreamsForOneConversation() throws Exception {
    String id = start("10.0.3.1");
    for (int i = 0; i < 2; i++) {
      mvc.perform(events(id)).andExpect(request().asyncStarted());
    }
    expectError(mvc.perform(events(id)), 429, "too_many_streams", "too many open windows")
        .andExpect(header().exists("Retry-After"));
  }

  @Test
  void keepsIdleStreamsAliveWithHeartbeats() throws Exception {
    String id = start("10.0.4.1");
    var stream = mvc.perform(events(id)).andExpect(request().asyncStarted()).andReturn();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> stream.getResponse().getContentAsString().contains(":heartbeat"));
  }

  private String start(String address) throws Exception {
    String body =
        mvc.perform(
                json(post("/api/v1/conversations"), "{\"channel\":\"web\"}").with(from(address)))
            .andExpect(status().isCreated())
            .andReturn()
            .getResponse()
            .getContentAsString();
    return JsonPath.read(body, "$.conversationId");
  }

  private static MockHttpServletRequestBuilder message(String id, String text, String address) {
    return json(post("/api/v1/conversations/" + id + "/messages"), "{\"text\":\"" + text + "\"}")
        .with(from(address));
  }

  private static MockHttpServletRequestBuilder events(String id) {
    return get("/api/v1/conversations/" + id + "/events").accept(MediaType.TEXT_EVENT_STREAM);
  }

  private static org.springframework.test.web.servlet.request.RequestPostProcessor from(
      String address) {
    return request -> {
      request.setRemoteAddr(address);
      return request;
    };
  }
}

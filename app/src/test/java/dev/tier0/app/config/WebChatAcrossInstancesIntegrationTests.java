package dev.tier0.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.app.AppIntegrationTestSupport;
import dev.tier0.app.HelpdeskApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances of the desk on one Redis: the shared test application ("A") and a second one
 * started here ("B") on the same Redis server. An agent's answer sent through either instance
 * reaches the web chat streams open on both, each exactly once.
 */
class WebChatAcrossInstancesIntegrationTests extends AppIntegrationTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String AGENT_AUTH =
      "Basic "
          + Base64.getEncoder()
              .encodeToString((AGENT + ":" + AGENT_PASSWORD).getBytes(StandardCharsets.UTF_8));

  private static ConfigurableApplicationContext second;
  private static int secondPort;

  @Autowired RedisConfiguration.RedisEndpoint redis;

  private final List<EventStream> streams = new ArrayList<>();

  @BeforeEach
  void startTheSecondInstance() throws Exception {
    if (second == null) {
      Path dir =
          Files.createTempDirectory(
              Files.createDirectories(Path.of("target", "app-test-data")), "second-");
      second =
          new SpringApplicationBuilder(HelpdeskApplication.class)
              .properties(
                  "server.port=0",
                  "spring.data.redis.url=" + redis.uri(),
                  "helpdesk.data-dir=" + dir.toAbsolutePath(),
                  "helpdesk.security.bootstrap-agent=" + AGENT + ":" + AGENT_PASSWORD,
                  "logging.level.dev.tier0=WARN",
                  "server.shutdown=immediate")
              .run();
      secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port", "0"));
    }
  }

  @AfterEach
  void closeStreams() {
    streams.forEach(EventStream::close);
  }

  @AfterAll
  static void stopTheSecondInstance() {
    if (second != null) {
      second.close();
      second = null;
    }
  }

  @Test
  void pushesAnAgentsAnswerToStreamsOnBothInstancesExactlyOnce() throws Exception {
    String[] handedOff = handedOffConversation();
    String id = handedOff[0];
    String ticketId = handedOff[1];
    EventStream onA = open(port, id);
    EventStream onB = open(secondPort, id);

    // the agent works on instance A
    assertThat(post(port, "/api/v1/agent/tickets/" + ticketId + "/claim", "", AGENT_AUTH))
        .isEqualTo(200);
    say(port, ticketId, "Hi, this is the agent on A.");
    say(port, ticketId, "marker A");

    for (EventStream stream : List.of(onA, onB)) {
      List<String> texts = stream.repliesUntil("marker A");
      assertThat(texts).as(stream.name).containsOnlyOnce("Hi, this is the agent on A.");
    }

    // and then on instance B
    say(secondPort, ticketId, "And now from B.");
    say(secondPort, ticketId, "marker B");
    for (EventStream stream : List.of(onA, onB)) {
      List<String> texts = stream.repliesUntil("marker B");
      assertThat(texts).as(stream.name).containsExactly("And now from B.", "marker B");
    }
  }

  // ---- helpers

  /** A new web conversation handed off to a person: its id and its ticket's id. */
  private String[] handedOffConversation() throws Exception {
    HttpResponse<String> started =
        send(
            port,
            "/api/v1/conversations",
            "{\"channel\":\"web\",\"userId\":\"u-across\",\"displayName\":\"Ada\"}",
            null);
    assertThat(started.statusCode()).isEqualTo(201);
    String id = JSON.readTree(started.body()).get("conversationId").asText();
    HttpResponse<String> turn =
        send(
            port,
            "/api/v1/conversations/" + id + "/messages",
            "{\"text\":\"talk to a person\"}",
            null);
    JsonNode h = JSON.readTree(turn.body());
    assertThat(h.get("outcome").asText()).as(turn.body()).isEqualTo("handoff");
    return new String[] {id, h.get("ticket").get("id").asText()};
  }

  private void say(int port, String ticketId, String text) throws Exception {
    assertThat(
            post(
                port,
                "/api/v1/agent/tickets/" + ticketId + "/messages",
                "{\"text\":\"" + text + "\"}",
                AGENT_AUTH))
        .isEqualTo(200);
  }

  private int post(int port, String path, String json, String auth) throws Exception {
    HttpResponse<String> r = send(port, path, json, auth);
    return r.statusCode();
  }

  private HttpResponse<String> send(int port, String path, String json, String auth)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private EventStream open(int port, String id) throws Exception {
    EventStream stream = new EventStream("stream on port " + port);
    streams.add(stream);
    HttpResponse<Stream<String>> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + port + "/api/v1/conversations/" + id + "/events"))
                .header("Accept", "text/event-stream")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    stream.read(r.body());
    assertThat(stream.next()).as("the ready event").isEqualTo(new Event("ready", "{}"));
    return stream;
  }

  record Event(String name, String data) {}

  /** One open SSE stream, read on its own thread into a queue of events. */
  static final class EventStream implements AutoCloseable {
    final String name;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile Stream<String> lines;

    EventStream(String name) {
      this.name = name;
    }

    void read(Stream<String> body) {
      lines = body;
      Thread reader =
          new Thread(
              () -> {
                String event = "message";
                StringBuilder data = new StringBuilder();
                try {
                  for (String line : (Iterable<String>) body::iterator) {
                    if (line.isEmpty()) {
                      if (!data.isEmpty()) {
                        events.add(new Event(event, data.toString()));
                      }
                      event = "message";
                      data.setLength(0);
                    } else if (line.startsWith("event:")) {
                      event = line.substring("event:".length()).strip();
                    } else if (line.startsWith("data:")) {
                      data.append(line.substring("data:".length()).strip());
                    }
                  }
                } catch (RuntimeException e) {
                  // the stream was closed by the test
                }
              },
              name);
      reader.setDaemon(true);
      reader.start();
    }

    Event next() throws InterruptedException {
      Event e = events.poll(10, TimeUnit.SECONDS);
      assertThat(e).as("an event on the " + name).isNotNull();
      return e;
    }

    /** The texts of the reply events up to and including the one with this text. */
    List<String> repliesUntil(String last) throws InterruptedException {
      List<String> texts = new ArrayList<>();
      while (true) {
        Event e = next();
        if (!"reply".equals(e.name())) {
          continue;
        }
        JsonNode text = JSON.readTree(e.data()).get("text");
        String t = text == null ? "" : text.asText();
        texts.add(t);
        if (t.equals(last)) {
          return texts;
        }
      }
    }

    @Override
    public void close() {
      Stream<String> s = lines;
      if (s != null) {
        s.close();
      }
    }
  }
}

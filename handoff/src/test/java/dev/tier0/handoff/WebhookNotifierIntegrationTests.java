package dev.tier0.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebhookNotifierIntegrationTests {

  static final String SECRET = "0123456789abcdef-secret";

  record Received(byte[] body, Map<String, List<String>> headers) {}

  final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  final AtomicInteger failuresLeft = new AtomicInteger();
  HttpServer receiver;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          boolean fail = failuresLeft.getAndDecrement() > 0;
          if (!fail) {
            received.add(new Received(body, exchange.getRequestHeaders()));
          }
          exchange.sendResponseHeaders(fail ? 503 : 204, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  WebhookConfig config(int attempts) {
    return new WebhookConfig(
        URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
        SECRET,
        WebhookConfig.DEFAULT_EVENTS,
        attempts,
        Duration.ofMillis(20),
        Duration.ofSeconds(2));
  }

  static TicketEvent event(String type) {
    Ticket ticket =
        new Ticket(
            "INC-2026-000042",
            Instant.now(),
            null,
            "web",
            "c-1",
            "VPN",
            "network.vpn",
            new Ticket.Intent("vpn_connect", 0.5, List.of()),
            List.of(),
            Priority.P3,
            Level.LOW,
            Level.HIGH,
            new Ticket.Sla(Instant.now(), Instant.now()),
            "user_request",
            List.of(),
            List.of(),
            List.of(),
            TicketStatus.NEW,
            null,
            List.of(),
            null,
            null,
            null,
            null,
            null,
            null);
    return TicketEvent.of(type, ticket, Instant.now(), null);
  }

  @Test
  void postsSignedEventsWithATimestamp() throws Exception {
    try (WebhookNotifier notifier = new WebhookNotifier(config(1), Clock.systemUTC())) {
      notifier.publish(event(TicketEvent.CREATED));

      Received r = received.poll(5, TimeUnit.SECONDS);
      assertThat(r).isNotNull();
      assertThat(r.headers().get(WebhookNotifier.SIGNATURE_HEADER))
          .containsExactly(WebhookNotifier.sign(r.body(), SECRET));
      assertThat(r.headers().get(WebhookNotifier.SIGNATURE_HEADER).get(0))
          .matches("sha256=[0-9a-f]{64}");
      assertThat(r.headers().get(WebhookNotifier.TIMESTAMP_HEADER).get(0)).matches("\\d{10}");
      JsonNode json = HandoffJson.MAPPER.readTree(r.body());
      assertThat(json.get("type").asString()).isEqualTo("ticket.created");
      assertThat(json.get("ticket").get("id").asString()).isEqualTo("INC-2026-000042");
    }
  }

  @Test
  void retriesWithBackoffUntilTheReceiverAccepts() throws Exception {
    failuresLeft.set(2);
    try (WebhookNotifier notifier = new WebhookNotifier(config(4), Clock.systemUTC())) {
      notifier.publish(event(TicketEvent.RESOLVED));

      assertThat(received.poll(5, TimeUnit.SECONDS)).isNotNull();
      assertThat(failuresLeft.get()).isEqualTo(-1);
    }
  }

  @Test
  void sendsOnlyTheConfiguredEvents() throws Exception {
    try (WebhookNotifier notifier = new WebhookNotifier(config(1), Clock.systemUTC())) {
      notifier.publish(event(TicketEvent.USER_MESSAGE));
      notifier.publish(event(TicketEvent.CLAIMED));

      Received r = received.poll(5, TimeUnit.SECONDS);
      assertThat(HandoffJson.MAPPER.readTree(r.body()).get("type").asString())
          .isEqualTo("ticket.claimed");
      assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test
  void refusesAMalformedConfigurationAtStartUp() {
    assertThatThrownBy(() -> WebhookConfig.of("not a url", SECRET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("helpdesk.webhook.url");
    assertThatThrownBy(() -> WebhookConfig.of("ftp://example.com/hook", SECRET))
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> WebhookConfig.of("/relative/hook", SECRET))
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> WebhookConfig.of("https://example.com/hook", ""))
        .hasMessageContaining("helpdesk.webhook.secret is empty");
    assertThatThrownBy(() -> WebhookConfig.of("https://example.com/hook", "short"))
        .hasMessageContaining("too short");
    assertThatThrownBy(() ->
            new WebhookConfig(
                URI.create("https://example.com/hook"),
                SECRET,
                Set.of(),
                0,
                Duration.ZERO,
                Duration.ofSeconds(1)))
        .hasMessageContaining("max-attempts");
    assertThat(WebhookConfig.of(" https://example.com/hook ", SECRET).events())
        .isEqualTo(WebhookConfig.DEFAULT_EVENTS);
  }
}

package dev.tier0.connector.teams;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** When a reply is sent again and when it is not, against a loopback Bot Connector. */
class ConnectorClientIntegrationTests {

  private static FakeBotFramework microsoft;
  private static HttpClient http;
  private ConnectorClient client;

  @BeforeAll
  static void startFakes() {
    microsoft = new FakeBotFramework();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  @AfterAll
  static void stopFakes() {
    microsoft.close();
    http.close();
  }

  @BeforeEach
  void newClient() {
    microsoft.reset();
    TeamsProperties settings =
        new TeamsProperties(
            FakeBotFramework.APP_ID,
            FakeBotFramework.APP_PASSWORD,
            null,
            microsoft.metadataUrl(),
            microsoft.tokenUrl(),
            "https://api.botframework.com/.default",
            262144,
            Duration.ofMinutes(5),
            Duration.ofHours(24),
            Duration.ZERO,
            3,
            Duration.ofSeconds(5),
            Duration.ofHours(1),
            1);
    JsonMapper json = JsonMapper.builder().build();
    Clock clock = Clock.systemUTC();
    client =
        new ConnectorClient(
            settings, new AccessTokens(settings, http, json, clock), http, json, clock);
  }

  private static Activity hello() {
    return Activity.outgoing(null, null, null, "hello", List.of());
  }

  @Test
  void sendsAgainAfterA503ThatSaysWhen() throws Exception {
    microsoft.script(new FakeBotFramework.Scripted(503, "0"));
    assertThat(client.send(microsoft.serviceUrl(), "c1", null, hello())).isTrue();
    assertThat(microsoft.attempts.get()).isEqualTo(2);
    assertThat(microsoft.nextDelivered(Duration.ofSeconds(5))).isNotNull();
  }

  @Test
  void doesNotSendAgainAfterA503WithoutRetryAfter() {
    microsoft.script(new FakeBotFramework.Scripted(503, null));
    assertThat(client.send(microsoft.serviceUrl(), "c1", null, hello())).isFalse();
    assertThat(microsoft.attempts.get()).isEqualTo(1);
  }

  @Test
  void getsAFreshTokenOnceWhenTheConnectorRefusesIt() {
    microsoft.script(
        new FakeBotFramework.Scripted(401, null), new FakeBotFramework.Scripted(401, null));
    int tokens = microsoft.tokenRequests.get();
    assertThat(client.send(microsoft.serviceUrl(), "c1", null, hello())).isFalse();
    assertThat(microsoft.attempts.get()).isEqualTo(2);
    assertThat(microsoft.tokenRequests.get()).isEqualTo(tokens + 2);
  }

  @Test
  void givesUpWhenRetryAfterIsTooLong() {
    microsoft.script(new FakeBotFramework.Scripted(429, "3600"));
    assertThat(client.send(microsoft.serviceUrl(), "c1", null, hello())).isFalse();
    assertThat(microsoft.attempts.get()).isEqualTo(1);
  }

  @Test
  void triesAgainWhenTheConnectionIsRefusedAndFinallyGivesUpWithoutThrowing() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    // a token is fetched first, so the only refused connection is the connector's
    assertThat(client.send("http://127.0.0.1:" + closedPort + "/", "c1", "r1", hello())).isFalse();
  }

  @Test
  void escapesConversationIdsInThePath() {
    assertThat(
            ConnectorClient.activitiesUri("https://smba.example.net/emea/", "a:1 b;c=d", "1/2")
                .toString())
        .isEqualTo(
            "https://smba.example.net/emea/v3/conversations/a%3A1%20b%3Bc%3Dd/activities/1%2F2");
  }
}

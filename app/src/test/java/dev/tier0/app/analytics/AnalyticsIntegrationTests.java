package dev.tier0.app.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.app.AppIntegrationTestSupport;
import dev.tier0.app.WebSession;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seeds conversations through the public API, with a fixed and printed seed, and checks that the
 * dashboard's figures are exactly the tally of what the API answered. The app is shared with other
 * test classes, so counts are compared as the difference between before and after the seeding.
 */
class AnalyticsIntegrationTests extends AppIntegrationTestSupport {

  static final long SEED = Long.getLong("analytics.seed", 20260302L);
  static final int CONVERSATIONS = 16;
  static final JsonMapper JSON = JsonMapper.builder().build();

  final HttpClient http =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** What the API told us, tallied the way the dashboard defines its figures. */
  static final class Tally {
    int conversations;
    int handedOff;
    int confirmed;
    int implied;
    int turns;
    int fcr;
    final List<Integer> ratings = new ArrayList<>();
    final Map<String, Integer> outcomes = new TreeMap<>();
    final Map<String, Integer> intents = new TreeMap<>();
    final Map<String, Integer> reasons = new TreeMap<>();
    int classifiedTurns;
  }

  @Test
  void figuresMatchASeededSetOfConversationsExactly() throws Exception {
    System.out.println(
        "AnalyticsIntegrationTests seed: " + SEED + " (replay with -Danalytics.seed=" + SEED + ")");
    Random random = new Random(SEED);
    JsonNode before = report();
    String beforeMetrics = get("/actuator/prometheus", false).body();
    Tally tally = new Tally();
    for (int i = 0; i < CONVERSATIONS; i++) {
      seedOne(random.nextInt(4), tally);
    }
    JsonNode after = report();

    JsonNode b = before.get("report");
    JsonNode a = after.get("report");
    assertThat(delta(a, b, "conversations")).isEqualTo(tally.conversations);
    assertThat(delta(a, b, "handedOff")).isEqualTo(tally.handedOff);
    assertThat(delta(a, b, "confirmedResolutions")).isEqualTo(tally.confirmed);
    assertThat(delta(a, b, "impliedResolutions")).isEqualTo(tally.implied);
    assertThat(delta(a, b, "firstContactResolutions")).isEqualTo(tally.fcr);
    assertThat(delta(a, b, "turns")).isEqualTo(tally.turns);
    assertThat(delta(a, b, "csatResponses")).isEqualTo(tally.ratings.size());
    assertThat(counts(a.get("outcomes")))
        .isEqualTo(plus(counts(b.get("outcomes")), tally.outcomes));
    assertThat(counts(a.get("escalationReasons")))
        .isEqualTo(plus(counts(b.get("escalationReasons")), tally.reasons));
    long histogram = 0;
    for (int i = 0; i < 10; i++) {
      histogram +=
          a.get("confidenceHistogram").get(i).asLong()
              - b.get("confidenceHistogram").get(i).asLong();
    }
    assertThat(histogram).isEqualTo(tally.classifiedTurns);
    Map<String, Integer> ratingDelta = new TreeMap<>();
    tally.ratings.forEach(r -> ratingDelta.merge(Integer.toString(r), 1, Integer::sum));
    assertThat(counts(a.get("csatDistribution")))
        .isEqualTo(plus(counts(b.get("csatDistribution")), ratingDelta));

    // The rates are the shares of the (cumulative) counts, to four decimals.
    long conversations = a.get("conversations").asLong();
    assertThat(a.get("containmentRate").asDouble())
        .isEqualTo(share(conversations - a.get("handedOff").asLong(), conversations));
    assertThat(a.get("escalationRate").asDouble())
        .isEqualTo(share(a.get("handedOff").asLong(), conversations));
    assertThat(a.get("firstContactResolutionRate").asDouble())
        .isEqualTo(share(a.get("firstContactResolutions").asLong(), conversations));

    // The seed makes every kind of conversation appear.
    assertThat(tally.handedOff).isPositive();
    assertThat(tally.confirmed).isPositive();
    assertThat(tally.implied).isPositive();
    assertThat(tally.ratings).isNotEmpty();

    // The CSV carries the same figures.
    String csv = get("/console/analytics/api/report.csv", true).body();
    assertThat(csv)
        .startsWith("section,name,value")
        .contains("conversations,total," + conversations + "\r\n");

    // Prometheus sees the same activity.
    String metrics = get("/actuator/prometheus", false).body();
    assertThat(metrics)
        .contains("helpdesk_turn_seconds_bucket")
        .contains("helpdesk_queue_depth{priority=\"P1\"}")
        .contains("helpdesk_intents_total{intent=")
        .contains("helpdesk_kb_no_answer_total");
    assertThat(
            metricSum(metrics, "helpdesk_handoffs_total")
                - metricSum(beforeMetrics, "helpdesk_handoffs_total"))
        .isEqualTo(tally.handedOff);
    assertThat(
            metricSum(metrics, "helpdesk_turn_seconds_count")
                - metricSum(beforeMetrics, "helpdesk_turn_seconds_count"))
        .isEqualTo(tally.turns);
  }

  @Test
  void refusesABadRange() throws Exception {
    HttpResponse<String> r = get("/console/analytics/api/report?from=yesterday", true);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"error\":\"invalid_from\"");
    HttpResponse<String> backwards =
        get("/console/analytics/api/report?from=2026-03-02&to=2026-03-01", true);
    assertThat(backwards.statusCode()).isEqualTo(400);
    assertThat(backwards.body()).contains("\"error\":\"invalid_range\"");
  }

  private void seedOne(int kind, Tally tally) throws Exception {
    String id = startConversation();
    boolean handedOff = false;
    boolean confirmed = false;
    String ticket = null;
    List<JsonNode> turns = new ArrayList<>();
    switch (kind) {
      case 0 -> {
        // A problem the bot answers with an article (no guided flow), confirmed as fixed.
        JsonNode t = send(id, "nobody can hear me in teams calls, my microphone seems dead");
        turns.add(t);
        String yes = choice(t, "Yes");
        if (yes != null) {
          turns.add(send(id, yes));
        }
      }
      case 1 -> turns.add(send(id, "my vpn is broken"));
      case 2 -> turns.add(send(id, "hello"));
      default -> turns.add(send(id, "I want to talk to a person"));
    }
    for (JsonNode t : turns) {
      if (t.hasNonNull("ticket")) {
        ticket = t.get("ticket").get("id").asString();
      }
    }
    if (ticket != null) {
      // A person takes it, fixes it, and the user rates the help.
      agent("/api/v1/agent/tickets/" + ticket + "/claim", "");
      agent("/api/v1/agent/tickets/" + ticket + "/messages", "{\"text\":\"Looking at it now.\"}");
      agent(
          "/api/v1/agent/tickets/" + ticket + "/resolve",
          "{\"resolution\":\"Reset the account.\"}");
      int rating = 1 + (int) (Math.abs((long) ticket.hashCode()) % 5);
      turns.add(send(id, Integer.toString(rating)));
      tally.ratings.add(rating);
      tally.reasons.merge(reasonOf(ticket), 1, Integer::sum);
    }
    tally.conversations++;
    for (JsonNode t : turns) {
      tally.turns++;
      tally.outcomes.merge(t.get("outcome").asString(), 1, Integer::sum);
      if (t.hasNonNull("nlu")) {
        tally.classifiedTurns++;
        tally.intents.merge(t.get("nlu").get("intent").asString(), 1, Integer::sum);
      }
      handedOff |= t.hasNonNull("ticket");
      confirmed |= "resolved".equals(t.get("outcome").asString());
    }
    if (handedOff) {
      tally.handedOff++;
      tally.fcr++; // resolved by the agent who claimed it, never transferred
    } else if (confirmed) {
      tally.confirmed++;
      tally.fcr++;
    } else {
      tally.implied++;
    }
  }

  private String reasonOf(String ticket) throws Exception {
    HttpResponse<String> r = get("/api/v1/agent/tickets/" + ticket, true);
    return JSON.readTree(r.body()).get("reason").asString();
  }

  private static String choice(JsonNode turn, String labelStart) {
    for (JsonNode reply : turn.get("replies")) {
      if ("choices".equals(reply.path("type").asString())) {
        for (JsonNode option : reply.get("options")) {
          if (option.get("label").asString().startsWith(labelStart)) {
            return option.get("value").asString();
          }
        }
      }
    }
    return null;
  }

  private String startConversation() throws Exception {
    HttpResponse<String> r =
        post(
            "/api/v1/conversations",
            "{\"channel\":\"web\",\"userId\":\"seed\",\"displayName\":\"Sam Seed\"}",
            false);
    assertThat(r.statusCode()).isEqualTo(201);
    return JSON.readTree(r.body()).get("conversationId").asString();
  }

  private JsonNode send(String conversationId, String text) throws Exception {
    HttpResponse<String> r =
        post(
            "/api/v1/conversations/" + conversationId + "/messages",
            JSON.writeValueAsString(Map.of("text", text)),
            false);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private void agent(String path, String body) throws Exception {
    HttpResponse<String> r = post(path, body, true);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private JsonNode report() throws Exception {
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    HttpResponse<String> r =
        get("/console/analytics/api/report?from=" + today + "&to=" + today, true);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private WebSession adminSession;

  /** The console's pages take a signed-in session; the agent API takes HTTP basic. */
  private HttpResponse<String> get(String path, boolean admin) throws Exception {
    if (admin && path.startsWith("/console/")) {
      if (adminSession == null) {
        adminSession = new WebSession(url(""));
        adminSession.login(ADMIN, ADMIN_PASSWORD);
      }
      return adminSession.get(path);
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
    if (admin) {
      b.header("Authorization", basic(ADMIN, ADMIN_PASSWORD));
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body, boolean admin) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path)))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json");
    if (admin) {
      b.header("Authorization", basic(ADMIN, ADMIN_PASSWORD));
    }
    return http.send(
        b.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String name, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static long delta(JsonNode after, JsonNode before, String field) {
    return after.get(field).asLong() - before.get(field).asLong();
  }

  private static Map<String, Integer> counts(JsonNode list) {
    Map<String, Integer> out = new TreeMap<>();
    for (JsonNode c : list) {
      if (c.get("count").asLong() > 0) {
        out.put(c.get("name").asString(), c.get("count").asInt());
      }
    }
    return out;
  }

  private static Map<String, Integer> plus(Map<String, Integer> a, Map<String, Integer> b) {
    Map<String, Integer> out = new TreeMap<>(a);
    b.forEach((k, v) -> out.merge(k, v, Integer::sum));
    return out;
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0 : Math.round((double) part / whole * 10_000) / 10_000.0;
  }

  /** The sum of every series of a Prometheus metric. */
  private static double metricSum(String exposition, String name) {
    Map<String, Double> series = new HashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        int space = line.lastIndexOf(' ');
        series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return series.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}

package dev.tier0.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.tier0.app.AppTestSupport.Response;
import dev.tier0.identity.EmbeddedDirectory;
import dev.tier0.identity.EmbeddedMailServer;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Every built-in guided flow over the HTTP API of the whole app, to resolution and to hand-off: the
 * shipped intent model, the bundled Redis, the demo directory (in-memory LDAP) and the demo mail
 * server (GreenMail). Web users are verified by an identity token from the demo sign-in, codes are
 * read from the mailbox and typed into the chat, and every test checks that no code or temporary
 * password shows anywhere a person or a log could read it.
 */
@ExtendWith(OutputCaptureExtension.class)
class GuidedFlowsHttpIntegrationTests extends AppIntegrationTestSupport {

  static final String AGENT_AUTH = AGENT + ":" + AGENT_PASSWORD;
  static final String ADMIN_AUTH = ADMIN + ":" + ADMIN_PASSWORD;
  static final String PEOPLE = "ou=people,dc=example,dc=com";
  static final Pattern CODE = Pattern.compile("code is (\\d{6})");
  static final Pattern PASSWORD = Pattern.compile("password is:\\s+(\\S+)");

  @Autowired EmbeddedDirectory directory;
  @Autowired EmbeddedMailServer mailbox;

  AppTestSupport http;
  final List<String> secrets = new ArrayList<>();
  final List<String> replies = new ArrayList<>();
  final List<String> conversations = new ArrayList<>();
  final List<String> tickets = new ArrayList<>();
  String id;

  @BeforeEach
  void setUp() {
    http = new AppTestSupport(port);
  }

  @AfterEach
  void noSecretLeaked(CapturedOutput output) throws Exception {
    List<String> places = new ArrayList<>(replies);
    for (String c : conversations) {
      places.add(http.get("/api/v1/conversations/" + c, null).body());
    }
    for (String t : tickets) {
      places.add(http.get("/api/v1/tickets/" + t, AGENT_AUTH).body());
    }
    places.add(http.get("/api/v1/admin/audit?limit=1000", ADMIN_AUTH).body());
    places.add(output.getAll());
    for (String secret : secrets) {
      assertThat(places).noneMatch(p -> p.contains(secret));
    }
  }

  // ---- conversation helpers ----

  /** A web conversation of a demo user, verified by a token the demo sign-in signed. */
  String startVerified(String userId) throws Exception {
    Response token = http.post("/api/v1/demo/identity-token", "{\"userId\":\"" + userId + "\"}");
    assertThat(token.status()).isEqualTo(200);
    return start(
        "{\"channel\":\"web\",\"identityToken\":\""
            + token.json().get("identityToken").asText()
            + "\"}");
  }

  String startUnverified(String email) throws Exception {
    return start("{\"channel\":\"web\",\"displayName\":\"Visitor\",\"email\":\"" + email + "\"}");
  }

  private String start(String body) throws Exception {
    Response r = http.post("/api/v1/conversations", body);
    assertThat(r.status()).isEqualTo(201);
    id = r.json().get("conversationId").asText();
    conversations.add(id);
    return id;
  }

  /** Sends a message (or a choice's value) and returns the turn. */
  JsonNode say(String text) throws Exception {
    Response r =
        http.post(
            "/api/v1/conversations/" + id + "/messages",
            "{\"text\":" + AppTestSupport.quote(text) + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    replies.add(r.body());
    JsonNode ticket = r.json().get("ticket");
    if (ticket != null && !ticket.isNull()) {
      tickets.add(ticket.get("id").asText());
    }
    return r.json();
  }

  /** Everything the user sees of a turn: texts, choice questions with their labels and values. */
  static String text(JsonNode turn) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode reply : turn.get("replies")) {
      if (reply.hasNonNull("text")) {
        sb.append(reply.get("text").asText()).append('\n');
      }
      if (reply.hasNonNull("articleId")) {
        sb.append("[Article ").append(reply.get("articleId").asText()).append("]\n");
      }
      if (reply.has("options")) {
        for (JsonNode o : reply.get("options")) {
          sb.append(" * ").append(o.get("label").asText()).append(" = ");
          sb.append(o.get("value").asText()).append('\n');
        }
      }
    }
    return sb.toString();
  }

  static String outcome(JsonNode turn) {
    return turn.get("outcome").asText();
  }

  /** The ticket of a hand-off turn, read through the agent API. */
  JsonNode ticket(JsonNode turn) throws Exception {
    assertThat(outcome(turn)).as(text(turn)).isEqualTo("handoff");
    Response r = http.get("/api/v1/tickets/" + turn.get("ticket").get("id").asText(), AGENT_AUTH);
    assertThat(r.status()).isEqualTo(200);
    return r.json();
  }

  static List<String> stepsTried(JsonNode ticket) {
    List<String> steps = new ArrayList<>();
    ticket.get("stepsTried").forEach(s -> steps.add(s.asText()));
    return steps;
  }

  /** Outcomes of this user's audit entries for an action in this conversation, oldest first. */
  List<String> audited(String userId, String action) throws Exception {
    Response r =
        http.get(
            "/api/v1/admin/audit?userId=" + userId + "&action=" + action + "&limit=1000",
            ADMIN_AUTH);
    assertThat(r.status()).isEqualTo(200);
    List<String> outcomes = new ArrayList<>();
    for (JsonNode e : r.json().get("entries")) {
      if (id.equals(e.get("conversationId").asText())) {
        assertThat(e.get("channel").asText()).isEqualTo("web");
        outcomes.add(e.get("outcome").asText());
      }
    }
    // The API lists the newest first.
    return outcomes.reversed();
  }

  // ---- mailbox and directory helpers ----

  /** The ids of the mails received so far (the mailbox lists them by recipient, not by time). */
  Set<String> mails() throws Exception {
    Set<String> ids = new HashSet<>();
    for (MimeMessage m : mailbox.messages()) {
      ids.add(m.getMessageID());
    }
    return ids;
  }

  /**
   * The secret in a new mail (not among {@code before}) to this address, polled for up to ten
   * seconds, and remembered for the leak checks.
   */
  String secretFromMail(Set<String> before, String to, String subjectWords, Pattern secret)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      List<MimeMessage> messages = mailbox.messages();
      for (MimeMessage m : messages) {
        if (!before.contains(m.getMessageID())
            && m.getSubject().contains(subjectWords)
            && sentTo(m, to)) {
          Matcher matcher = secret.matcher(GreenMailUtil.getBody(m));
          assertThat(matcher.find()).isTrue();
          secrets.add(matcher.group(1));
          return matcher.group(1);
        }
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    StringBuilder seen = new StringBuilder();
    for (MimeMessage m : mailbox.messages()) {
      seen.append(m.getSubject()).append(" to ");
      seen.append(java.util.Arrays.toString(m.getAllRecipients())).append('\n');
    }
    throw new AssertionError(
        "no mail about " + subjectWords + " to " + to + " among new mails:\n" + seen);
  }

  static boolean sentTo(MimeMessage m, String to) throws Exception {
    for (Address a : m.getAllRecipients()) {
      if (a.toString().contains(to)) {
        return true;
      }
    }
    return false;
  }

  /** Sends a message that should mail a code, and returns the code from the mailbox. */
  String sayAndReadCode(String text, String email, String expectedReply) throws Exception {
    Set<String> before = mails();
    String reply = text(say(text));
    assertThat(reply).contains(expectedReply).contains("I've sent a 6-digit code");
    return secretFromMail(before, email, "verification code", CODE);
  }

  SearchResultEntry entry(String uid) throws Exception {
    return directory.server().getEntry("uid=" + uid + "," + PEOPLE);
  }

  void lock(String uid) throws Exception {
    if (!entry(uid).hasAttribute("pwdAccountLockedTime")) {
      directory
          .server()
          .modify(
              "uid=" + uid + "," + PEOPLE,
              new Modification(
                  ModificationType.REPLACE, "pwdAccountLockedTime", "20260101000000Z"));
    }
  }

  void clearMfaFlag(String uid) throws Exception {
    if (entry(uid).hasAttribute("mfaReenrolRequired")) {
      directory
          .server()
          .modify(
              "uid=" + uid + "," + PEOPLE,
              new Modification(ModificationType.DELETE, "mfaReenrolRequired"));
    }
  }

  // ---- password reset ----

  @Test
  void passwordResetOverHttpSetsATemporaryPasswordAndResolves() throws Exception {
    startVerified("alan");
    String code = sayAndReadCode("I forgot my password", "alan@example.com", "a***@example.com");
    Set<String> before = mails();

    String reset = text(say(code));
    String password = secretFromMail(before, "alan@example.com", "temporary password", PASSWORD);

    assertThat(reset).contains("temporary password").doesNotContain(password);
    assertThat(entry("alan").getAttributeValue("userPassword")).isEqualTo(password);
    assertThat(entry("alan").getAttributeValue("pwdReset")).isEqualTo("TRUE");
    assertThat(outcome(say("yes"))).isEqualTo("resolved");
    assertThat(audited("alan", "reset_password")).containsExactly("ok");
    assertThat(audited("alan", "verify_otp")).containsExactly("ok");
  }

  @Test
  void passwordResetOverHttpHandsOffAfterThreeWrongCodes() throws Exception {
    startVerified("alan");
    String before = entry("alan").getAttributeValue("userPassword");
    String real = sayAndReadCode("I forgot my password", "alan@example.com", "6-digit code");
    String wrong = real.equals("123456") ? "654321" : "123456";
    assertThat(text(say(wrong))).contains("2 more attempt");
    say(wrong);
    JsonNode last = say(wrong);

    JsonNode ticket = ticket(last);
    assertThat(ticket.get("reason").asText()).isEqualTo("verification_failed");
    assertThat(stepsTried(ticket))
        .anyMatch(s -> s.contains("Action send_otp: sent"))
        .anyMatch(s -> s.contains("Action verify_otp: failed"));
    assertThat(entry("alan").getAttributeValue("userPassword")).isEqualTo(before);
    assertThat(audited("alan", "verify_otp")).containsExactly("wrong", "wrong", "failed");
  }

  @Test
  void anUnverifiedWebUserIsRefusedAResetAndOfferedAPerson() throws Exception {
    startUnverified("ada@example.com");
    Set<String> before = mails();

    JsonNode refusal = say("I forgot my password");

    assertThat(text(refusal))
        .contains("can't confirm who you are")
        .contains("Talk to a person = talk to a person")
        // No promise of a code that is refused in the same breath.
        .doesNotContain("6-digit code");
    assertThat(mails()).isEqualTo(before);
    // The engine hears "talk to a person" as a request for a person before the flow does.
    JsonNode ticket = ticket(say("talk to a person"));
    assertThat(ticket.get("reason").asText()).isEqualTo("user_request");
    assertThat(audited("ada@example.com", "identify")).containsExactly("unverified");
  }

  // ---- account unlock ----

  @Test
  void accountUnlockOverHttpClearsTheLockoutAndResolves() throws Exception {
    lock("ada");
    startVerified("ada");
    String code = sayAndReadCode("I'm locked out of my account", "ada@example.com", "locked");

    assertThat(text(say(code))).contains("unlocked");
    assertThat(entry("ada").hasAttribute("pwdAccountLockedTime")).isFalse();
    assertThat(outcome(say("yes"))).isEqualTo("resolved");
    assertThat(audited("ada", "unlock_account")).containsExactly("ok");
  }

  @Test
  void accountUnlockOverHttpHandsOffWhenSignInStillFails() throws Exception {
    lock("ada");
    startVerified("ada");
    String code = sayAndReadCode("I'm locked out of my account", "ada@example.com", "locked");
    say(code);

    JsonNode ticket = ticket(say("no"));

    assertThat(ticket.get("reason").asText()).isEqualTo("flow_failed");
    assertThat(stepsTried(ticket))
        .anyMatch(s -> s.contains("Action unlock_account: ok"))
        .anyMatch(s -> s.contains("did not fix it"));
    assertThat(ticket.get("transcript").toString()).contains("[REDACTED CODE]");
    assertThat(entry("ada").hasAttribute("pwdAccountLockedTime")).isFalse();
    assertThat(audited("ada", "unlock_account")).containsExactly("ok");
  }

  // ---- MFA ----

  @Test
  void mfaOnANewPhoneOverHttpRecordsTheReEnrolmentAndResolves() throws Exception {
    clearMfaFlag("grace");
    startVerified("grace");
    assertThat(text(say("I got a new phone, how do I move my MFA authenticator")))
        .contains("old phone");
    String code = sayAndReadCode("no", "grace@example.com", "g***@example.com");

    assertThat(text(say(code))).contains("old MFA registration is cleared");
    assertThat(entry("grace").getAttributeValue("mfaReenrolRequired")).isEqualTo("TRUE");
    assertThat(outcome(say("yes"))).isEqualTo("resolved");
    assertThat(audited("grace", "reenrol_mfa")).containsExactly("ok");
  }

  @Test
  void anUnverifiedWebUserIsRefusedAnMfaResetWithoutBeingPromisedACode() throws Exception {
    startUnverified("grace@example.com");
    Set<String> before = mails();
    assertThat(text(say("I got a new phone, how do I move my MFA authenticator")))
        .contains("old phone");

    JsonNode refusal = say("no");

    assertThat(text(refusal)).contains("can't confirm who you are").doesNotContain("6-digit code");
    assertThat(mails()).isEqualTo(before);
  }

  @Test
  void mfaCodesNotArrivingOverHttpHandsOffAfterAReEnrolmentFails() throws Exception {
    clearMfaFlag("grace");
    startVerified("grace");
    assertThat(text(say("my mfa codes never arrive on my phone"))).contains("Authenticator");
    assertThat(text(say("no"))).contains("reset your MFA registration");
    String code = sayAndReadCode("yes", "grace@example.com", "g***@example.com");
    say(code);

    JsonNode ticket = ticket(say("no"));

    assertThat(ticket.get("reason").asText()).isEqualTo("flow_failed");
    assertThat(stepsTried(ticket)).anyMatch(s -> s.contains("Action reenrol_mfa: ok"));
    assertThat(entry("grace").getAttributeValue("mfaReenrolRequired")).isEqualTo("TRUE");
    assertThat(audited("grace", "reenrol_mfa")).containsExactly("ok");
  }

  // ---- VPN ----

  @Test
  void vpnFlowOverHttpResolvesWithTheArticleForTheErrorCode() throws Exception {
    startUnverified("ada@example.com");
    assertThat(text(say("my vpn won't connect"))).contains("internet work");
    assertThat(text(say("yes"))).contains("Which VPN app");
    assertThat(text(say("Cisco AnyConnect"))).contains("Which of these");
    assertThat(text(say("809"))).contains("[Article KB-016]");
    assertThat(outcome(say("yes"))).isEqualTo("resolved");
  }

  @Test
  void vpnFlowOverHttpHandsOffAfterDnsFlushAndReinstallFail() throws Exception {
    startUnverified("ada@example.com");
    say("globalprotect vpn fails to connect");
    assertThat(text(say("yes"))).contains("Which of these").doesNotContain("Which VPN app");
    say("failed");
    assertThat(text(say("no"))).contains("ipconfig /flushdns");
    assertThat(text(say("no"))).contains("reinstall the VPN app");

    JsonNode ticket = ticket(say("no"));

    assertThat(ticket.get("reason").asText()).isEqualTo("flow_failed");
    assertThat(stepsTried(ticket))
        .anyMatch(s -> s.contains("vpn_client = GlobalProtect"))
        .anyMatch(s -> s.contains("flushdns"));
  }

  // ---- Wi-Fi ----

  @Test
  void wifiFlowOverHttpResolvesAfterTheBasics() throws Exception {
    startUnverified("ada@example.com");
    assertThat(text(say("wifi won't connect"))).contains("Which Wi-Fi network");
    assertThat(text(say("corporate"))).contains("Airplane mode");
    assertThat(outcome(say("yes"))).isEqualTo("resolved");
  }

  @Test
  void wifiFlowOverHttpHandsOffWhenColleaguesAreAffectedToo() throws Exception {
    startUnverified("ada@example.com");
    say("wifi won't connect");
    say("corporate");
    say("no");
    say("no");

    JsonNode turn = say("yes");

    assertThat(text(turn)).contains("access point");
    assertThat(stepsTried(ticket(turn))).anyMatch(s -> s.contains("Yes, others too"));
  }

  // ---- printers ----

  @Test
  void printerOfflineFlowOverHttpResolvesAfterAPowerCycle() throws Exception {
    startUnverified("ada@example.com");
    assertThat(text(say("the printer is offline"))).contains("check the printer");
    assertThat(text(say("no"))).contains("30 seconds");
    assertThat(outcome(say("yes"))).isEqualTo("resolved");
  }

  @Test
  void printQueueFlowOverHttpHandsOffWhenJobsStayStuck() throws Exception {
    startUnverified("ada@example.com");
    assertThat(text(say("the print queue is stuck"))).contains("Cancel all");
    assertThat(text(say("no"))).contains("[Article KB-033]");

    JsonNode ticket = ticket(say("no"));

    assertThat(ticket.get("category").asText()).isEqualTo("printer");
    assertThat(stepsTried(ticket)).anyMatch(s -> s.contains("Showed article KB-033"));
  }

  // ---- mailbox ----

  @Test
  void mailboxFullFlowOverHttpResolvesAfterCleaningUp() throws Exception {
    startUnverified("ada@example.com");
    assertThat(text(say("my mailbox is full"))).contains("Deleted Items").contains("KB-026");
    assertThat(outcome(say("yes"))).isEqualTo("resolved");
  }

  @Test
  void mailboxFullFlowOverHttpHandsOffForAnArchive() throws Exception {
    startUnverified("ada@example.com");
    say("my mailbox is full");
    say("no");

    JsonNode ticket = ticket(say("yes"));

    assertThat(ticket.get("reason").asText()).isEqualTo("flow_failed");
    assertThat(ticket.get("category").asText()).isEqualTo("email");
  }

  // ---- software ----

  @Test
  void softwareInTheCatalogueOverHttpIsSelfInstalledAndResolves() throws Exception {
    startUnverified("ada@example.com");
    assertThat(text(say("please install zoom for me")))
        .contains("Zoom is approved")
        .contains("Company Portal");
    assertThat(outcome(say("yes"))).isEqualTo("resolved");
  }

  @Test
  void softwareOutsideTheCatalogueOverHttpBecomesAnApprovalRequest() throws Exception {
    startUnverified("ada@example.com");
    assertThat(text(say("I need to install some software"))).contains("Which software");
    assertThat(text(say("Photoshop"))).contains("isn't in the approved software catalogue");
    say("yes");

    JsonNode ticket = ticket(say("Editing product photos for the web shop"));

    assertThat(ticket.get("reason").asText()).isEqualTo("user_request");
    assertThat(ticket.get("category").asText()).isEqualTo("software.install");
    assertThat(stepsTried(ticket))
        .anyMatch(s -> s.contains("Photoshop"))
        .anyMatch(s -> s.contains("Editing product photos"));
  }

  // ---- identity tokens ----

  @Test
  void aForgedOrGarbledIdentityTokenIsRefusedWithUnauthorized() throws Exception {
    com.nimbusds.jwt.SignedJWT forged =
        new com.nimbusds.jwt.SignedJWT(
            new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
            new com.nimbusds.jwt.JWTClaimsSet.Builder()
                .subject("ada")
                .claim("email", "ada@example.com")
                .expirationTime(new java.util.Date(System.currentTimeMillis() + 60_000))
                .build());
    forged.sign(new com.nimbusds.jose.crypto.MACSigner("an-attacker-secret-at-least-32-bytes!!"));

    Response r =
        http.post(
            "/api/v1/conversations",
            "{\"channel\":\"web\",\"identityToken\":\"" + forged.serialize() + "\"}");
    Response garbled =
        http.post("/api/v1/conversations", "{\"channel\":\"web\",\"identityToken\":\"x.y.z\"}");

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("error").asText()).isEqualTo("invalid_identity_token");
    assertThat(r.json().get("message").asText()).contains("not signed by this site");
    assertThat(garbled.status()).isEqualTo(401);
    assertThat(garbled.json().get("message").asText()).contains("not a well-formed");
  }
}

package dev.tier0.identity;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.tier0.bot.BotReply;
import dev.tier0.bot.BotTurn;
import dev.tier0.bot.Channel;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.ConversationEngine;
import dev.tier0.bot.ConversationState;
import dev.tier0.bot.EngineSettings;
import dev.tier0.bot.FlowSettings;
import dev.tier0.bot.HandoffReason;
import dev.tier0.bot.InboundMessage;
import dev.tier0.bot.Outcome;
import dev.tier0.bot.Requester;
import dev.tier0.bot.TranscriptEntry;
import dev.tier0.bot.internal.flow.FlowCatalog;
import dev.tier0.bot.memory.InMemoryConversationStore;
import dev.tier0.bot.memory.InMemoryHandoffQueue;
import dev.tier0.bot.spi.AuditLog;
import dev.tier0.bot.spi.HandoffRequest;
import dev.tier0.bot.spi.KnowledgeBase;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every shipped flow end to end over the conversation engine, with a real LDAP server (in-memory
 * UnboundID) and a real SMTP server (GreenMail): to resolution and to hand-off.
 */
class BuiltInFlowsIntegrationTests {

  /** What the Slack and Teams connectors set once the request's signature checked out. */
  static final Map<String, String> VOUCHED = Map.of(Conversation.IDENTITY_VERIFIED, "true");

  static final String ADA = "uid=ada,ou=people,dc=example,dc=com";
  static final String GRACE = "uid=grace,ou=people,dc=example,dc=com";
  static final FlowCatalog FLOWS = FlowCatalog.load(Path.of("..", "flows"));

  @TempDir Path dir;
  EmbeddedDirectory ldap;
  EmbeddedMailServer smtp;
  FileAuditLog audit;
  InMemoryHandoffQueue queue;
  ConversationEngine engine;
  ListAppender<ILoggingEvent> logs;
  String id;
  final List<BotTurn> turns = new ArrayList<>();
  final List<String> secrets = new ArrayList<>();

  @BeforeEach
  void setUp() {
    assertThat(FLOWS.problems()).isEmpty();
    ldap = EmbeddedDirectory.startDemo();
    smtp = EmbeddedMailServer.start();
    audit = new FileAuditLog(dir.resolve("audit.tsv"));
    queue = new InMemoryHandoffQueue();
    Clock clock = Clock.systemUTC();
    engine =
        new ConversationEngine(
            new KeywordClassifier(),
            new ArticlesById(),
            new InMemoryConversationStore(),
            queue,
            EngineSettings.defaults(),
            List.of(),
            clock,
            FLOWS,
            ldap.directory(clock),
            smtp.sender("it-helpdesk@example.com"),
            audit,
            FlowSettings.defaults());
    logs = new ListAppender<>();
    logs.start();
    root().addAppender(logs);
    id =
        engine
            .start(new Requester("U-ADA", "Ada", "ada@example.com", Channel.SLACK), VOUCHED)
            .getId();
  }

  @AfterEach
  void tearDown() throws Exception {
    assertNoSecretLeaked();
    root().detachAppender(logs);
    audit.close();
    smtp.close();
    ldap.close();
  }

  static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  BotTurn say(String text) {
    BotTurn turn = engine.handle(new InboundMessage(id, text, null));
    turns.add(turn);
    return turn;
  }

  static String text(BotTurn turn) {
    StringBuilder sb = new StringBuilder();
    for (BotReply r : turn.replies()) {
      sb.append(
          switch (r) {
            case BotReply.Text t -> t.text();
            case BotReply.Article a -> "[Article " + a.articleId() + "]";
            case BotReply.Choices c -> c.text() + " " + c.options();
            case BotReply.HandoffNotice h -> h.text();
          });
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The secret in the newest mail whose subject contains the words, remembered for leak checks. */
  String secretFromMail(String subjectWords, Pattern secret) throws Exception {
    assertThat(smtp.await(1, Duration.ofSeconds(10))).isTrue();
    List<MimeMessage> messages = smtp.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      MimeMessage m = messages.get(i);
      if (m.getSubject().contains(subjectWords)) {
        Matcher matcher = secret.matcher(GreenMailUtil.getBody(m));
        assertThat(matcher.find()).isTrue();
        secrets.add(matcher.group(1));
        return matcher.group(1);
      }
    }
    throw new AssertionError("no mail about " + subjectWords);
  }

  String code() throws Exception {
    int before = smtp.messages().size();
    assertThat(smtp.await(Math.max(before, 1), Duration.ofSeconds(10))).isTrue();
    return secretFromMail("verification code", Pattern.compile("code is (\\d{6})"));
  }

  String temporaryPassword() throws Exception {
    return secretFromMail("temporary password", Pattern.compile("password is:\\s+(\\S+)"));
  }

  SearchResultEntry entry(String dn) throws Exception {
    return ldap.server().getEntry(dn);
  }

  HandoffRequest ticket(BotTurn turn) {
    assertThat(turn.outcome()).isEqualTo(Outcome.HANDOFF);
    return queue.request(turn.ticket().id());
  }

  List<String> audited(String action) {
    return audit.find(new AuditLog.Query(null, action, null, null, 100)).stream()
        .map(AuditLog.Entry::outcome)
        .toList();
  }

  void assertNoSecretLeaked() throws Exception {
    List<String> places = new ArrayList<>();
    turns.forEach(t -> places.add(text(t)));
    Conversation c = engine.find(id).orElseThrow();
    c.getTranscript().stream().map(TranscriptEntry::text).forEach(places::add);
    places.addAll(c.getStepsTried());
    places.addAll(c.getAttributes().values());
    if (c.getTicket() != null) {
      places.add(queue.request(c.getTicket().id()).toString());
    }
    logs.list.forEach(e -> places.add(e.getFormattedMessage()));
    places.add(Files.readString(dir.resolve("audit.tsv")));
    for (String secret : secrets) {
      assertThat(places).noneMatch(p -> p.contains(secret));
    }
  }

  // ---- password reset ----

  @Test
  void passwordResetSetsATemporaryPasswordSentByMailAndResolves() throws Exception {
    assertThat(text(say("I forgot my password"))).contains("a***@example.com");
    String reset = text(say(code()));
    String password = temporaryPassword();

    assertThat(reset).contains("temporary password");
    assertThat(entry(ADA).getAttributeValue("userPassword")).isEqualTo(password);
    assertThat(entry(ADA).getAttributeValue("pwdReset")).isEqualTo("TRUE");
    assertThat(say("yes").outcome()).isEqualTo(Outcome.RESOLVED);
    assertThat(audited("reset_password")).containsExactly("ok");
    assertThat(audit.find(new AuditLog.Query("ada", "reset_password", "ok", null, 1)))
        .singleElement()
        .satisfies(e -> assertThat(e.channel()).isEqualTo(Channel.SLACK));
  }

  @Test
  void theDemoMailboxShowsOneAddressNewestFirst() throws Exception {
    say("I forgot my password");
    say(code());
    temporaryPassword();

    List<EmbeddedMailServer.Mail> mails = smtp.mailsTo("ada@example.com", 10);
    assertThat(mails).hasSize(2);
    assertThat(mails.get(0).subject()).contains("temporary password");
    assertThat(mails.get(1).subject()).contains("verification code");
    assertThat(mails.get(1).body()).containsPattern("code is \\d{6}");
    assertThat(smtp.mailsTo("ada@example.com", 1)).hasSize(1);
    assertThat(smtp.mailsTo("grace@example.com", 10)).isEmpty();
    assertThat(smtp.mailsTo(null, 10)).isEmpty();
  }

  @Test
  void passwordResetHandsOffAfterThreeWrongCodesWithoutChangingTheAccount() throws Exception {
    say("my password expired");
    say("I forgot my password");
    String real = code();
    String wrong = real.equals("123456") ? "654321" : "123456";
    say(wrong);
    say(wrong);
    BotTurn last = say(wrong);

    HandoffRequest ticket = ticket(last);
    assertThat(ticket.reason()).isEqualTo(HandoffReason.VERIFICATION_FAILED);
    assertThat(ticket.stepsTried())
        .anyMatch(s -> s.contains("Action send_otp: sent"))
        .anyMatch(s -> s.contains("Action verify_otp: failed"));
    assertThat(entry(ADA).getAttributeValue("userPassword"))
        .isEqualTo("demo-only-not-a-real-password-1");
    assertThat(audited("verify_otp")).containsExactly("wrong", "wrong", "failed");
  }

  // ---- account unlock ----

  @Test
  void accountUnlockClearsTheLockoutAndResolves() throws Exception {
    assertThat(entry(ADA).hasAttribute("pwdAccountLockedTime")).isTrue();
    assertThat(text(say("I'm locked out"))).contains("locked");
    assertThat(text(say(code()))).contains("unlocked");

    assertThat(entry(ADA).hasAttribute("pwdAccountLockedTime")).isFalse();
    assertThat(say("yes").state()).isEqualTo(ConversationState.RESOLVED);
    assertThat(audited("unlock_account")).containsExactly("ok");
  }

  @Test
  void accountUnlockHandsOffWhenSignInStillFails() throws Exception {
    say("I'm locked out");
    say(code());
    BotTurn turn = say("no");

    HandoffRequest ticket = ticket(turn);
    assertThat(ticket.reason()).isEqualTo(HandoffReason.FLOW_FAILED);
    assertThat(ticket.stepsTried())
        .anyMatch(s -> s.contains("Action unlock_account: ok"))
        .anyMatch(s -> s.contains("User said this did not fix it"));
    assertThat(ticket.transcript()).extracting(TranscriptEntry::text).contains("[REDACTED CODE]");
  }

  // ---- MFA ----

  @Test
  void mfaOnANewPhoneClearsTheRegistrationAndResolves() throws Exception {
    id =
        engine
            .start(new Requester("U-GRACE", "Grace", "grace@example.com", Channel.TEAMS), VOUCHED)
            .getId();
    assertThat(text(say("I got a new phone"))).contains("old phone");
    assertThat(text(say("no"))).contains("g***@example.com");
    assertThat(text(say(code()))).contains("old MFA registration is cleared");

    assertThat(entry(GRACE).getAttributeValue("mfaReenrolRequired")).isEqualTo("TRUE");
    assertThat(say("yes").outcome()).isEqualTo(Outcome.RESOLVED);
    assertThat(audited("reenrol_mfa")).containsExactly("ok");
  }

  @Test
  void mfaCodesNotArrivingHandsOffAfterTheFixesAndAReEnrolmentFail() throws Exception {
    id =
        engine
            .start(new Requester("U-GRACE", "Grace", "grace@example.com", Channel.TEAMS), VOUCHED)
            .getId();
    assertThat(text(say("my mfa codes never come"))).contains("Authenticator");
    assertThat(text(say("no"))).contains("reset your MFA registration");
    say("yes");
    say(code());
    BotTurn turn = say("no");

    HandoffRequest ticket = ticket(turn);
    assertThat(ticket.reason()).isEqualTo(HandoffReason.FLOW_FAILED);
    assertThat(ticket.stepsTried()).anyMatch(s -> s.contains("Action reenrol_mfa: ok"));
    assertThat(entry(GRACE).getAttributeValue("mfaReenrolRequired")).isEqualTo("TRUE");
  }

  // ---- VPN ----

  @Test
  void vpnFlowResolvesWithTheArticleForTheErrorCode() {
    assertThat(text(say("my vpn won't connect"))).contains("internet work");
    assertThat(text(say("yes"))).contains("Which VPN app");
    assertThat(text(say("Cisco AnyConnect"))).contains("Which of these");
    assertThat(text(say("809"))).contains("[Article KB-016]");
    assertThat(say("yes").outcome()).isEqualTo(Outcome.RESOLVED);
  }

  @Test
  void vpnFlowHandsOffAfterDnsFlushAndReinstallFail() {
    say("globalprotect vpn fails");
    assertThat(text(say("yes"))).contains("Which of these").doesNotContain("Which VPN app");
    say("failed");
    assertThat(text(say("no"))).contains("ipconfig /flushdns");
    assertThat(text(say("no"))).contains("reinstall the VPN app");
    BotTurn turn = say("no");

    HandoffRequest ticket = ticket(turn);
    assertThat(ticket.reason()).isEqualTo(HandoffReason.FLOW_FAILED);
    assertThat(ticket.stepsTried())
        .anyMatch(s -> s.contains("Already known: vpn_client = GlobalProtect"))
        .anyMatch(s -> s.contains("Showed article KB-017"))
        .anyMatch(s -> s.contains("flushdns"));
  }

  // ---- Wi-Fi ----

  @Test
  void wifiFlowResolvesAfterTheBasics() {
    assertThat(text(say("wifi won't connect"))).contains("Which Wi-Fi network");
    assertThat(text(say("corporate"))).contains("Airplane mode");
    assertThat(say("yes").outcome()).isEqualTo(Outcome.RESOLVED);
  }

  @Test
  void wifiFlowHandsOffWhenColleaguesAreAffectedToo() {
    say("wifi won't connect");
    say("1");
    say("no");
    say("no");
    BotTurn turn = say("yes");

    HandoffRequest ticket = ticket(turn);
    assertThat(text(turn)).contains("access point");
    assertThat(ticket.stepsTried()).anyMatch(s -> s.contains("Yes, others too"));
  }

  // ---- printers ----

  @Test
  void printerOfflineFlowResolvesAfterAPowerCycle() {
    assertThat(text(say("the printer is offline"))).contains("check the printer");
    assertThat(text(say("no"))).contains("30 seconds");
    assertThat(say("yes").outcome()).isEqualTo(Outcome.RESOLVED);
  }

  @Test
  void printQueueFlowHandsOffWhenJobsStayStuck() {
    assertThat(text(say("the print queue is stuck"))).contains("Cancel all");
    assertThat(text(say("no"))).contains("[Article KB-033]");
    HandoffRequest ticket = ticket(say("no"));
    assertThat(ticket.category()).isEqualTo("printer");
    assertThat(ticket.stepsTried()).anyMatch(s -> s.contains("Showed article KB-033"));
  }

  // ---- mailbox ----

  @Test
  void mailboxFullFlowResolvesAfterCleaningUp() {
    BotTurn first = say("my mailbox is full");
    assertThat(text(first)).contains("Deleted Items").contains("size:>5MB").contains("KB-026");
    assertThat(say("yes").outcome()).isEqualTo(Outcome.RESOLVED);
  }

  @Test
  void mailboxFullFlowHandsOffForAnArchive() {
    say("my mailbox is full");
    say("no");
    HandoffRequest ticket = ticket(say("yes"));
    assertThat(ticket.reason()).isEqualTo(HandoffReason.FLOW_FAILED);
    assertThat(ticket.category()).isEqualTo("email");
  }

  // ---- software ----

  @Test
  void softwareInTheCatalogueIsSelfInstalledAndResolves() {
    BotTurn turn = say("please install zoom for me");
    assertThat(text(turn)).contains("Zoom is approved").contains("Company Portal");
    assertThat(say("yes").outcome()).isEqualTo(Outcome.RESOLVED);
  }

  @Test
  void softwareOutsideTheCatalogueBecomesAnApprovalRequest() {
    assertThat(text(say("I need to install something"))).contains("Which software");
    assertThat(text(say("Photoshop"))).contains("isn't in the approved software catalogue");
    say("yes");
    BotTurn turn = say("Editing product photos for the web shop");

    HandoffRequest ticket = ticket(turn);
    assertThat(ticket.reason()).isEqualTo(HandoffReason.USER_REQUEST);
    assertThat(ticket.category()).isEqualTo("software.install");
    assertThat(ticket.stepsTried())
        .anyMatch(s -> s.contains("Photoshop"))
        .anyMatch(s -> s.contains("Editing product photos"));
  }

  // ---- broken servers ----

  @Test
  void aDirectoryThatIsDownGetsAClearMessageAndATicket() {
    ldap.stop();

    BotTurn turn = say("I forgot my password");

    assertThat(text(turn)).contains("directory isn't answering").contains("nothing was");
    assertThat(ticket(turn).reason()).isEqualTo(HandoffReason.FLOW_FAILED);
    assertThat(audited("identify")).containsExactly("unavailable");
  }

  @Test
  void aMailServerThatIsDownSendsNoCodeAndSaysSo() throws Exception {
    smtp.stop();

    BotTurn turn = say("I forgot my password");

    assertThat(text(turn)).contains("isn't answering");
    assertThat(audited("send_otp")).containsExactly("unavailable");
    assertThat(entry(ADA).getAttributeValue("userPassword"))
        .isEqualTo("demo-only-not-a-real-password-1");
  }

  /** Any id is an article: the flows' KB ids exist in the shipped knowledge base. */
  static final class ArticlesById implements KnowledgeBase {
    @Override
    public SearchResult search(Query query) {
      return new SearchResult(List.of(), true);
    }

    @Override
    public Optional<Article> find(String articleId) {
      return Optional.of(
          new Article(
              articleId, "Article " + articleId, "x", List.of(), List.of(), "Steps.", null));
    }

    @Override
    public int size() {
      return 0;
    }
  }
}

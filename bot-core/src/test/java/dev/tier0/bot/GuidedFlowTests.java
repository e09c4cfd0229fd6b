package dev.tier0.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.bot.internal.dialog.TranscriptText;
import dev.tier0.bot.internal.flow.FlowCatalog;
import dev.tier0.bot.memory.InMemoryAuditLog;
import dev.tier0.bot.memory.InMemoryConversationStore;
import dev.tier0.bot.memory.InMemoryHandoffQueue;
import dev.tier0.bot.memory.InMemoryIdentityDirectory;
import dev.tier0.bot.memory.InMemoryOtpSender;
import dev.tier0.bot.spi.AuditLog;
import dev.tier0.bot.spi.HandoffRequest;
import dev.tier0.bot.spi.IdentityDirectory.DirectoryUser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dialogue policy running the shipped flows over in-memory identity ports. */
class GuidedFlowTests {

  static final FlowCatalog FLOWS = FlowCatalog.load(Path.of("..", "flows"));

  FakeNlu.Classifier nlu;
  FakeNlu.Kb kb;
  InMemoryConversationStore store;
  InMemoryHandoffQueue queue;
  InMemoryIdentityDirectory directory;
  InMemoryOtpSender mail;
  InMemoryAuditLog audit;
  MutableClock clock;
  FlowSettings flowSettings;
  ConversationEngine engine;
  String id;
  final List<BotTurn> turns = new ArrayList<>();

  @BeforeEach
  void setUp() {
    nlu =
        new FakeNlu.Classifier()
            .rule("forgot my password", "password_forgot", "account.password", 0.93)
            .rule("locked", "account_locked", "account.lockout", 0.92)
            .rule("vpn", "vpn_cannot_connect", "network.vpn", 0.9)
            .rule("printer", "printer_offline", "printer", 0.9)
            .rule("hello", "greeting", "greeting", 0.97)
            .rule("clicked", "clicked_phishing_link", "security", 0.95);
    kb = new FakeNlu.Kb().article("printer", "KB-032", "Printer shows as offline");
    store = new InMemoryConversationStore();
    queue = new InMemoryHandoffQueue();
    directory =
        new InMemoryIdentityDirectory()
            .add(
                new DirectoryUser(
                    "ada", "Ada Lovelace", "ada@example.com", "+44 7700 900001", true))
            .add(new DirectoryUser("bob", "Bob Bell", "bob@example.com", null, false))
            .add(new DirectoryUser("nomail", "No Mail", null, null, true));
    mail = new InMemoryOtpSender();
    audit = new InMemoryAuditLog();
    clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    flowSettings = FlowSettings.defaults();
    engine = engine();
    id = start(new Requester("U-ADA", "Ada", "ada@example.com", Channel.SLACK));
  }

  ConversationEngine engine() {
    return new ConversationEngine(
        nlu,
        kb,
        store,
        queue,
        EngineSettings.defaults(),
        List.of(),
        clock,
        FLOWS,
        directory,
        mail,
        audit,
        flowSettings);
  }

  /** Started as the Slack and Teams connectors start theirs: the signed request vouches. */
  String start(Requester requester) {
    boolean vouched = requester.channel() == Channel.SLACK || requester.channel() == Channel.TEAMS;
    return engine
        .start(requester, vouched ? Map.of(Conversation.IDENTITY_VERIFIED, "true") : Map.of())
        .getId();
  }

  BotTurn say(String text) {
    return say(id, text);
  }

  BotTurn say(String conversation, String text) {
    BotTurn turn = engine.handle(new InboundMessage(conversation, text, null));
    turns.add(turn);
    return turn;
  }

  static String text(BotTurn turn) {
    return String.join("\n", turn.replies().stream().map(TranscriptText::of).toList());
  }

  Conversation conversation() {
    return engine.find(id).orElseThrow();
  }

  HandoffRequest ticket(BotTurn turn) {
    return queue.request(turn.ticket().id());
  }

  /** No secret anywhere the chat, the ticket, the store or the audit log could show it. */
  void assertNoLeak(String... secrets) {
    List<String> places = new ArrayList<>();
    turns.forEach(t -> places.add(text(t)));
    for (Conversation c : List.of(conversation())) {
      c.getTranscript().forEach(e -> places.add(e.text()));
      places.addAll(c.getStepsTried());
      places.addAll(c.getAttributes().values());
      if (c.getTicket() != null) {
        places.add(queue.request(c.getTicket().id()).toString());
      }
    }
    audit.all().forEach(e -> places.add(e.toString()));
    for (String secret : secrets) {
      assertThat(secret).isNotBlank();
      assertThat(places).noneMatch(p -> p.contains(secret));
    }
  }

  List<String> auditOutcomes(String action) {
    return audit.all().stream()
        .filter(e -> e.action().equals(action))
        .map(AuditLog.Entry::outcome)
        .toList();
  }

  @Test
  void resetsAForgottenPasswordAfterAVerificationCodeAndNeverShowsTheSecrets() {
    BotTurn first = say("I forgot my password");
    assertThat(first.outcome()).isEqualTo(Outcome.FLOW);
    assertThat(text(first)).contains("6-digit code").contains("a***@example.com");
    String code = mail.lastCode("ada@example.com");
    assertThat(code).matches("\\d{6}");

    BotTurn reset = say(code);
    assertThat(text(reset)).contains("temporary password to a***@example.com");
    String password = directory.password("ada");
    assertThat(password).isNotNull();
    assertThat(directory.mustChangePassword("ada")).isTrue();
    assertThat(mail.sent())
        .extracting(InMemoryOtpSender.Sent::kind)
        .containsExactly("code", "password");

    BotTurn done = say("yes");
    assertThat(done.outcome()).isEqualTo(Outcome.RESOLVED);
    assertThat(done.state()).isEqualTo(ConversationState.RESOLVED);
    assertThat(auditOutcomes("send_otp")).containsExactly("sent");
    assertThat(auditOutcomes("verify_otp")).containsExactly("ok");
    assertThat(auditOutcomes("reset_password")).containsExactly("ok");
    assertThat(audit.all()).allSatisfy(e -> assertThat(e.userId()).isEqualTo("ada"));
    assertThat(conversation().getTranscript())
        .extracting(TranscriptEntry::text)
        .contains("[REDACTED CODE]");
    assertThat(conversation().getStepsTried())
        .anyMatch(s -> s.contains("Action reset_password: ok"));
    assertNoLeak(code, password);
  }

  @Test
  void stopsAfterThreeWrongCodesAndHandsOffForVerificationFailure() {
    say("I forgot my password");
    String code = mail.lastCode("ada@example.com");
    String wrong = code.equals("000000") ? "111111" : "000000";

    assertThat(text(say(wrong))).contains("isn't right").contains("2 more attempt");
    assertThat(text(say(wrong))).contains("1 more attempt");
    BotTurn last = say(wrong);

    assertThat(last.outcome()).isEqualTo(Outcome.HANDOFF);
    assertThat(text(last)).contains("too many wrong codes");
    HandoffRequest ticket = ticket(last);
    assertThat(ticket.reason()).isEqualTo(HandoffReason.VERIFICATION_FAILED);
    assertThat(ticket.stepsTried()).anyMatch(s -> s.contains("Action verify_otp: failed"));
    assertThat(directory.password("ada")).isNull();
    assertThat(auditOutcomes("verify_otp")).containsExactly("wrong", "wrong", "failed");
    assertNoLeak(code);
  }

  @Test
  void rejectsAnExpiredCodeAndOffersANewOne() {
    say("I forgot my password");
    String stale = mail.lastCode("ada@example.com");
    clock.advance(Duration.ofMinutes(6));

    BotTurn turn = say(stale);
    assertThat(text(turn)).contains("expired");
    assertThat(directory.password("ada")).isNull();

    say("resend");
    String fresh = mail.lastCode("ada@example.com");
    assertThat(text(say(fresh))).contains("temporary password");
    assertThat(auditOutcomes("verify_otp")).containsExactly("expired", "ok");
  }

  @Test
  void rejectsACodeSentToAnotherUser() {
    String bob = start(new Requester("U-BOB", "Bob", "bob@example.com", Channel.SLACK));
    say("I forgot my password");
    say(bob, "I forgot my password");
    String adas = mail.lastCode("ada@example.com");
    String bobs = mail.lastCode("bob@example.com");
    org.junit.jupiter.api.Assumptions.assumeFalse(adas.equals(bobs), "codes collided (1 in 10^6)");

    assertThat(text(say(bobs))).contains("isn't right");
    assertThat(directory.password("ada")).isNull();
    assertThat(text(say(adas))).contains("temporary password");
  }

  @Test
  void rejectsAReplayedCode() {
    say("my account is locked");
    String first = mail.lastCode("ada@example.com");
    assertThat(text(say(first))).contains("unlocked");
    assertThat(directory.findByUserId("ada").orElseThrow().locked()).isFalse();
    say("yes");

    say("I forgot my password");
    BotTurn replay = say(first);
    assertThat(text(replay)).contains("already used");
    assertThat(directory.password("ada")).isNull();
    assertThat(auditOutcomes("verify_otp")).containsExactly("ok", "replayed");
  }

  @Test
  void aWebVisitorWithoutAVerifiedIdentityCannotResetAnything() {
    id = start(new Requester("w-1", "Ada", "ada@example.com", Channel.WEB));

    BotTurn turn = say("I forgot my password");

    assertThat(text(turn)).contains("can't confirm who you are").contains("[Talk to a person]");
    // No promise of a code that is refused in the same breath.
    assertThat(text(turn)).doesNotContain("I'll send a 6-digit code");
    assertThat(mail.sent()).isEmpty();
    BotTurn person = say("talk to a person");
    assertThat(person.outcome()).isEqualTo(Outcome.HANDOFF);
    assertThat(auditOutcomes("identify")).containsExactly("unverified");
  }

  @Test
  void aConversationThatOnlyNamesSlackAsItsChannelIsNotTrusted() {
    // Any API client can create a conversation saying "slack"; only the connector vouches.
    id = engine.start(new Requester("U-ADA", "Ada", "ada@example.com", Channel.SLACK)).getId();

    BotTurn turn = say("I forgot my password");

    assertThat(text(turn)).contains("can't confirm who you are");
    assertThat(mail.sent()).isEmpty();
    assertThat(auditOutcomes("identify")).containsExactly("unverified");
  }

  @Test
  void aWebVisitorWhoseIdentityTheChannelVerifiedCanReset() {
    id = start(new Requester("w-1", "Ada", "ada@example.com", Channel.WEB));
    Conversation c = conversation();
    c.getAttributes().put("identity.verified", "true");
    store.save(c);

    say("I forgot my password");
    assertThat(text(say(mail.lastCode("ada@example.com")))).contains("temporary password");
  }

  @Test
  void saysClearlyWhenTheDirectoryIsDown() {
    directory.setDown(true);

    BotTurn turn = say("I forgot my password");

    assertThat(text(turn)).contains("directory isn't answering").contains("nothing was");
    assertThat(turn.outcome()).isEqualTo(Outcome.HANDOFF);
    assertThat(ticket(turn).reason()).isEqualTo(HandoffReason.FLOW_FAILED);
    assertThat(auditOutcomes("identify")).containsExactly("unavailable");
  }

  @Test
  void corruptFlowStateHandsOffInsteadOfFailingTheTurn() {
    say("I forgot my password");
    Conversation c = conversation();
    c.getAttributes().put("flow.otp.expires", "not a time");
    store.save(c);

    BotTurn turn = say(mail.lastCode("ada@example.com"));

    assertThat(ticket(turn).reason()).isEqualTo(HandoffReason.FLOW_FAILED);
    assertThat(directory.password("ada")).isNull();
    assertThat(auditOutcomes("verify_otp")).containsExactly("error");
  }

  @Test
  void handsOffWhenNoAddressIsRegistered() {
    id = start(new Requester("U-NM", "No Mail", null, Channel.SLACK));
    directory.add(new DirectoryUser("U-NM", "No Mail", null, null, true));

    BotTurn turn = say("my account is locked");

    assertThat(text(turn)).contains("no e-mail address registered");
    assertThat(ticket(turn).reason()).isEqualTo(HandoffReason.VERIFICATION_FAILED);
    assertThat(mail.sent()).isEmpty();
  }

  @Test
  void limitsHowManyCodesOneUserGetsPerHour() {
    flowSettings =
        new FlowSettings(
            Duration.ofMinutes(30), Duration.ofMinutes(5), 3, 2, Duration.ofHours(1), 40);
    engine = engine();
    say("I forgot my password");
    say("cancel");
    say("I forgot my password");
    say("cancel");

    BotTurn third = say("I forgot my password");

    assertThat(text(third)).contains("Too many codes");
    assertThat(mail.sent()).hasSize(2);
    assertThat(auditOutcomes("send_otp")).containsExactly("sent", "sent", "rate_limited");
  }

  @Test
  void refusesASecondResetWithinTheCooldown() {
    say("I forgot my password");
    say(mail.lastCode("ada@example.com"));
    say("yes");
    clock.advance(Duration.ofMinutes(10));

    say("I forgot my password");
    BotTurn again = say(mail.lastCode("ada@example.com"));

    assertThat(text(again)).contains("already reset in the last hour");
    assertThat(auditOutcomes("reset_password")).containsExactly("ok", "cooldown");
  }

  @Test
  void cancelAndStartOverWorkEvenAtTheCodePrompt() {
    say("I forgot my password");
    BotTurn cancelled = say("cancel");

    assertThat(cancelled.outcome()).isEqualTo(Outcome.CLARIFYING);
    assertThat(conversation().getPending()).isEqualTo(Conversation.Pending.NONE);
    assertThat(conversation().getAttributes()).doesNotContainKeys("flow.id", "flow.step");
    assertThat(conversation().getTranscript()).extracting(TranscriptEntry::text).contains("cancel");
  }

  @Test
  void talkToAPersonMidFlowHandsOffWithTheStepsTried() {
    say("vpn is broken");
    say("yes");
    BotTurn turn = say("talk to a person");

    assertThat(turn.outcome()).isEqualTo(Outcome.HANDOFF);
    HandoffRequest ticket = ticket(turn);
    assertThat(ticket.reason()).isEqualTo(HandoffReason.USER_REQUEST);
    assertThat(ticket.stepsTried())
        .anyMatch(s -> s.contains("[VPN troubleshooting] Started"))
        .anyMatch(s -> s.contains("User answered \"Yes, websites open\""));
  }

  @Test
  void anUrgentProblemMidFlowIsHandedOffAtOnceInsteadOfAskingToSwitch() {
    say("vpn is broken");

    BotTurn turn = say("wait, I just clicked a link in a weird email and typed my password");

    assertThat(turn.outcome()).isEqualTo(Outcome.HANDOFF);
    HandoffRequest ticket = ticket(turn);
    assertThat(ticket.reason()).isEqualTo(HandoffReason.URGENT_CATEGORY);
    assertThat(ticket.stepsTried()).anyMatch(s -> s.contains("Interrupted by an urgent problem"));
  }

  @Test
  void asksBeforeSwitchingToANewTopicMidFlow() {
    say("vpn is broken");
    BotTurn ask = say("also my printer is offline");

    assertThat(ask.replies().get(0)).isInstanceOf(BotReply.Choices.class);
    assertThat(conversation().getPending()).isEqualTo(Conversation.Pending.FLOW_SWITCH);

    BotTurn carryOn = say("#continue");
    assertThat(text(carryOn)).contains("does the internet work");
    assertThat(conversation().getPending()).isEqualTo(Conversation.Pending.FLOW);

    say("the printer is offline");
    BotTurn switched = say("#switch");
    assertThat(switched.outcome()).isEqualTo(Outcome.FLOW);
    assertThat(text(switched)).contains("check the printer");
    assertThat(conversation().getAttributes()).containsEntry("flow.id", "printer");
  }

  @Test
  void aShortReplyToAFreeTextQuestionIsAnAnswerEvenIfItLooksLikeATopic() {
    nlu.rule("install", "software_request", "software.install", 0.9)
        .rule("zoom", "teams_audio_video", "collaboration", 0.95);
    say("I need to install something");

    BotTurn turn = say("Zoom");

    assertThat(text(turn)).contains("Zoom is approved");
    assertThat(conversation().getPending()).isEqualTo(Conversation.Pending.FLOW);
  }

  @Test
  void aLongerReplyAboutAnotherProblemOffersASwitchAtAFreeTextQuestion() {
    nlu.rule("install", "software_request", "software.install", 0.9);
    say("I need to install something");

    BotTurn turn = say("actually my printer is offline again");

    assertThat(conversation().getPending()).isEqualTo(Conversation.Pending.FLOW_SWITCH);
    assertThat(text(turn)).contains("different problem");
  }

  @Test
  void anAbandonedFlowTimesOutAndTheNextMessageStartsFresh() {
    say("vpn is broken");
    clock.advance(Duration.ofMinutes(31));

    BotTurn turn = say("hello");

    assertThat(text(turn)).startsWith("Our earlier guided fix for vpn troubleshooting timed out");
    assertThat(turn.outcome()).isEqualTo(Outcome.SMALLTALK);
    assertThat(conversation().getAttributes()).doesNotContainKey("flow.id");
    assertThat(conversation().getStepsTried()).anyMatch(s -> s.contains("Timed out"));
  }

  @Test
  void aFlowSurvivesARestartOfTheEngine() {
    say("vpn is broken");
    engine = engine();

    BotTurn turn = say("yes");

    assertThat(text(turn)).contains("Which VPN app");
  }

  @Test
  void fillsSlotsFromEntitiesAndSkipsQuestionsAlreadyAnswered() {
    nlu.entities.put("vpn", List.of(new Entity("vpn_client", "GlobalProtect", "globalprotect")));
    say("vpn globalprotect fails");

    BotTurn turn = say("yes");

    assertThat(text(turn)).contains("Which of these matches").doesNotContain("Which VPN app");
    assertThat(conversation().getStepsTried())
        .anyMatch(s -> s.contains("Already known: vpn_client = GlobalProtect"));
  }

  @Test
  void rePromptsWhenAnAnswerDoesNotFitTheQuestion() {
    say("vpn is broken");

    BotTurn turn = say("purple");

    assertThat(text(turn)).contains("didn't catch that").contains("does the internet work");
    assertThat(turn.outcome()).isEqualTo(Outcome.FLOW);
  }

  @Test
  void answersThanksMidFlowPolitelyAndRepeatsTheQuestion() {
    nlu.rule("thanks", "thanks", "thanks", 0.97);
    say("vpn is broken");

    BotTurn turn = say("thanks");

    assertThat(text(turn)).startsWith("You're welcome!").contains("does the internet work");
    assertThat(text(turn)).doesNotContain("didn't catch that");
    assertThat(turn.outcome()).isEqualTo(Outcome.FLOW);
  }

  @Test
  void saysByeAndLeavesTheFlowWhenTheUserSaysGoodbye() {
    nlu.rule("bye", "goodbye", "goodbye", 0.97);
    say("vpn is broken");

    BotTurn turn = say("ok bye");

    assertThat(turn.outcome()).isEqualTo(Outcome.SMALLTALK);
    assertThat(text(turn)).startsWith("Bye!");
    assertThat(conversation().getStepsTried())
        .anyMatch(s -> s.contains("User left before the end"));
    assertThat(say("hello").outcome()).isEqualTo(Outcome.SMALLTALK);
  }

  @Test
  void garbageMidFlowNeverThrows() {
    long seed = new Random().nextLong();
    System.out.println("GuidedFlowTests seed " + seed);
    Random random = new Random(seed);
    say("I forgot my password");
    List<String> hostile =
        List.of(
            "\uD83D\uDE00\uD83D\uDD25",
            "\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627",
            "\u0000\u0001\u0002abc",
            "x".repeat(3999),
            "{email} {software_install} ${jndi:ldap://x}");
    for (String h : hostile) {
      say(h);
      say("vpn is broken");
      say(h);
    }
    for (int i = 0; i < 30; i++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + random.nextInt(200);
      for (int j = 0; j < n; j++) {
        sb.append((char) random.nextInt(0x3000));
      }
      if (!ConversationEngine.clean(sb.toString()).isEmpty()) {
        say(sb.toString());
      }
    }
    assertThat(conversation()).isNotNull();
  }
}

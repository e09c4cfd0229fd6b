package dev.tier0.bot.internal.dialog;

import dev.tier0.bot.ArticleShown;
import dev.tier0.bot.BotReply;
import dev.tier0.bot.BotReply.Choice;
import dev.tier0.bot.BotTurn;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.Conversation.Pending;
import dev.tier0.bot.ConversationState;
import dev.tier0.bot.EngineSettings;
import dev.tier0.bot.HandoffReason;
import dev.tier0.bot.IntentScore;
import dev.tier0.bot.NluResult;
import dev.tier0.bot.Outcome;
import dev.tier0.bot.Redactor;
import dev.tier0.bot.Speaker;
import dev.tier0.bot.TicketRef;
import dev.tier0.bot.TranscriptEntry;
import dev.tier0.bot.internal.flow.Flow;
import dev.tier0.bot.internal.flow.FlowEngine;
import dev.tier0.bot.spi.ConversationStore.StoreUnavailableException;
import dev.tier0.bot.spi.HandoffQueue;
import dev.tier0.bot.spi.HandoffRequest;
import dev.tier0.bot.spi.IntentClassifier;
import dev.tier0.bot.spi.KnowledgeBase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first dialogue policy: decides what the bot says to one message of a conversation the bot
 * owns, and when to hand the conversation to a person. Mutates the conversation it is given; the
 * caller saves it.
 */
public final class DialogPolicy {

  private static final Logger log = LoggerFactory.getLogger(DialogPolicy.class);

  static final String INTENT_PREFIX = "#intent:";
  static final String NONE_OF_THESE = "none of these";
  static final String TALK_TO_PERSON = "talk to a person";
  static final String NO_THANKS = "no thanks";
  private static final String OFFER_REASON = "offer.reason";
  private static final String OFFER_INTENT = "offer.intent";
  private static final List<String> SMALLTALK = List.of("greeting", "thanks", "goodbye");

  /** Entity types that make a message about IT whatever its wording ("my wifi is broken"). */
  private static final Set<String> IT_SUBJECTS =
      Set.of("application", "os", "vpn_client", "device", "network", "error_code");

  static final String SWITCH = "#switch";
  static final String CONTINUE = "#continue";
  // Under flow.* so that ending the flow forgets the question too.
  private static final String SWITCH_INTENT = "flow.switch.intent";
  private static final String SWITCH_TEXT = "flow.switch.text";

  private final IntentClassifier classifier;
  private final KnowledgeBase kb;
  private final HandoffQueue queue;
  private final EngineSettings settings;
  private final Clock clock;
  private final FlowEngine flows;

  public DialogPolicy(
      IntentClassifier classifier,
      KnowledgeBase kb,
      HandoffQueue queue,
      EngineSettings settings,
      Clock clock) {
    this(classifier, kb, queue, settings, clock, null);
  }

  /**
   * @param flows the guided flows to run, or null for none
   */
  public DialogPolicy(
      IntentClassifier classifier,
      KnowledgeBase kb,
      HandoffQueue queue,
      EngineSettings settings,
      Clock clock,
      FlowEngine flows) {
    this.classifier = classifier;
    this.kb = kb;
    this.queue = queue;
    this.settings = settings;
    this.clock = clock;
    this.flows = flows;
  }

  /** Handles a message; the user's line is already in the transcript. */
  public BotTurn respond(Conversation c, String text) {
    if (flows == null || c.getState() != ConversationState.BOT || !flows.expired(c)) {
      return respondNow(c, text);
    }
    // An abandoned flow: forget it and treat the message as a fresh start, saying so first.
    String title = flows.current(c).map(Flow::title).orElse("your earlier request");
    c.getStepsTried().add("[" + title + "] Timed out without an answer");
    FlowEngine.clear(c);
    c.setPending(Pending.NONE);
    int at = c.getTranscript().size();
    BotReply note =
        new BotReply.Text(
            "Our earlier guided fix for "
                + title.toLowerCase(Locale.ROOT)
                + " timed out, so let's start fresh.");
    BotTurn turn = respondNow(c, text);
    c.getTranscript()
        .add(at, new TranscriptEntry(clock.instant(), Speaker.BOT, TranscriptText.of(note)));
    List<BotReply> replies = new ArrayList<>();
    replies.add(note);
    replies.addAll(turn.replies());
    return new BotTurn(replies, turn.nlu(), turn.outcome(), turn.state(), turn.ticket());
  }

  private BotTurn respondNow(Conversation c, String text) {
    Turn turn = new Turn();
    switch (c.getState()) {
      case AWAITING_AGENT, WITH_AGENT -> {
        return withHumans(c, text);
      }
      case RESOLVED, CLOSED -> {
        if (c.getPending() == Pending.CSAT) {
          OptionalInt rating = Signals.rating(text);
          if (rating.isPresent()) {
            return rate(c, rating.getAsInt());
          }
        }
        reopen(c);
      }
      case BOT -> {}
    }
    if (Signals.wantsRestart(text)) {
      reset(c);
      turn.say("OK, let's start over. What can I help you with?");
      return finish(c, turn, Outcome.CLARIFYING, null);
    }
    Optional<BotTurn> answered = answerPending(c, text);
    if (answered.isPresent()) {
      return answered.get();
    }
    return classifyAndAct(c, text);
  }

  private BotTurn withHumans(Conversation c, String text) {
    TicketRef ticket = c.getTicket();
    List<TranscriptEntry> t = c.getTranscript();
    TranscriptEntry entry = t.get(t.size() - 1);
    Turn turn = new Turn();
    if (ticket != null) {
      try {
        queue.userMessage(ticket.id(), entry);
      } catch (StoreUnavailableException e) {
        log.warn("Could not relay a user message to ticket {}: {}", ticket.id(), e.getMessage());
      }
      if (c.getState() == ConversationState.AWAITING_AGENT) {
        turn.say(
            "I've added that to your ticket "
                + ticket.id()
                + ". An agent will pick it up and reply here.");
      }
    }
    return finish(c, turn, Outcome.HANDOFF, null);
  }

  private BotTurn rate(Conversation c, int rating) {
    c.setCsat(rating);
    c.setPending(Pending.NONE);
    if (c.getTicket() != null) {
      try {
        queue.rate(c.getTicket().id(), rating);
      } catch (RuntimeException e) {
        log.warn("Could not record a rating on {}: {}", c.getTicket().id(), e.getMessage());
      }
    }
    Turn turn = new Turn();
    turn.say(
        rating >= 4
            ? "Thanks for the feedback! Glad we could help."
            : "Thanks for telling us. We'll use it to do better.");
    return finish(c, turn, Outcome.SMALLTALK, null);
  }

  private void reopen(Conversation c) {
    c.setState(ConversationState.BOT);
    c.setTicket(null);
    reset(c);
  }

  private static void reset(Conversation c) {
    if (c.getAttributes().containsKey("flow.id")) {
      c.getStepsTried().add("Guided flow " + c.getAttributes().get("flow.id") + " cancelled");
      FlowEngine.clear(c);
    }
    c.setPending(Pending.NONE);
    c.setPendingArticleId(null);
    c.setLastIntent(null);
    c.setSameIntentCount(0);
    c.setNotHelpfulCount(0);
    c.setLowConfidenceCount(0);
    c.getAttributes().remove(OFFER_REASON);
    c.getAttributes().remove(OFFER_INTENT);
  }

  private Optional<BotTurn> answerPending(Conversation c, String text) {
    Pending pending = c.getPending();
    c.setPending(Pending.NONE);
    switch (pending) {
      case FEEDBACK -> {
        if (Signals.isYes(text)) {
          return Optional.of(helped(c));
        }
        if (Signals.isNo(text)) {
          return Optional.of(notHelped(c));
        }
      }
      case CLARIFY_INTENT -> {
        if (text.startsWith(INTENT_PREFIX)) {
          String intent = text.substring(INTENT_PREFIX.length()).strip();
          NluResult chosen = chosen(c, intent);
          // The user's own words were ambiguous: the chosen intent's label steers the search.
          String query = (c.getLastQuery() == null ? "" : c.getLastQuery() + " ") + label(intent);
          return Optional.of(actOnIntent(c, chosen, query));
        }
        // "no" or "neither" to "did you mean A or B?" rejects both guesses, like the button does:
        // the knowledge base gets a try with the user's own words before a person does.
        if (Signals.rejectsBoth(text)) {
          return Optional.of(unsure(c, c.getLastNlu(), c.getLastQuery(), true));
        }
      }
      case OFFER_PERSON -> {
        if (Signals.isYes(text) || Signals.norm(text).equals(TALK_TO_PERSON)) {
          HandoffReason reason = offeredReason(c);
          return Optional.of(handoff(c, reason, c.getLastNlu()));
        }
        if (Signals.isNo(text) || Signals.norm(text).equals(NO_THANKS)) {
          Turn turn = new Turn();
          turn.say("OK. Tell me more about the problem and I'll look again.");
          return Optional.of(finish(c, turn, Outcome.CLARIFYING, null));
        }
      }
      case FLOW -> {
        if (flows != null && flows.current(c).isPresent()) {
          return Optional.of(inFlow(c, text));
        }
        FlowEngine.clear(c);
      }
      case FLOW_SWITCH -> {
        if (flows != null && flows.current(c).isPresent()) {
          return Optional.of(switchOrContinue(c, text));
        }
        FlowEngine.clear(c);
      }
      default -> {}
    }
    return Optional.empty();
  }

  /** A message while a flow waits for an answer. */
  private BotTurn inFlow(Conversation c, String text) {
    if (Signals.wantsHuman(text)) {
      c.getStepsTried().add("User asked for a person during the guided flow");
      FlowEngine.clear(c);
      return handoff(c, HandoffReason.USER_REQUEST, c.getLastNlu());
    }
    FlowEngine.Fit fit = flows.fit(c, text);
    NluResult nlu = null;
    if (fit != FlowEngine.Fit.YES) {
      if (Signals.isFrustrated(text)) {
        FlowEngine.clear(c);
        return handoff(c, HandoffReason.FRUSTRATION, c.getLastNlu());
      }
      nlu = classifier.parse(text);
      // A security incident or an outage cannot wait for the flow to finish.
      if (nlu.confidence() >= settings.confident()
          && (settings.urgentIntents().contains(nlu.intent()) || isOutage(nlu))) {
        String title = flows.current(c).map(Flow::title).orElse("guided flow");
        c.getStepsTried().add("[" + title + "] Interrupted by an urgent problem");
        FlowEngine.clear(c);
        c.setLastQuery(text);
        return actOnIntent(c, nlu, text);
      }
      // A short reply, or one naming what was asked for ("Zoom" to "which software?"), is an
      // answer even when the classifier is sure it's a topic of its own.
      boolean answers =
          fit == FlowEngine.Fit.MAYBE
              && (Signals.norm(text).split(" ").length < 3 || flows.expects(c, nlu));
      if (!answers && isNewTopic(c, nlu)) {
        return offerSwitch(c, text, nlu);
      }
      if (fit == FlowEngine.Fit.NO
          && "goodbye".equals(nlu.intent())
          && nlu.confidence() >= settings.clarifyFloor()) {
        String title = flows.current(c).map(Flow::title).orElse("guided flow");
        c.getStepsTried().add("[" + title + "] User left before the end");
        FlowEngine.clear(c);
        return smalltalk(c, nlu);
      }
      if (fit == FlowEngine.Fit.NO) {
        return flowTurn(c, flows.reprompt(c, asideInFlow(nlu)), null);
      }
    }
    return flowTurn(c, flows.answer(c, text, nlu), null);
  }

  /**
   * What to say before repeating the flow's question to a message that does not answer it: a
   * "thanks" or "hi" gets a polite word rather than "didn't catch that".
   */
  private String asideInFlow(NluResult nlu) {
    if (nlu.confidence() >= settings.clarifyFloor()) {
      switch (nlu.intent()) {
        case "thanks" -> {
          return "You're welcome!";
        }
        case "greeting" -> {
          return "Hi again!";
        }
        default -> {
          // an IT message that fits no answer: fall through to the plain apology
        }
      }
    }
    return "Sorry, I didn't catch that.";
  }

  private boolean isNewTopic(Conversation c, NluResult nlu) {
    String intent = nlu.intent();
    if (NluResult.OUT_OF_SCOPE.equals(intent)
        || SMALLTALK.contains(intent)
        || "human".equals(intent)
        || nlu.confidence() < settings.confident()
        || nlu.margin() < settings.clarifyMargin()) {
      return false;
    }
    return flows.current(c).map(f -> !f.intents().contains(intent)).orElse(false);
  }

  private BotTurn offerSwitch(Conversation c, String text, NluResult nlu) {
    String title = flows.current(c).map(Flow::title).orElse("this");
    String label = label(nlu.intent());
    c.getAttributes().put(SWITCH_INTENT, nlu.intent());
    c.getAttributes().put(SWITCH_TEXT, Redactor.redact(text));
    Turn turn = new Turn();
    turn.reply(
        new BotReply.Choices(
            "That sounds like a different problem ("
                + label.toLowerCase(Locale.ROOT)
                + "). Shall we switch to it, or finish "
                + title.toLowerCase(Locale.ROOT)
                + " first?",
            List.of(
                new Choice("Switch to " + label.toLowerCase(Locale.ROOT), SWITCH),
                new Choice("Finish " + title.toLowerCase(Locale.ROOT) + " first", CONTINUE))));
    c.setPending(Pending.FLOW_SWITCH);
    return finish(c, turn, Outcome.CLARIFYING, nlu);
  }

  private BotTurn switchOrContinue(Conversation c, String text) {
    String intent = c.getAttributes().remove(SWITCH_INTENT);
    String query = c.getAttributes().remove(SWITCH_TEXT);
    String n = Signals.norm(text);
    if (intent != null && (n.equals(SWITCH) || Signals.isYes(text))) {
      String title = flows.current(c).map(Flow::title).orElse("guided flow");
      c.getStepsTried().add("[" + title + "] Left unfinished for another problem");
      FlowEngine.clear(c);
      c.setLastQuery(query);
      return actOnIntent(c, chosen(c, intent), query == null ? label(intent) : query);
    }
    if (n.equals(CONTINUE) || Signals.isNo(text)) {
      return flowTurn(c, flows.reprompt(c, "OK, let's carry on."), null);
    }
    c.setPending(Pending.FLOW);
    return inFlow(c, text);
  }

  /** Turns what a flow did into the turn's replies and, when it gave up, a hand-off. */
  private BotTurn flowTurn(Conversation c, FlowEngine.Result result, NluResult nlu) {
    switch (result.end()) {
      case RESOLVED -> {
        c.setState(ConversationState.RESOLVED);
        c.setPending(Pending.NONE);
        Turn turn = new Turn();
        result.replies().forEach(turn::reply);
        return finish(c, turn, Outcome.RESOLVED, nlu);
      }
      case HANDOFF -> {
        appendBot(c, result.replies());
        BotTurn handoff = handoff(c, result.reason(), c.getLastNlu());
        List<BotReply> replies = new ArrayList<>(result.replies());
        replies.addAll(handoff.replies());
        return new BotTurn(replies, nlu, handoff.outcome(), handoff.state(), handoff.ticket());
      }
      case ENDED -> {
        c.setPending(Pending.NONE);
        Turn turn = new Turn();
        result.replies().forEach(turn::reply);
        return finish(c, turn, Outcome.FLOW, nlu);
      }
      default -> {
        Turn turn = new Turn();
        result.replies().forEach(turn::reply);
        return finish(c, turn, Outcome.FLOW, nlu);
      }
    }
  }

  private HandoffReason offeredReason(Conversation c) {
    String reason = c.getAttributes().remove(OFFER_REASON);
    if (reason != null) {
      try {
        return HandoffReason.valueOf(reason);
      } catch (IllegalArgumentException ignored) {
        // an older or unknown reason: fall back below
      }
    }
    return HandoffReason.USER_REQUEST;
  }

  private NluResult chosen(Conversation c, String intent) {
    NluResult last = c.getLastNlu();
    String category =
        classifier.describe(intent).map(IntentClassifier.IntentInfo::category).orElse(null);
    List<IntentScore> ranking = last == null ? List.of() : last.ranking();
    return new NluResult(
        intent,
        category == null ? (last == null ? null : last.category()) : category,
        1.0,
        ranking.isEmpty() ? List.of(new IntentScore(intent, 1.0)) : ranking,
        last == null ? List.of() : last.entities(),
        "eng");
  }

  private BotTurn classifyAndAct(Conversation c, String text) {
    NluResult nlu = classifier.parse(text);
    c.setLastQuery(text);
    if (Signals.wantsHuman(text) || "human".equals(nlu.intent())) {
      return handoff(c, HandoffReason.USER_REQUEST, informative(c, nlu));
    }
    if (Signals.isFrustrated(text)) {
      return handoff(c, HandoffReason.FRUSTRATION, informative(c, nlu));
    }
    if (!"eng".equals(nlu.language())) {
      c.setLastNlu(nlu);
      Turn turn = new Turn();
      turn.say(
          "Sorry, this help desk works in English only. Could you write in English, or shall I"
              + " pass your message to a person?");
      offerPerson(c, turn, HandoffReason.LANGUAGE, "Pass it to a person");
      return finish(c, turn, Outcome.DECLINED, nlu);
    }
    Optional<String> brief = Signals.smallTalk(text);
    if (brief.isPresent()) {
      return smalltalk(
          c,
          new NluResult(
              brief.get(),
              brief.get(),
              Math.max(0.9, nlu.intent().equals(brief.get()) ? nlu.confidence() : 0),
              nlu.ranking(),
              nlu.entities(),
              nlu.language()));
    }
    if (SMALLTALK.contains(nlu.intent()) && nlu.confidence() >= settings.clarifyFloor()) {
      return smalltalk(c, nlu);
    }
    if (NluResult.OUT_OF_SCOPE.equals(nlu.intent())) {
      return unsure(c, nlu, text, false);
    }
    c.setLastNlu(nlu);
    if (nlu.confidence() >= settings.confident() && nlu.margin() >= settings.clarifyMargin()) {
      return actOnIntent(c, nlu, text);
    }
    Optional<BotTurn> clarified = clarify(c, nlu);
    if (clarified.isPresent()) {
      return clarified.get();
    }
    if (nlu.confidence() >= settings.confident()) {
      return actOnIntent(c, nlu, text);
    }
    return unsure(c, nlu, text, false);
  }

  /** The classification worth putting on a ticket: this one, or the last confident one. */
  private static NluResult informative(Conversation c, NluResult nlu) {
    boolean weak =
        NluResult.OUT_OF_SCOPE.equals(nlu.intent())
            || "human".equals(nlu.intent())
            || SMALLTALK.contains(nlu.intent());
    return weak && c.getLastNlu() != null ? c.getLastNlu() : nlu;
  }

  private BotTurn smalltalk(Conversation c, NluResult nlu) {
    Turn turn = new Turn();
    String name = c.getRequester().displayName();
    switch (nlu.intent()) {
      case "greeting" ->
          turn.say(
              "Hi"
                  + (name == null || name.isBlank() ? "" : " " + name.strip())
                  + "! I'm the IT help desk bot. Tell me what's wrong, for example \"my VPN won't"
                  + " connect\" or \"I forgot my password\".");
      case "thanks" -> turn.say("You're welcome! Anything else I can help with?");
      default -> {
        turn.say("Bye! If the problem comes back, just message me here.");
        if (c.getState() == ConversationState.BOT) {
          c.setState(ConversationState.CLOSED);
        }
      }
    }
    return finish(c, turn, Outcome.SMALLTALK, nlu);
  }

  private Optional<BotTurn> clarify(Conversation c, NluResult nlu) {
    List<IntentScore> candidates = bestTwoProblems(nlu);
    if (c.getLowConfidenceCount() > 0
        || candidates.size() < 2
        || candidates.get(1).confidence() < settings.clarifyFloor()
        || candidates.get(0).confidence() - candidates.get(1).confidence()
            >= settings.clarifyMargin()) {
      return Optional.empty();
    }
    return Optional.of(askWhichOf(c, candidates, nlu));
  }

  /** The two most likely IT problems of the ranking (no small talk, no "a person"). */
  private static List<IntentScore> bestTwoProblems(NluResult nlu) {
    return nlu.ranking().stream()
        .filter(s -> !NluResult.OUT_OF_SCOPE.equals(s.intent()))
        .filter(s -> !SMALLTALK.contains(s.intent()) && !"human".equals(s.intent()))
        .limit(2)
        .toList();
  }

  /** "Did you mean A or B?" with both and "Something else" as choices. */
  private BotTurn askWhichOf(Conversation c, List<IntentScore> candidates, NluResult nlu) {
    c.setLowConfidenceCount(c.getLowConfidenceCount() + 1);
    List<Choice> options = new ArrayList<>();
    for (IntentScore s : candidates) {
      options.add(new Choice(label(s.intent()), INTENT_PREFIX + s.intent()));
    }
    options.add(new Choice("Something else", NONE_OF_THESE));
    Turn turn = new Turn();
    turn.reply(
        new BotReply.Choices(
            "Did you mean "
                + label(candidates.get(0).intent()).toLowerCase(Locale.ROOT)
                + " or "
                + label(candidates.get(1).intent()).toLowerCase(Locale.ROOT)
                + "?",
            options));
    c.setPending(Pending.CLARIFY_INTENT);
    return finish(c, turn, Outcome.CLARIFYING, nlu);
  }

  private String label(String intent) {
    return classifier
        .describe(intent)
        .map(IntentClassifier.IntentInfo::label)
        .orElse(intent.replace('_', ' '));
  }

  /** Not sure what this is: try the knowledge base directly, then ask again, then a person. */
  private BotTurn unsure(Conversation c, NluResult nlu, String text, boolean userRejectedGuesses) {
    boolean itGuess =
        nlu != null
            && nlu.ranking().stream()
                .filter(s -> !NluResult.OUT_OF_SCOPE.equals(s.intent()))
                .anyMatch(s -> s.confidence() >= settings.kbFallbackFloor());
    // A declined line that names an IT thing still gets a search: the knowledge base's own verdict
    // keeps weak matches out, and if it has nothing the question belongs in the gap report.
    boolean itSubject =
        nlu != null && nlu.entities().stream().anyMatch(e -> IT_SUBJECTS.contains(e.type()));
    boolean nonsense =
        nlu != null && NluResult.OUT_OF_SCOPE.equals(nlu.intent()) && !itGuess && !itSubject;
    if (!nonsense && text != null) {
      Optional<KnowledgeBase.Hit> hit = bestUnseen(c, text, null);
      if (hit.isPresent()) {
        return showArticle(c, hit.get(), nlu, "This article might help:");
      }
    }
    // Named an IT thing but matched no article well: the model's two best IT guesses, however
    // unsure, are a better next step than asking for other words ("my wifi is broken").
    if (itSubject && !userRejectedGuesses && c.getLowConfidenceCount() == 0) {
      List<IntentScore> guesses = bestTwoProblems(nlu);
      if (guesses.size() == 2 && guesses.get(1).confidence() > 0) {
        c.setLastNlu(nlu);
        return askWhichOf(c, guesses, nlu);
      }
    }
    Turn turn = new Turn();
    if (nonsense && c.getLowConfidenceCount() == 0) {
      c.setLowConfidenceCount(1);
      turn.say(
          "Sorry, that doesn't look like something the IT help desk can help with. I can help with"
              + " things like passwords, VPN, Wi-Fi, email, printers, software and devices.");
      offerPerson(c, turn, HandoffReason.LOW_CONFIDENCE, "Talk to a person anyway");
      return finish(c, turn, Outcome.DECLINED, nlu);
    }
    if (c.getLowConfidenceCount() > 0 || userRejectedGuesses) {
      return handoff(
          c, HandoffReason.LOW_CONFIDENCE, c.getLastNlu() == null ? nlu : c.getLastNlu());
    }
    c.setLowConfidenceCount(1);
    turn.say(
        "I'm not sure I understood. Could you describe the problem in other words, for example"
            + " what you were doing and any error message you see?");
    offerPerson(c, turn, HandoffReason.LOW_CONFIDENCE, "Talk to a person");
    return finish(c, turn, Outcome.CLARIFYING, nlu);
  }

  private BotTurn actOnIntent(Conversation c, NluResult nlu, String text) {
    c.setLastNlu(nlu);
    if (nlu.intent().equals(c.getLastIntent())) {
      c.setSameIntentCount(c.getSameIntentCount() + 1);
    } else {
      c.setLastIntent(nlu.intent());
      c.setSameIntentCount(1);
    }
    if (settings.urgentIntents().contains(nlu.intent()) || isOutage(nlu)) {
      return urgent(c, nlu, text);
    }
    Optional<Flow> flow = flows == null ? Optional.empty() : flows.forIntent(nlu.intent());
    if (flow.isPresent()) {
      return flowTurn(c, flows.start(c, flow.get(), nlu), nlu);
    }
    if (c.getSameIntentCount() >= settings.sameIntentLimit()) {
      return handoff(c, HandoffReason.REPEATED_FAILURE, nlu);
    }
    Optional<KnowledgeBase.Hit> hit = bestUnseen(c, text, nlu.category());
    if (hit.isPresent()) {
      return showArticle(c, hit.get(), nlu, "Here's what usually fixes this:");
    }
    Turn turn = new Turn();
    turn.say(
        "I don't have an article that fits \""
            + label(nlu.intent()).toLowerCase(Locale.ROOT)
            + "\". Shall I pass it to the IT team?");
    offerPerson(c, turn, HandoffReason.NO_ANSWER, "Yes, pass it on");
    return finish(c, turn, Outcome.DECLINED, nlu);
  }

  private static boolean isOutage(NluResult nlu) {
    return nlu.entities().stream()
        .anyMatch(e -> "urgency".equals(e.type()) && "outage".equals(e.value()));
  }

  private BotTurn urgent(Conversation c, NluResult nlu, String text) {
    Turn first = new Turn();
    Optional<KnowledgeBase.Hit> hit = bestUnseen(c, text, nlu.category());
    hit.ifPresent(h -> {
      first.reply(new BotReply.Article(h.articleId(), h.title(), h.snippet(), h.url()));
      c.getArticlesShown().add(new ArticleShown(h.articleId(), h.title(), null));
      c.getStepsTried().add("Shown first-aid article " + h.articleId() + ": " + h.title());
    });
    BotTurn handoff = handoff(c, HandoffReason.URGENT_CATEGORY, nlu);
    List<BotReply> replies = new ArrayList<>();
    replies.add(
        new BotReply.Text(
            "This needs a person right away, so I've flagged it as urgent for the IT team."));
    replies.addAll(handoff.replies());
    replies.addAll(first.replies);
    appendBot(c, first.replies);
    return new BotTurn(replies, nlu, handoff.outcome(), handoff.state(), handoff.ticket());
  }

  private Optional<KnowledgeBase.Hit> bestUnseen(Conversation c, String text, String category) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    KnowledgeBase.SearchResult result;
    try {
      result = kb.search(new KnowledgeBase.Query(text, 5, category));
    } catch (RuntimeException e) {
      log.warn("Knowledge base search failed: {}", e.toString());
      return Optional.empty();
    }
    if (result.noGoodAnswer()) {
      return Optional.empty();
    }
    return result.hits().stream().filter(h -> !c.wasShown(h.articleId())).findFirst();
  }

  private BotTurn showArticle(Conversation c, KnowledgeBase.Hit hit, NluResult nlu, String intro) {
    Turn turn = new Turn();
    turn.say(intro);
    turn.reply(new BotReply.Article(hit.articleId(), hit.title(), hit.snippet(), hit.url()));
    turn.reply(
        new BotReply.Choices(
            "Did that fix it?",
            List.of(
                new Choice("Yes, that fixed it", "yes"), new Choice("No, still broken", "no"))));
    c.getArticlesShown().add(new ArticleShown(hit.articleId(), hit.title(), null));
    c.getStepsTried().add("Suggested article " + hit.articleId() + ": " + hit.title());
    c.setPending(Pending.FEEDBACK);
    c.setPendingArticleId(hit.articleId());
    return finish(c, turn, Outcome.ANSWERED, nlu);
  }

  private BotTurn helped(Conversation c) {
    String articleId = c.getPendingArticleId();
    if (articleId != null) {
      c.markHelpful(articleId, true);
      feedback(c, articleId, true);
      c.getStepsTried().add("User confirmed article " + articleId + " fixed it");
    }
    c.setState(ConversationState.RESOLVED);
    c.setPendingArticleId(null);
    Turn turn = new Turn();
    turn.say("Great, glad that fixed it! If anything else comes up, just message me here.");
    return finish(c, turn, Outcome.RESOLVED, null);
  }

  private BotTurn notHelped(Conversation c) {
    String articleId = c.getPendingArticleId();
    if (articleId != null) {
      c.markHelpful(articleId, false);
      feedback(c, articleId, false);
      c.getStepsTried().add("User said article " + articleId + " did not help");
    }
    c.setPendingArticleId(null);
    c.setNotHelpfulCount(c.getNotHelpfulCount() + 1);
    if (c.getNotHelpfulCount() >= settings.maxNotHelpful()) {
      return handoff(c, HandoffReason.REPEATED_FAILURE, c.getLastNlu());
    }
    NluResult nlu = c.getLastNlu();
    Optional<KnowledgeBase.Hit> next =
        bestUnseen(c, c.getLastQuery(), nlu == null ? null : nlu.category());
    if (next.isPresent()) {
      return showArticle(c, next.get(), null, "Sorry about that. Let's try this instead:");
    }
    Turn turn = new Turn();
    turn.say("Sorry that didn't help, and I have nothing better. Shall I pass it to the IT team?");
    offerPerson(c, turn, HandoffReason.REPEATED_FAILURE, "Yes, pass it on");
    return finish(c, turn, Outcome.CLARIFYING, null);
  }

  private void feedback(Conversation c, String articleId, boolean helpful) {
    try {
      kb.feedback(c.getLastQuery(), articleId, helpful);
    } catch (RuntimeException e) {
      log.warn("Could not record feedback on {}: {}", articleId, e.toString());
    }
  }

  private static void offerPerson(
      Conversation c, Turn turn, HandoffReason reason, String yesLabel) {
    turn.reply(
        new BotReply.Choices(
            "Would you like me to pass this to a person?",
            List.of(new Choice(yesLabel, TALK_TO_PERSON), new Choice("No thanks", NO_THANKS))));
    c.setPending(Pending.OFFER_PERSON);
    c.getAttributes().put(OFFER_REASON, reason.name());
  }

  /** Opens a ticket and hands the conversation to the agents' queue. */
  public BotTurn handoff(Conversation c, HandoffReason reason, NluResult nlu) {
    c.setHandoffCount(c.getHandoffCount() + 1);
    HandoffRequest request =
        new HandoffRequest(
            c.getId() + ":" + c.getHandoffCount(),
            c.getId(),
            c.getRequester(),
            subject(c, nlu),
            category(nlu),
            nlu,
            nlu == null ? List.of() : nlu.entities(),
            reason,
            c.getTranscript(),
            c.getArticlesShown(),
            c.getStepsTried(),
            clock.instant());
    TicketRef ticket;
    try {
      ticket = queue.submit(request);
    } catch (RuntimeException e) {
      log.warn("Hand-off of {} could not be queued: {}", c.getId(), e.toString());
      c.setHandoffCount(c.getHandoffCount() - 1);
      Turn turn = new Turn();
      turn.say(
          "I couldn't reach the IT team's queue just now, so your request is not queued yet."
              + " Please send your message again in a minute.");
      return finish(c, turn, Outcome.DECLINED, nlu);
    }
    c.setTicket(ticket);
    c.setState(ConversationState.AWAITING_AGENT);
    c.setPending(Pending.NONE);
    Turn turn = new Turn();
    String expectation;
    try {
      expectation = queue.expectation(ticket.priority());
    } catch (RuntimeException e) {
      expectation = "An IT agent will reply here as soon as possible.";
    }
    turn.reply(
        new BotReply.HandoffNotice(
            "I've passed this to the IT team as ticket "
                + ticket.id()
                + " (priority "
                + ticket.priority()
                + "). "
                + expectation
                + " You won't need to repeat anything: they can see our conversation.",
            ticket.id(),
            ticket.priority()));
    return finish(c, turn, Outcome.HANDOFF, nlu);
  }

  private static String category(NluResult nlu) {
    return nlu == null || nlu.category() == null ? "human" : nlu.category();
  }

  /** "VPN won't connect: my vpn says error 809 since this morning" — one line, redacted text. */
  private String subject(Conversation c, NluResult nlu) {
    String firstUserLine =
        c.getTranscript().stream()
            .filter(e -> e.from() == Speaker.USER)
            .map(TranscriptEntry::text)
            .filter(t -> t.strip().length() > 3 && !Signals.isYes(t) && !Signals.isNo(t))
            .filter(t -> !Signals.wantsHuman(t) || c.getTranscript().size() <= 1)
            .findFirst()
            .orElse("Help requested");
    String summary = firstUserLine.replaceAll("\\s+", " ").strip();
    if (summary.length() > 90) {
      summary = summary.substring(0, 87).strip() + "...";
    }
    if (nlu != null
        && !NluResult.OUT_OF_SCOPE.equals(nlu.intent())
        && !"human".equals(nlu.intent())
        && !SMALLTALK.contains(nlu.intent())) {
      return label(nlu.intent()) + ": " + summary;
    }
    return summary;
  }

  private BotTurn finish(Conversation c, Turn turn, Outcome outcome, NluResult nlu) {
    appendBot(c, turn.replies);
    return new BotTurn(turn.replies, nlu, outcome, c.getState(), c.getTicket());
  }

  private void appendBot(Conversation c, List<BotReply> replies) {
    for (BotReply reply : replies) {
      c.append(new TranscriptEntry(clock.instant(), Speaker.BOT, TranscriptText.of(reply)));
    }
  }

  /** Replies collected for one turn. */
  private static final class Turn {
    final List<BotReply> replies = new ArrayList<>();

    void say(String text) {
      replies.add(new BotReply.Text(text));
    }

    void reply(BotReply reply) {
      replies.add(reply);
    }
  }
}

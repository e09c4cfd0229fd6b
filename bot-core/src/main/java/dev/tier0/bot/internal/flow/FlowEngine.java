package dev.tier0.bot.internal.flow;

import dev.tier0.bot.ArticleShown;
import dev.tier0.bot.BotReply;
import dev.tier0.bot.BotReply.Choice;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.Conversation.Pending;
import dev.tier0.bot.Entity;
import dev.tier0.bot.FlowSettings;
import dev.tier0.bot.HandoffReason;
import dev.tier0.bot.NluResult;
import dev.tier0.bot.Redactor;
import dev.tier0.bot.internal.flow.Step.Kind;
import dev.tier0.bot.internal.flow.Step.Option;
import dev.tier0.bot.spi.KnowledgeBase;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs guided flows inside a conversation. All state lives in the conversation's attributes under
 * {@code flow.*}, so a flow survives a restart with the stored conversation; nothing secret is ever
 * put there (a typed code lives only for the turn that checks it).
 *
 * <p>Stateless itself and thread-safe; the caller holds the conversation's lock.
 */
public final class FlowEngine {

  private static final Logger log = LoggerFactory.getLogger(FlowEngine.class);

  static final String PREFIX = "flow.";
  static final String ID = "flow.id";
  static final String STEP = "flow.step";
  static final String STARTED = "flow.started";
  static final String UPDATED = "flow.updated";
  static final String SECRET = "flow.secret";
  static final String SLOT = "flow.slot.";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)\\}");
  private static final int MAX_SLOT = 200;

  private final FlowCatalog catalog;
  private final KnowledgeBase kb;
  private final SelfService selfService;
  private final FlowSettings settings;
  private final Clock clock;
  private final Predicate<String> yes;
  private final Predicate<String> no;

  /**
   * @param yes recognises "yes" answers (shared with the dialogue policy)
   * @param no recognises "no" answers
   */
  public FlowEngine(
      FlowCatalog catalog,
      KnowledgeBase kb,
      SelfService selfService,
      FlowSettings settings,
      Clock clock,
      Predicate<String> yes,
      Predicate<String> no) {
    this.catalog = catalog;
    this.kb = kb;
    this.selfService = selfService;
    this.settings = settings;
    this.clock = clock;
    this.yes = yes;
    this.no = no;
  }

  /** How a flow turn ended. */
  public enum End {
    /** The flow waits for the user's answer. */
    WAITING,
    /** The user's problem is fixed. */
    RESOLVED,
    /** The flow ended without a fix and without a person (the user declined one). */
    ENDED,
    /** The flow gave up: hand the conversation to a person with {@link Result#reason()}. */
    HANDOFF
  }

  /** What one flow turn says and how it ended. */
  public record Result(List<BotReply> replies, End end, HandoffReason reason) {
    public Result {
      replies = List.copyOf(replies);
    }
  }

  /** How well a message answers the step the flow waits on. */
  public enum Fit {
    /** Clearly an answer (a button, yes/no, a code, a matching pattern). */
    YES,
    /** Free text: an answer unless it is clearly about something else. */
    MAYBE,
    /** Not an answer to this step. */
    NO
  }

  /** The catalog this engine runs. */
  public FlowCatalog catalog() {
    return catalog;
  }

  /** The flow an intent starts, if any. */
  public Optional<Flow> forIntent(String intent) {
    return intent == null ? Optional.empty() : catalog.forIntent(intent);
  }

  /** The flow the conversation is in, if any (a flow since removed from the catalog is none). */
  public Optional<Flow> current(Conversation c) {
    String id = c.getAttributes().get(ID);
    return id == null ? Optional.empty() : catalog.find(id);
  }

  /** True when a flow waits for the user's answer to a secret (a one-time code). */
  public static boolean awaitsSecret(Conversation c) {
    return c.getPending() == Pending.FLOW && "true".equals(c.getAttributes().get(SECRET));
  }

  /** True when the conversation has a flow that was left alone longer than the timeout. */
  public boolean expired(Conversation c) {
    String updated = c.getAttributes().get(UPDATED);
    if (c.getAttributes().get(ID) == null || updated == null) {
      return false;
    }
    try {
      return Instant.parse(updated).plus(settings.flowTimeout()).isBefore(clock.instant());
    } catch (DateTimeParseException e) {
      return true;
    }
  }

  /** Forgets the flow (its slots, step and any pending verification). */
  public static void clear(Conversation c) {
    c.getAttributes().keySet().removeIf(k -> k.startsWith(PREFIX));
  }

  /** Starts a flow: slots are pre-filled from the message's entities, then steps run. */
  public Result start(Conversation c, Flow flow, NluResult nlu) {
    clear(c);
    String now = clock.instant().toString();
    c.getAttributes().put(ID, flow.id());
    c.getAttributes().put(STARTED, now);
    c.getAttributes().put(UPDATED, now);
    if (nlu != null) {
      putSlot(c, "intent", nlu.intent());
      for (Step s : flow.steps().values()) {
        if (s.entity() != null && s.slot() != null) {
          nlu.entities().stream()
              .filter(e -> s.entity().equals(e.type()))
              .findFirst()
              .ifPresent(e -> putSlot(c, s.slot(), e.value()));
        }
      }
    }
    c.getStepsTried().add("[" + flow.title() + "] Started the guided flow");
    return run(c, flow, flow.start(), new Run());
  }

  /** How well the text answers the step the conversation waits on. */
  public Fit fit(Conversation c, String text) {
    Optional<Flow> flow = current(c);
    Step step = flow.map(f -> f.step(c.getAttributes().get(STEP))).orElse(null);
    if (step == null || !step.kind().waits()) {
      return Fit.NO;
    }
    if (step.kind() == Kind.CONFIRM) {
      return yes.test(text) || no.test(text) ? Fit.YES : Fit.NO;
    }
    if (step.secret()) {
      return Fit.YES;
    }
    if (!step.options().isEmpty()) {
      return option(step, text) == null ? Fit.NO : Fit.YES;
    }
    if (step.pattern() != null) {
      return Pattern.compile(step.pattern(), Pattern.CASE_INSENSITIVE).matcher(text).find()
          ? Fit.YES
          : Fit.NO;
    }
    return Fit.MAYBE;
  }

  /** True when the message carries the entity the waiting step asks for. */
  public boolean expects(Conversation c, NluResult nlu) {
    Step step = current(c).map(f -> f.step(c.getAttributes().get(STEP))).orElse(null);
    return step != null
        && step.entity() != null
        && nlu != null
        && nlu.entities().stream().anyMatch(e -> step.entity().equals(e.type()));
  }

  /**
   * Takes the user's answer to the waiting step and runs on.
   *
   * @param nlu the answer's classification when one was made (for entity slots), or null
   */
  public Result answer(Conversation c, String text, NluResult nlu) {
    Optional<Flow> found = current(c);
    Step step = found.map(f -> f.step(c.getAttributes().get(STEP))).orElse(null);
    if (step == null) {
      clear(c);
      return new Result(
          List.of(new BotReply.Text("Sorry, I lost track of that guided fix.")),
          End.HANDOFF,
          HandoffReason.FLOW_FAILED);
    }
    Flow flow = found.get();
    c.getAttributes().remove(SECRET);
    Run run = new Run();
    switch (step.kind()) {
      case CONFIRM -> {
        if (yes.test(text)) {
          tried(c, flow, "User said this fixed it");
          if (step.yes() != null) {
            return run(c, flow, step.yes(), run);
          }
          return resolved(c, flow, run, null);
        }
        if (no.test(text)) {
          tried(c, flow, "User said this did not fix it");
          return run(c, flow, step.next(), run);
        }
        return reprompt(c, "Please answer yes or no.");
      }
      case ASK -> {
        if (step.secret()) {
          run.secret = text;
          tried(c, flow, "User entered the code " + Redactor.redactAnswerToSecretPrompt(text));
          return run(c, flow, step.next(), run);
        }
        if (!step.options().isEmpty()) {
          Option option = option(step, text);
          if (option == null) {
            return reprompt(c, "Please pick one of the options.");
          }
          putSlot(c, slotName(step), option.value());
          tried(c, flow, "User answered \"" + option.label() + "\"");
          return run(c, flow, option.next() == null ? step.next() : option.next(), run);
        }
        String value = extract(step, text, nlu);
        if (value == null) {
          return reprompt(c, "Sorry, that doesn't look like what I asked for.");
        }
        putSlot(c, slotName(step), value);
        tried(c, flow, "User answered \"" + slot(c, slotName(step)) + "\"");
        return run(c, flow, step.next(), run);
      }
      default -> {
        return run(c, flow, step.id(), run);
      }
    }
  }

  /** Asks the waiting step's question again, after an optional short note. */
  public Result reprompt(Conversation c, String note) {
    Optional<Flow> flow = current(c);
    Step step = flow.map(f -> f.step(c.getAttributes().get(STEP))).orElse(null);
    if (step == null || !step.kind().waits()) {
      clear(c);
      return new Result(List.of(), End.HANDOFF, HandoffReason.FLOW_FAILED);
    }
    List<BotReply> replies = new ArrayList<>();
    if (note != null) {
      replies.add(new BotReply.Text(note));
    }
    replies.add(prompt(c, step));
    waitOn(c, step);
    return new Result(replies, End.WAITING, null);
  }

  private Result run(Conversation c, Flow flow, String stepId, Run run) {
    for (int i = 0; i < settings.maxStepsPerTurn(); i++) {
      Step s = flow.step(stepId);
      if (s == null) {
        return failed(c, flow, run, "the flow has no step " + stepId);
      }
      c.getAttributes().put(STEP, s.id());
      c.getAttributes().put(UPDATED, clock.instant().toString());
      switch (s.kind()) {
        case SAY -> {
          String text = fill(c, s.text());
          run.replies.add(new BotReply.Text(text));
          tried(c, flow, "Told the user: " + shorten(text));
          stepId = s.next();
        }
        case ASK -> {
          String known = s.secret() ? null : slot(c, slotName(s));
          if (known != null) {
            Option option = s.options().isEmpty() ? null : option(s, known);
            if (s.options().isEmpty() || option != null) {
              tried(c, flow, "Already known: " + slotName(s) + " = " + known);
              stepId = option == null || option.next() == null ? s.next() : option.next();
              continue;
            }
          }
          run.replies.add(prompt(c, s));
          waitOn(c, s);
          tried(c, flow, "Asked: " + shorten(fill(c, s.text())));
          return new Result(run.replies, End.WAITING, null);
        }
        case CONFIRM -> {
          run.replies.add(prompt(c, s));
          waitOn(c, s);
          return new Result(run.replies, End.WAITING, null);
        }
        case BRANCH -> {
          String value = slot(c, s.slot());
          String key = value == null ? "" : value.toLowerCase(Locale.ROOT);
          stepId = s.cases().getOrDefault(key, s.otherwise());
        }
        case ACTION -> {
          String outcome = selfService.run(s.action(), c, run.secret);
          run.secret = null;
          tried(c, flow, "Action " + s.action() + ": " + outcome);
          String target = s.outcomes().get(outcome);
          if (target == null && outcome.equals(FlowActions.success(s.action()))) {
            target = s.next();
          }
          if (target == null) {
            boolean verification =
                outcome.equals("failed")
                    || outcome.equals("not_verified")
                    || outcome.equals("not_identified");
            run.replies.add(
                new BotReply.Text(
                    "Sorry, I can't finish this here, so I'm passing it to the IT team."));
            clear(c);
            return new Result(
                run.replies,
                End.HANDOFF,
                verification ? HandoffReason.VERIFICATION_FAILED : HandoffReason.FLOW_FAILED);
          }
          stepId = target;
        }
        case ARTICLE -> {
          Optional<KnowledgeBase.Article> article = find(s.article());
          if (article.isPresent()) {
            KnowledgeBase.Article a = article.get();
            if (s.text() != null) {
              run.replies.add(new BotReply.Text(fill(c, s.text())));
            }
            run.replies.add(new BotReply.Article(a.id(), a.title(), snippet(a.body()), a.url()));
            c.getArticlesShown().add(new ArticleShown(a.id(), a.title(), null));
            tried(c, flow, "Showed article " + a.id() + ": " + a.title());
          } else {
            log.warn(
                "Flow {} shows article {} which the knowledge base lacks", flow.id(), s.article());
          }
          stepId = s.next();
        }
        case RESOLVE -> {
          return resolved(c, flow, run, s.text());
        }
        case END -> {
          if (s.text() != null) {
            run.replies.add(new BotReply.Text(fill(c, s.text())));
          }
          tried(c, flow, "Ended without a fix");
          clear(c);
          return new Result(run.replies, End.ENDED, null);
        }
        case HANDOFF -> {
          if (s.text() != null) {
            run.replies.add(new BotReply.Text(fill(c, s.text())));
          }
          tried(c, flow, "Handed to a person (" + s.reason().id() + ")");
          clear(c);
          return new Result(run.replies, End.HANDOFF, s.reason());
        }
      }
    }
    return failed(c, flow, run, "more than " + settings.maxStepsPerTurn() + " steps in one turn");
  }

  private Result resolved(Conversation c, Flow flow, Run run, String text) {
    run.replies.add(
        new BotReply.Text(
            text == null
                ? "Great, glad that's sorted! If anything else comes up, just message me here."
                : fill(c, text)));
    tried(c, flow, "Resolved");
    clear(c);
    return new Result(run.replies, End.RESOLVED, null);
  }

  private Result failed(Conversation c, Flow flow, Run run, String why) {
    log.warn("Flow {} stopped: {}", flow.id(), why);
    run.replies.add(
        new BotReply.Text("Sorry, something went wrong with this guided fix. I'll pass it on."));
    clear(c);
    return new Result(run.replies, End.HANDOFF, HandoffReason.FLOW_FAILED);
  }

  private Optional<KnowledgeBase.Article> find(String id) {
    try {
      return kb.find(id);
    } catch (RuntimeException e) {
      log.warn("Knowledge base lookup of {} failed: {}", id, e.toString());
      return Optional.empty();
    }
  }

  private void waitOn(Conversation c, Step s) {
    c.setPending(Pending.FLOW);
    if (s.secret()) {
      c.getAttributes().put(SECRET, "true");
    } else {
      c.getAttributes().remove(SECRET);
    }
  }

  private BotReply prompt(Conversation c, Step s) {
    if (s.kind() == Kind.CONFIRM) {
      return new BotReply.Choices(
          s.text() == null ? "Did that fix it?" : fill(c, s.text()),
          List.of(new Choice("Yes, that fixed it", "yes"), new Choice("No, still broken", "no")));
    }
    if (!s.options().isEmpty()) {
      List<Choice> choices = new ArrayList<>();
      for (Option o : s.options()) {
        choices.add(new Choice(o.label(), o.value()));
      }
      return new BotReply.Choices(fill(c, s.text()), choices);
    }
    return new BotReply.Text(fill(c, s.text()));
  }

  private Option option(Step s, String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (Option o : s.options()) {
      if (o.value().toLowerCase(Locale.ROOT).equals(t)
          || o.label().toLowerCase(Locale.ROOT).equals(t)) {
        return o;
      }
    }
    if (t.matches("\\d{1,2}")) {
      int n = Integer.parseInt(t);
      if (n >= 1 && n <= s.options().size()) {
        return s.options().get(n - 1);
      }
    }
    for (Option o : s.options()) {
      if ((o.value().equalsIgnoreCase("yes") && yes.test(text))
          || (o.value().equalsIgnoreCase("no") && no.test(text))) {
        return o;
      }
    }
    return null;
  }

  private static String extract(Step s, String text, NluResult nlu) {
    if (s.entity() != null && nlu != null) {
      for (Entity e : nlu.entities()) {
        if (s.entity().equals(e.type())) {
          return e.value();
        }
      }
    }
    if (s.pattern() != null) {
      Matcher m = Pattern.compile(s.pattern(), Pattern.CASE_INSENSITIVE).matcher(text);
      if (!m.find()) {
        return null;
      }
      return m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
    }
    return text.isBlank() ? null : text;
  }

  private static String slotName(Step s) {
    return s.slot() == null ? s.id() : s.slot();
  }

  static String slot(Conversation c, String name) {
    return name == null ? null : c.getAttributes().get(SLOT + name);
  }

  static void putSlot(Conversation c, String name, String value) {
    String v = Redactor.redact(value == null ? "" : value.replaceAll("\\s+", " ").strip());
    if (v.length() > MAX_SLOT) {
      v = v.substring(0, MAX_SLOT);
    }
    c.getAttributes().put(SLOT + name, v);
  }

  private static String fill(Conversation c, String text) {
    if (text == null) {
      return "";
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = slot(c, m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "" : v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static void tried(Conversation c, Flow flow, String what) {
    c.getStepsTried().add("[" + flow.title() + "] " + Redactor.redact(what));
  }

  private static String shorten(String text) {
    String t = text.replaceAll("\\s+", " ").strip();
    return t.length() <= 140 ? t : t.substring(0, 137) + "...";
  }

  private static String snippet(String body) {
    if (body == null) {
      return "";
    }
    String t = body.replaceAll("(?m)^#+\\s*", "").replaceAll("\\s+", " ").strip();
    return t.length() <= 400 ? t : t.substring(0, 397) + "...";
  }

  /** What one turn carries between steps: the replies so far and a typed code. */
  private static final class Run {
    final List<BotReply> replies = new ArrayList<>();
    String secret;
  }

  /** Read-only view of a conversation's flow slots, for tests and diagnostics. */
  public static Map<String, String> slots(Conversation c) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    c.getAttributes()
        .forEach((k, v) -> {
          if (k.startsWith(SLOT)) {
            out.put(k.substring(SLOT.length()), v);
          }
        });
    return out;
  }
}

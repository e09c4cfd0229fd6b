package dev.tier0.bot;

import dev.tier0.bot.internal.dialog.DialogPolicy;
import dev.tier0.bot.internal.dialog.Signals;
import dev.tier0.bot.internal.flow.FlowCatalog;
import dev.tier0.bot.internal.flow.FlowEngine;
import dev.tier0.bot.internal.flow.SelfService;
import dev.tier0.bot.spi.AuditLog;
import dev.tier0.bot.spi.ConversationStore;
import dev.tier0.bot.spi.HandoffQueue;
import dev.tier0.bot.spi.IdentityDirectory;
import dev.tier0.bot.spi.IntentClassifier;
import dev.tier0.bot.spi.KnowledgeBase;
import dev.tier0.bot.spi.OtpSender;
import dev.tier0.bot.spi.TurnListener;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversation engine: takes a user's message from any channel, decides what to answer (an
 * article, a question, small talk, a hand-off to a person) and remembers the conversation.
 *
 * <p>Thread-safe. Messages of one conversation are handled one at a time within this instance;
 * retries carrying the same client message id get the turn already produced.
 */
public final class ConversationEngine {

  private static final Logger log = LoggerFactory.getLogger(ConversationEngine.class);
  private static final int STRIPES = 64;

  private final ConversationStore store;
  private final DialogPolicy policy;
  private final EngineSettings settings;
  private final List<TurnListener> listeners;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  public ConversationEngine(
      IntentClassifier classifier,
      KnowledgeBase kb,
      ConversationStore store,
      HandoffQueue queue,
      EngineSettings settings,
      List<TurnListener> listeners,
      Clock clock) {
    this(
        classifier,
        kb,
        store,
        queue,
        settings,
        listeners,
        clock,
        FlowCatalog.empty(),
        null,
        null,
        null,
        FlowSettings.defaults());
  }

  /**
   * An engine that also runs guided flows and identity-verified self-service.
   *
   * @param flows the flows to run (see {@link FlowCatalog#load})
   * @param directory the identity directory, or null: actions that need it end "unavailable"
   * @param otpSender delivers codes and temporary passwords, or null (likewise)
   * @param audit where self-service actions are recorded, or null for none
   */
  public ConversationEngine(
      IntentClassifier classifier,
      KnowledgeBase kb,
      ConversationStore store,
      HandoffQueue queue,
      EngineSettings settings,
      List<TurnListener> listeners,
      Clock clock,
      FlowCatalog flows,
      IdentityDirectory directory,
      OtpSender otpSender,
      AuditLog audit,
      FlowSettings flowSettings) {
    this.store = store;
    this.settings = settings;
    this.listeners = List.copyOf(listeners);
    this.clock = clock;
    FlowEngine flowEngine =
        flows.flows().isEmpty()
            ? null
            : new FlowEngine(
                flows,
                kb,
                new SelfService(
                    directory, otpSender, audit, flows.catalogue(), flowSettings, clock),
                flowSettings,
                clock,
                Signals::isYes,
                Signals::isNo);
    this.policy = new DialogPolicy(classifier, kb, queue, settings, clock, flowEngine);
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** Starts a conversation owned by the bot and stores it. */
  public Conversation start(Requester requester) {
    return start(requester, Map.of());
  }

  /**
   * Starts a conversation with attributes the channel vouches for, such as {@link
   * Conversation#IDENTITY_VERIFIED}, and stores it in one write.
   */
  public Conversation start(Requester requester, Map<String, String> attributes) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Conversation conversation = new Conversation(id, requester, clock.instant());
    conversation.getAttributes().putAll(attributes);
    store.save(conversation);
    return conversation;
  }

  /** The conversation with this id, or empty. */
  public Optional<Conversation> find(String conversationId) {
    return conversationId == null || conversationId.isBlank()
        ? Optional.empty()
        : store.find(conversationId);
  }

  /**
   * Handles one message.
   *
   * @throws InvalidMessageException for empty or oversized text (nothing is stored)
   * @throws ConversationNotFoundException when the conversation does not exist
   * @throws ConversationStore.StoreUnavailableException when the store cannot be reached
   */
  public BotTurn handle(InboundMessage message) {
    String text = clean(message.text());
    if (text.isEmpty()) {
      throw new InvalidMessageException("empty_text", "The message has no text.", false);
    }
    if (text.length() > settings.maxTextLength()) {
      throw new InvalidMessageException(
          "text_too_long",
          "The message is longer than " + settings.maxTextLength() + " characters.",
          true);
    }
    ReentrantLock lock = locks[Math.floorMod(message.conversationId().hashCode(), STRIPES)];
    lock.lock();
    try {
      return handleLocked(message, text);
    } finally {
      lock.unlock();
    }
  }

  private BotTurn handleLocked(InboundMessage message, String text) {
    long started = System.nanoTime();
    String key = message.clientMessageId();
    ConversationStore.TurnStart start = store.startTurn(message.conversationId(), key);
    if (start.earlierTurn().isPresent()) {
      return start.earlierTurn().get();
    }
    Conversation conversation =
        start
            .conversation()
            .orElseThrow(() -> new ConversationNotFoundException(message.conversationId()));
    // The answer to "enter the code" is a secret however it looks; escape words are not.
    boolean secret =
        FlowEngine.awaitsSecret(conversation)
            && !Signals.wantsRestart(text)
            && !Signals.wantsHuman(text);
    String redacted = secret ? Redactor.redactAnswerToSecretPrompt(text) : Redactor.redact(text);
    conversation.append(new TranscriptEntry(clock.instant(), Speaker.USER, redacted));
    BotTurn turn = policy.respond(conversation, text);
    conversation.setLastChoices(lastChoices(turn.replies()));
    store.finishTurn(conversation, key, turn);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    for (TurnListener listener : listeners) {
      try {
        listener.onTurn(conversation, redacted, turn, took);
      } catch (RuntimeException e) {
        log.warn("Turn listener {} failed: {}", listener.getClass().getName(), e.toString());
      }
    }
    return turn;
  }

  /** The last buttons among the replies, or null. */
  static BotReply.Choices lastChoices(List<BotReply> replies) {
    BotReply.Choices last = null;
    for (BotReply reply : replies) {
      if (reply instanceof BotReply.Choices choices) {
        last = choices;
      }
    }
    return last;
  }

  /**
   * Removes what no chat message should carry: control characters other than line breaks and tabs,
   * and surrounding white space.
   */
  static String clean(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '\n' || ch == '\t' || !Character.isISOControl(ch)) {
        sb.append(ch);
      }
    }
    return sb.toString().strip();
  }
}

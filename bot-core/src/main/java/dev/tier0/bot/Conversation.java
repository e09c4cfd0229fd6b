package dev.tier0.bot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A conversation and everything the engine remembers about it between turns. Stored whole by a
 * {@link dev.tier0.bot.spi.ConversationStore}; the bean shape (no-argument constructor, getters and
 * setters) lets adapters serialise it without annotations in the core.
 *
 * <p>Not thread-safe: the engine handles one message of a conversation at a time.
 */
public final class Conversation {

  /**
   * The attribute a channel sets to "true" when it has verified who the requester is: Slack and
   * Teams from their signed requests, the web chat from a signed identity token. Identity-verified
   * self-service refuses a conversation without it, whatever channel it names.
   */
  public static final String IDENTITY_VERIFIED = "identity.verified";

  /** What the bot asked last and is waiting for an answer to. */
  public enum Pending {
    NONE,
    /** "Did that help?" after an article. */
    FEEDBACK,
    /** "Did you mean A or B?" */
    CLARIFY_INTENT,
    /** "Shall I pass this to a person?" */
    OFFER_PERSON,
    /** "How did we do?" after a resolution. */
    CSAT,
    /** A guided flow waits for the answer to its current step. */
    FLOW,
    /** A new topic came up mid-flow: switch or continue? */
    FLOW_SWITCH
  }

  private String id;
  private Requester requester;
  private ConversationState state = ConversationState.BOT;
  private Instant createdAt;
  private Instant updatedAt;
  private List<TranscriptEntry> transcript = new ArrayList<>();
  private TicketRef ticket;
  private NluResult lastNlu;
  private String lastIntent;
  private int sameIntentCount;
  private int notHelpfulCount;
  private int lowConfidenceCount;
  private Pending pending = Pending.NONE;
  private String pendingArticleId;
  private String lastQuery;
  private List<ArticleShown> articlesShown = new ArrayList<>();
  private List<String> stepsTried = new ArrayList<>();
  private Integer csat;
  private BotReply.Choices lastChoices;
  private int handoffCount;
  private Map<String, String> attributes = new LinkedHashMap<>();

  public Conversation() {}

  public Conversation(String id, Requester requester, Instant createdAt) {
    this.id = id;
    this.requester = requester;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }

  /** Appends a line; the text must already be redacted. */
  public void append(TranscriptEntry entry) {
    transcript.add(entry);
    updatedAt = entry.at();
  }

  /** Records the user's verdict on the article with this id (the latest showing of it). */
  public void markHelpful(String articleId, boolean helpful) {
    for (int i = articlesShown.size() - 1; i >= 0; i--) {
      ArticleShown shown = articlesShown.get(i);
      if (shown.id().equals(articleId)) {
        articlesShown.set(i, new ArticleShown(shown.id(), shown.title(), helpful));
        return;
      }
    }
  }

  /** True when this article was already shown in this conversation. */
  public boolean wasShown(String articleId) {
    return articlesShown.stream().anyMatch(a -> a.id().equals(articleId));
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public Requester getRequester() {
    return requester;
  }

  public void setRequester(Requester requester) {
    this.requester = requester;
  }

  public ConversationState getState() {
    return state;
  }

  public void setState(ConversationState state) {
    this.state = state;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(Instant createdAt) {
    this.createdAt = createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public void setUpdatedAt(Instant updatedAt) {
    this.updatedAt = updatedAt;
  }

  public List<TranscriptEntry> getTranscript() {
    return transcript;
  }

  public void setTranscript(List<TranscriptEntry> transcript) {
    this.transcript = new ArrayList<>(transcript);
  }

  public TicketRef getTicket() {
    return ticket;
  }

  public void setTicket(TicketRef ticket) {
    this.ticket = ticket;
  }

  public NluResult getLastNlu() {
    return lastNlu;
  }

  public void setLastNlu(NluResult lastNlu) {
    this.lastNlu = lastNlu;
  }

  public String getLastIntent() {
    return lastIntent;
  }

  public void setLastIntent(String lastIntent) {
    this.lastIntent = lastIntent;
  }

  public int getSameIntentCount() {
    return sameIntentCount;
  }

  public void setSameIntentCount(int sameIntentCount) {
    this.sameIntentCount = sameIntentCount;
  }

  public int getNotHelpfulCount() {
    return notHelpfulCount;
  }

  public void setNotHelpfulCount(int notHelpfulCount) {
    this.notHelpfulCount = notHelpfulCount;
  }

  public int getLowConfidenceCount() {
    return lowConfidenceCount;
  }

  public void setLowConfidenceCount(int lowConfidenceCount) {
    this.lowConfidenceCount = lowConfidenceCount;
  }

  public Pending getPending() {
    return pending;
  }

  public void setPending(Pending pending) {
    this.pending = pending == null ? Pending.NONE : pending;
  }

  public String getPendingArticleId() {
    return pendingArticleId;
  }

  public void setPendingArticleId(String pendingArticleId) {
    this.pendingArticleId = pendingArticleId;
  }

  public String getLastQuery() {
    return lastQuery;
  }

  public void setLastQuery(String lastQuery) {
    this.lastQuery = lastQuery;
  }

  public List<ArticleShown> getArticlesShown() {
    return articlesShown;
  }

  public void setArticlesShown(List<ArticleShown> articlesShown) {
    this.articlesShown = new ArrayList<>(articlesShown);
  }

  public List<String> getStepsTried() {
    return stepsTried;
  }

  public void setStepsTried(List<String> stepsTried) {
    this.stepsTried = new ArrayList<>(stepsTried);
  }

  /**
   * The buttons the user was offered last (by the bot or pushed to them), so that a client that
   * reloads can show them again while the conversation waits on an answer; null when none.
   */
  public BotReply.Choices getLastChoices() {
    return lastChoices;
  }

  public void setLastChoices(BotReply.Choices lastChoices) {
    this.lastChoices = lastChoices;
  }

  public Integer getCsat() {
    return csat;
  }

  public void setCsat(Integer csat) {
    this.csat = csat;
  }

  public int getHandoffCount() {
    return handoffCount;
  }

  public void setHandoffCount(int handoffCount) {
    this.handoffCount = handoffCount;
  }

  /** Free-form state for extensions (e.g. a guided flow's slots); keys are namespaced by owner. */
  public Map<String, String> getAttributes() {
    return attributes;
  }

  public void setAttributes(Map<String, String> attributes) {
    this.attributes = new LinkedHashMap<>(attributes);
  }
}

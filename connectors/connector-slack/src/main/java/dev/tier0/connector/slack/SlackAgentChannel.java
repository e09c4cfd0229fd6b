package dev.tier0.connector.slack;

import com.slack.api.model.block.LayoutBlock;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.Requester;
import dev.tier0.bot.spi.ChannelRegistry;
import dev.tier0.bot.spi.ConversationStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents on Slack: each hand-off is posted to the agents channel with a Claim button; the claiming
 * agent's replies in that thread go to the employee, and the employee's messages appear there.
 *
 * <p>The application calls {@link #ticketCreated} when a ticket is opened and {@link #userMessage}
 * when the employee writes to a ticket; both are safe to call for any channel's conversations and
 * do nothing when no agents channel is configured. Thread-safe; never throws for Slack failures.
 */
public final class SlackAgentChannel {
  private static final Logger log = LoggerFactory.getLogger(SlackAgentChannel.class);

  static final String AGENT_CHANNEL = "slack.agent.channel";
  static final String AGENT_THREAD = "slack.agent.thread";
  static final String AGENT_TICKET = "slack.agent.ticket";
  static final String AGENT_CLAIMANT = "slack.agent.claimant";
  private static final Duration POSTED_TTL = Duration.ofDays(7);

  private final String agentsChannel;
  private final SlackAgentDesk desk;
  private final SlackWebApi api;
  private final BlockKitRenderer renderer;
  private final SlackUserDirectory users;
  private final ChannelRegistry registry;
  private final ConversationStore store;

  SlackAgentChannel(
      String agentsChannel,
      SlackAgentDesk desk,
      SlackWebApi api,
      BlockKitRenderer renderer,
      SlackUserDirectory users,
      ChannelRegistry registry,
      ConversationStore store) {
    this.agentsChannel = agentsChannel;
    this.desk = desk;
    this.api = api;
    this.renderer = renderer;
    this.users = users;
    this.registry = registry;
    this.store = store;
  }

  /** True when hand-offs are posted to an agents channel. */
  public boolean enabled() {
    return agentsChannel != null;
  }

  /**
   * A ticket was opened: post its summary with a Claim button to the agents channel. Posting the
   * same ticket twice (two instances, a retried event) posts it once.
   */
  public void ticketCreated(TicketSummary ticket) {
    if (!enabled() || ticket == null || ticket.ticketId() == null) {
      return;
    }
    try {
      if (!registry.firstDelivery("slack:ticket-posted:" + ticket.ticketId(), POSTED_TTL)) {
        return;
      }
      BlockKitRenderer.Message message = renderer.ticket(ticket, null);
      Optional<String> ts = api.post(agentsChannel, null, message.text(), message.blocks());
      if (ts.isEmpty() || ticket.conversationId() == null) {
        return;
      }
      registry.bind(agentKey(agentsChannel, ts.get()), ticket.conversationId());
      store.update(
          ticket.conversationId(),
          c -> {
            Map<String, String> a = c.getAttributes();
            a.put(AGENT_CHANNEL, agentsChannel);
            a.put(AGENT_THREAD, ts.get());
            a.put(AGENT_TICKET, ticket.ticketId());
            a.remove(AGENT_CLAIMANT);
            return c;
          });
    } catch (RuntimeException e) {
      log.warn("Could not post ticket {} to Slack: {}", ticket.ticketId(), e.toString());
    }
  }

  /**
   * The employee wrote to a handed-off conversation: show it in the ticket's thread.
   *
   * @param text what the employee wrote, already redacted
   */
  public void userMessage(String conversationId, String text) {
    if (!enabled() || conversationId == null || text == null) {
      return;
    }
    try {
      Optional<Conversation> found = store.find(conversationId);
      if (found.isEmpty()) {
        return;
      }
      Conversation c = found.get();
      String channel = c.getAttributes().get(AGENT_CHANNEL);
      String thread = c.getAttributes().get(AGENT_THREAD);
      if (channel == null || thread == null) {
        return;
      }
      Requester r = c.getRequester();
      String who = r != null && r.displayName() != null ? r.displayName() : "Employee";
      BlockKitRenderer.Message message = renderer.relayed(who, text);
      api.post(channel, thread, message.text(), message.blocks());
    } catch (RuntimeException e) {
      log.warn("Could not relay a message of {} to Slack: {}", conversationId, e.toString());
    }
  }

  /** An agent pressed Claim under a ticket summary. */
  void claim(
      String channel,
      String messageTs,
      String agentUserId,
      String ticketId,
      List<LayoutBlock> original) {
    if (desk == null) {
      post(channel, messageTs, "Claiming from Slack is not set up on this desk.");
      return;
    }
    SlackAgent agent = agent(agentUserId);
    SlackAgentDesk.ClaimResult result;
    try {
      result = desk.claim(ticketId, agent);
    } catch (RuntimeException e) {
      log.warn("Claim of {} by {} failed: {}", ticketId, agentUserId, e.toString());
      post(channel, messageTs, "The claim did not go through. Please try again.");
      return;
    }
    if (result != null && result.claimed()) {
      registry
          .conversationFor(agentKey(channel, messageTs))
          .ifPresent(id ->
              store.update(
                  id,
                  c -> {
                    c.getAttributes().put(AGENT_CLAIMANT, agentUserId);
                    return c;
                  }));
      BlockKitRenderer.Message claimed = renderer.claimed(original, agentUserId);
      api.update(channel, messageTs, claimed.text(), claimed.blocks());
    }
    String note =
        result == null || result.message() == null
            ? (result != null && result.claimed() ? "Claimed." : "Could not claim this ticket.")
            : result.message();
    post(channel, messageTs, note);
  }

  /** Someone wrote in a thread of the agents channel. */
  void agentWrote(String channel, String threadTs, String agentUserId, String text) {
    Optional<Conversation> found =
        registry.conversationFor(agentKey(channel, threadTs)).flatMap(store::find);
    if (found.isEmpty() || desk == null) {
      return;
    }
    Map<String, String> a = found.get().getAttributes();
    String ticketId = a.get(AGENT_TICKET);
    if (ticketId == null || !agentUserId.equals(a.get(AGENT_CLAIMANT))) {
      // only the agent who claimed the ticket speaks to the employee; the rest is team talk
      return;
    }
    if (text.isBlank()) {
      return;
    }
    try {
      desk.reply(ticketId, agent(agentUserId), text);
    } catch (RuntimeException e) {
      log.warn("Relay of an agent reply on {} failed: {}", ticketId, e.toString());
      post(channel, threadTs, "That reply did not reach the employee. Please try again.");
    }
  }

  boolean isAgentsChannel(String channel) {
    return agentsChannel != null && agentsChannel.equals(channel);
  }

  private SlackAgent agent(String userId) {
    Requester r = users.requester(userId);
    return new SlackAgent(userId, r.displayName(), r.email());
  }

  private void post(String channel, String thread, String text) {
    BlockKitRenderer.Message message = renderer.text(text);
    api.post(channel, thread, message.text(), message.blocks());
  }

  static String agentKey(String channel, String ts) {
    return "slack-agents:" + channel + ":" + ts;
  }
}

package dev.tier0.app.channels;

import dev.tier0.connector.slack.SlackAgent;
import dev.tier0.connector.slack.SlackAgentChannel;
import dev.tier0.connector.slack.SlackAgentDesk;
import dev.tier0.connector.slack.TicketSummary;
import dev.tier0.handoff.AgentService;
import dev.tier0.handoff.ConversationRelay;
import dev.tier0.handoff.Ticket;
import dev.tier0.handoff.TicketEvent;
import dev.tier0.handoff.TicketException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Agents on Slack: a new ticket is posted to the agents channel with a Claim button, the claiming
 * agent's thread replies reach the employee through the agent service, and the employee's messages
 * show up in the thread. Does nothing while Slack is off.
 */
@Component
class SlackAgentBridge implements SlackAgentDesk {

  private final AgentService agents;

  SlackAgentBridge(
      AgentService agents, ConversationRelay relay, ObjectProvider<SlackAgentChannel> channel) {
    this.agents = agents;
    // Ticket events arrive on the relay thread of every instance; the channel posts each ticket
    // once whichever instance sees it first.
    relay.onTicketEvent(event -> channel.ifAvailable(c -> forward(c, event)));
  }

  private static void forward(SlackAgentChannel channel, TicketEvent event) {
    Ticket t = event.ticket();
    if (t == null || !channel.enabled()) {
      return;
    }
    switch (event.type()) {
      case TicketEvent.CREATED ->
          channel.ticketCreated(
              new TicketSummary(
                  t.id(),
                  t.conversationId(),
                  t.priority().name(),
                  t.subject(),
                  t.category(),
                  t.requester() == null ? null : t.requester().displayName(),
                  t.requester() == null ? null : t.requester().email(),
                  t.reason()));
      case TicketEvent.USER_MESSAGE -> {
        if (!t.transcript().isEmpty()) {
          channel.userMessage(t.conversationId(), t.transcript().getLast().text());
        }
      }
      default -> {}
    }
  }

  @Override
  public ClaimResult claim(String ticketId, SlackAgent agent) {
    try {
      agents.claim(ticketId, agentName(agent));
      return new ClaimResult(true, "Claimed by " + display(agent) + ".");
    } catch (TicketException e) {
      return new ClaimResult(false, e.getMessage());
    }
  }

  @Override
  public void reply(String ticketId, SlackAgent agent, String text) {
    agents.reply(ticketId, agentName(agent), text);
  }

  /** The agent's identity on tickets: the email when Slack gives one, so it matches the console. */
  private static String agentName(SlackAgent agent) {
    if (agent.email() != null && !agent.email().isBlank()) {
      return agent.email();
    }
    return "slack:" + agent.slackUserId();
  }

  private static String display(SlackAgent agent) {
    return agent.name() != null && !agent.name().isBlank() ? agent.name() : agentName(agent);
  }
}

package dev.tier0.connector.slack;

import com.slack.api.Slack;
import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.MessageEvent;
import dev.tier0.bot.BotReply;
import dev.tier0.bot.BotTurn;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.ConversationEngine;
import dev.tier0.bot.ConversationNotFoundException;
import dev.tier0.bot.InboundMessage;
import dev.tier0.bot.InvalidMessageException;
import dev.tier0.bot.Requester;
import dev.tier0.bot.spi.ChannelRegistry;
import dev.tier0.bot.spi.ConversationStore.StoreUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates Slack events, slash commands and button clicks into the engine's messages, and the
 * engine's turns back into Block Kit. Every listener acknowledges at once and hands the work to a
 * worker: Slack wants an answer within three seconds and retries otherwise, and retries are dropped
 * through {@link ChannelRegistry#firstDelivery}.
 */
final class SlackConnector implements AutoCloseable {

  /** Bolt has checked the request's signature, so the Slack user is who the request says. */
  private static final Map<String, String> VERIFIED =
      Map.of(Conversation.IDENTITY_VERIFIED, "true");

  private static final Logger log = LoggerFactory.getLogger(SlackConnector.class);
  private static final int STRIPES = 64;
  static final String COMMAND = "/helpdesk";

  private final ConversationEngine engine;
  private final ChannelRegistry registry;
  private final SlackWebApi api;
  private final SlackUserDirectory users;
  private final BlockKitRenderer renderer;
  private final SlackDelivery delivery;
  private final SlackAgentChannel agents;
  private final SlackSettings settings;
  private final ThreadPoolExecutor workers;
  private final App app;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  SlackConnector(
      ConversationEngine engine,
      ChannelRegistry registry,
      SlackWebApi api,
      SlackUserDirectory users,
      BlockKitRenderer renderer,
      SlackDelivery delivery,
      SlackAgentChannel agents,
      SlackSettings settings,
      Slack slack) {
    this.engine = engine;
    this.registry = registry;
    this.api = api;
    this.users = users;
    this.renderer = renderer;
    this.delivery = delivery;
    this.agents = agents;
    this.settings = settings;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            settings.workers(),
            settings.workers(),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(settings.queueCapacity()),
            r -> {
              Thread t = new Thread(r, "slack-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.app = new App(appConfig(settings, slack));
    register(app);
  }

  private static AppConfig appConfig(SlackSettings settings, Slack slack) {
    // No bot token for Bolt itself: with one, Bolt calls auth.test while starting and a wrong
    // token or an unreachable Slack would stop the whole application. The connector calls the
    // Web API with its own client.
    return AppConfig.builder()
        .slack(slack)
        .signingSecret(settings.signingSecret())
        .singleTeamBotToken(null)
        .clientId(null)
        .clientSecret(null)
        .requestVerificationEnabled(true)
        .allEventsApiAutoAckEnabled(true)
        .subtypedMessageEventsAutoAckEnabled(true)
        .unmatchedRequestHandler(req -> Response.ok())
        .build();
  }

  /** The Bolt app that the servlet and Socket Mode feed. */
  App app() {
    return app;
  }

  private void register(App bolt) {
    bolt.event(MessageEvent.class, this::onMessage);
    bolt.event(AppMentionEvent.class, this::onMention);
    bolt.command(COMMAND, this::onCommand);
    bolt.blockAction(
        Pattern.compile(Pattern.quote(BlockKitRenderer.CHOICE_ACTION) + ":.*"), this::onChoice);
    bolt.blockAction(BlockKitRenderer.CLAIM_ACTION, this::onClaim);
  }

  // ---- listeners: acknowledge first, work later

  private Response onMessage(EventsApiPayload<MessageEvent> payload, EventContext ctx) {
    MessageEvent e = payload.getEvent();
    if (e != null && e.getSubtype() == null && e.getBotId() == null && e.getUser() != null) {
      String team = payload.getTeamId() != null ? payload.getTeamId() : e.getTeam();
      submit(() ->
          message(
              payload.getEventId(),
              team,
              e.getChannel(),
              e.getChannelType(),
              e.getUser(),
              e.getText(),
              e.getTs(),
              e.getThreadTs(),
              false));
    }
    return ctx.ack();
  }

  private Response onMention(EventsApiPayload<AppMentionEvent> payload, EventContext ctx) {
    AppMentionEvent e = payload.getEvent();
    if (e != null && e.getSubtype() == null && e.getBotId() == null && e.getUser() != null) {
      String team = payload.getTeamId() != null ? payload.getTeamId() : e.getTeam();
      submit(() ->
          message(
              payload.getEventId(),
              team,
              e.getChannel(),
              null,
              e.getUser(),
              e.getText(),
              e.getTs(),
              e.getThreadTs(),
              true));
    }
    return ctx.ack();
  }

  private Response onCommand(SlashCommandRequest req, SlashCommandContext ctx) {
    SlashCommandPayload p = req.getPayload();
    if (p != null && p.getChannelId() != null && p.getUserId() != null) {
      submit(() -> command(p));
    }
    return ctx.ack();
  }

  private Response onChoice(BlockActionRequest req, ActionContext ctx) {
    BlockActionPayload p = req.getPayload();
    submit(() -> choice(p));
    return ctx.ack();
  }

  private Response onClaim(BlockActionRequest req, ActionContext ctx) {
    BlockActionPayload p = req.getPayload();
    submit(() -> claim(p));
    return ctx.ack();
  }

  private void submit(Runnable work) {
    try {
      workers.execute(() -> {
        try {
          work.run();
        } catch (RuntimeException e) {
          log.error("Slack event failed: {}", e.toString(), e);
        }
      });
    } catch (RejectedExecutionException e) {
      log.warn(
          "Slack event dropped: {} events already wait for a worker", workers.getQueue().size());
    }
  }

  // ---- the work

  private void message(
      String eventId,
      String team,
      String channel,
      String channelType,
      String user,
      String rawText,
      String ts,
      String threadTs,
      boolean mention) {
    if (channel == null || ts == null) {
      return;
    }
    String bot = api.botUserId();
    if (user.equals(bot)) {
      return;
    }
    boolean direct = "im".equals(channelType) || channel.startsWith("D");
    String raw = rawText == null ? "" : rawText;
    if (agents.isAgentsChannel(channel)) {
      // a message that mentions the bot arrives twice (message and app_mention): the message key
      // lets only the first through
      if (threadTs != null && firstDelivery(eventId, channel, ts)) {
        agents.agentWrote(channel, threadTs, user, SlackText.toPlain(raw, bot));
      }
      return;
    }
    if (!direct && !mention && bot != null && raw.contains("<@" + bot)) {
      // the app_mention event of the same message answers it
      return;
    }
    SlackDelivery.Place place =
        direct
            ? new SlackDelivery.Place(team, channel, threadTs)
            : new SlackDelivery.Place(team, channel, threadTs != null ? threadTs : ts);
    String key = direct ? SlackDelivery.dmKey(place.team(), channel) : place.key();
    if (!direct && !mention && registry.conversationFor(key).isEmpty()) {
      // a channel thread the desk is not part of
      return;
    }
    if (!firstDelivery(eventId, channel, ts)) {
      return;
    }
    String text = SlackText.toPlain(raw, bot);
    String conversationId = conversation(key, user);
    delivery.remember(conversationId, place);
    turn(conversationId, place, text, "slack:" + channel + ":" + ts);
  }

  private void command(SlashCommandPayload p) {
    if (p.getTriggerId() != null
        && !registry.firstDelivery("slack:cmd:" + p.getTriggerId(), settings.dedupeTtl())) {
      return;
    }
    String channel = p.getChannelId();
    boolean direct = channel.startsWith("D") || "directmessage".equals(p.getChannelName());
    SlackDelivery.Place place = new SlackDelivery.Place(p.getTeamId(), channel, null);
    String conversationId;
    if (direct) {
      conversationId = conversation(SlackDelivery.dmKey(place.team(), channel), p.getUserId());
    } else {
      // a command in a channel opens a conversation in the thread of the bot's first reply
      conversationId = engine.start(users.requester(p.getUserId()), VERIFIED).getId();
    }
    delivery.remember(conversationId, place);
    String text = SlackText.toPlain(p.getText(), null);
    String clientId = p.getTriggerId() == null ? null : "slack:cmd:" + p.getTriggerId();
    turn(conversationId, place, text, clientId);
  }

  private void choice(BlockActionPayload p) {
    if (p == null || p.getActions() == null || p.getActions().isEmpty()) {
      return;
    }
    BlockActionPayload.Action action = p.getActions().get(0);
    String channel = channelOf(p);
    String messageTs = p.getContainer() == null ? null : p.getContainer().getMessageTs();
    if (channel == null || messageTs == null || action.getValue() == null) {
      return;
    }
    // one pick per message: a double click or a retry must not answer twice
    if (!registry.firstDelivery("slack:pick:" + channel + ":" + messageTs, settings.dedupeTtl())) {
      return;
    }
    String team = p.getTeam() == null ? null : p.getTeam().getId();
    String threadTs = threadOf(p);
    SlackDelivery.Place place =
        channel.startsWith("D")
            ? new SlackDelivery.Place(team, channel, threadTs)
            : new SlackDelivery.Place(team, channel, threadTs != null ? threadTs : messageTs);
    String key = place.direct() ? SlackDelivery.dmKey(place.team(), channel) : place.key();
    Optional<String> conversationId = registry.conversationFor(key);
    if (conversationId.isEmpty()) {
      log.debug("A button of an unknown conversation was pressed in {}", channel);
      return;
    }
    String label =
        action.getText() != null && action.getText().getText() != null
            ? action.getText().getText()
            : action.getValue();
    List<LayoutBlock> original = p.getMessage() == null ? null : p.getMessage().getBlocks();
    BlockKitRenderer.Message picked = renderer.picked(original, label, null);
    api.update(channel, messageTs, picked.text(), picked.blocks());
    turn(conversationId.get(), place, action.getValue(), "slack:pick:" + channel + ":" + messageTs);
  }

  private void claim(BlockActionPayload p) {
    if (p == null || p.getActions() == null || p.getActions().isEmpty() || p.getUser() == null) {
      return;
    }
    String channel = channelOf(p);
    String messageTs = p.getContainer() == null ? null : p.getContainer().getMessageTs();
    String ticketId = p.getActions().get(0).getValue();
    if (channel == null || messageTs == null || ticketId == null) {
      return;
    }
    String once = p.getTriggerId() != null ? p.getTriggerId() : p.getActions().get(0).getActionTs();
    if (once != null && !registry.firstDelivery("slack:claim:" + once, settings.dedupeTtl())) {
      return;
    }
    List<LayoutBlock> original = p.getMessage() == null ? null : p.getMessage().getBlocks();
    agents.claim(channel, messageTs, p.getUser().getId(), ticketId, original);
  }

  private static String channelOf(BlockActionPayload p) {
    if (p.getContainer() != null && p.getContainer().getChannelId() != null) {
      return p.getContainer().getChannelId();
    }
    return p.getChannel() == null ? null : p.getChannel().getId();
  }

  private static String threadOf(BlockActionPayload p) {
    if (p.getContainer() != null && p.getContainer().getThreadTs() != null) {
      return p.getContainer().getThreadTs();
    }
    return p.getMessage() == null ? null : p.getMessage().getThreadTs();
  }

  private boolean firstDelivery(String eventId, String channel, String ts) {
    // by event id (Slack's retries) and by message (a mention arrives as two events)
    return (eventId == null
            || registry.firstDelivery("slack:event:" + eventId, settings.dedupeTtl()))
        && registry.firstDelivery("slack:msg:" + channel + ":" + ts, settings.dedupeTtl());
  }

  /** The conversation bound to a key, or a new one for this user. */
  private String conversation(String key, String userId) {
    ReentrantLock lock = locks[Math.floorMod(key.hashCode(), STRIPES)];
    lock.lock();
    try {
      Optional<String> bound = registry.conversationFor(key);
      if (bound.isPresent() && engine.find(bound.get()).isPresent()) {
        return bound.get();
      }
      Requester requester = users.requester(userId);
      String id = engine.start(requester, VERIFIED).getId();
      registry.bind(key, id);
      return id;
    } finally {
      lock.unlock();
    }
  }

  private void turn(
      String conversationId, SlackDelivery.Place place, String text, String clientMessageId) {
    List<BotReply> replies;
    if (text == null || text.isBlank()) {
      replies = List.of(new BotReply.Text("Hi! Tell me what's wrong and I'll try to help."));
    } else {
      try {
        BotTurn turn = engine.handle(new InboundMessage(conversationId, text, clientMessageId));
        replies = turn.replies();
      } catch (InvalidMessageException e) {
        replies =
            List.of(
                new BotReply.Text(
                    e.tooLarge()
                        ? e.getMessage() + " Could you say it in fewer words?"
                        : e.getMessage()));
      } catch (StoreUnavailableException e) {
        log.warn("Store unavailable for {}: {}", conversationId, e.getMessage());
        replies =
            List.of(
                new BotReply.Text(
                    "Sorry, I can't reach my notes right now. Please try again in a minute."));
      } catch (ConversationNotFoundException e) {
        log.warn("Conversation {} disappeared", conversationId);
        return;
      }
    }
    delivery.deliver(conversationId, place, replies);
  }

  @Override
  public void close() {
    workers.shutdown();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    try {
      app.stop();
    } catch (Exception e) {
      log.debug("Bolt app stop: {}", e.toString());
    }
  }
}

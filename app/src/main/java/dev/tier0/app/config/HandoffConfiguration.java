package dev.tier0.app.config;

import dev.tier0.bot.spi.ChannelRegistry;
import dev.tier0.bot.spi.ConversationStore;
import dev.tier0.bot.spi.ReplySink;
import dev.tier0.connector.webchat.WebChatReplySink;
import dev.tier0.handoff.AgentService;
import dev.tier0.handoff.ConversationRelay;
import dev.tier0.handoff.RedisAccounts;
import dev.tier0.handoff.RedisChannelRegistry;
import dev.tier0.handoff.RedisConversationStore;
import dev.tier0.handoff.RedisHandoffClient;
import dev.tier0.handoff.RedisTicketQueue;
import dev.tier0.handoff.SlaPolicy;
import dev.tier0.handoff.TicketEvents;
import dev.tier0.handoff.Triage;
import dev.tier0.handoff.WebhookConfig;
import dev.tier0.handoff.WebhookNotifier;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Redis-backed stores, the agent queue and the relay between app instances. */
@Configuration(proxyBeanMethods = false)
class HandoffConfiguration {

  private static final Logger log = LoggerFactory.getLogger(HandoffConfiguration.class);

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  RedisConversationStore conversationStore(RedisHandoffClient client) {
    return new RedisConversationStore(client);
  }

  @Bean
  ChannelRegistry channelRegistry(RedisHandoffClient client) {
    return new RedisChannelRegistry(client);
  }

  @Bean
  RedisAccounts redisAccounts(RedisHandoffClient client) {
    return new RedisAccounts(client);
  }

  /**
   * Replies published by any instance reach the user through the sinks of this instance that serve
   * their channel: web chat on every instance (each pushes to the streams it holds), Slack and
   * Teams on one instance only.
   */
  @Bean(destroyMethod = "close")
  ConversationRelay conversationRelay(
      RedisHandoffClient client,
      ObjectProvider<ConversationStore> store,
      ObjectProvider<ChannelRegistry> registry,
      ObjectProvider<ReplySink> sinks) {
    return new ConversationRelay(
        client,
        new RelayDelivery(
            store::getObject,
            registry::getObject,
            sinks::orderedStream,
            sink -> sink instanceof WebChatReplySink));
  }

  @Bean(destroyMethod = "close")
  WebhookHolder webhook(
      @Value("${helpdesk.webhook.url:}") String url,
      @Value("${helpdesk.webhook.secret:}") String secret,
      Clock clock) {
    if (url.isBlank()) {
      return new WebhookHolder(null);
    }
    // A malformed configuration fails the start with WebhookConfig's message.
    return new WebhookHolder(new WebhookNotifier(WebhookConfig.of(url, secret), clock));
  }

  /** The optional webhook, closed with the context. */
  record WebhookHolder(WebhookNotifier notifier) implements AutoCloseable {
    @Override
    public void close() {
      if (notifier != null) {
        notifier.close();
      }
    }
  }

  @Bean
  RedisTicketQueue ticketQueue(
      RedisHandoffClient client,
      ConversationRelay relay,
      WebhookHolder webhook,
      List<TicketEvents> extraListeners,
      Clock clock,
      @Value("${helpdesk.queue.reclaim-idle:PT2M}") Duration reclaimIdle) {
    List<TicketEvents> listeners = new ArrayList<>();
    listeners.add(relay);
    if (webhook.notifier() != null) {
      listeners.add(webhook.notifier());
    }
    listeners.addAll(extraListeners.stream().filter(l -> l != relay).toList());
    return new RedisTicketQueue(
        client,
        Triage.defaults(),
        SlaPolicy.defaults(),
        TicketEvents.all(listeners),
        clock,
        reclaimIdle);
  }

  @Bean
  AgentService agentService(
      RedisTicketQueue queue, ConversationStore store, ConversationRelay relay) {
    return new AgentService(queue, store, relay);
  }

  /** Puts abandoned claims back in the queue; safe to run on every instance at once. */
  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService reclaimer(RedisTicketQueue queue) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "ticket-reclaimer");
          t.setDaemon(true);
          return t;
        });
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            List<String> reclaimed = queue.reclaimStale();
            if (!reclaimed.isEmpty()) {
              log.info("Returned abandoned tickets to the queue: {}", reclaimed);
            }
          } catch (RuntimeException e) {
            log.debug("Reclaim skipped: {}", e.toString());
          }
        },
        30,
        30,
        TimeUnit.SECONDS);
    return executor;
  }
}

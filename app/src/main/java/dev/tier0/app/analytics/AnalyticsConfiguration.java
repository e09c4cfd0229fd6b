package dev.tier0.app.analytics;

import dev.tier0.handoff.AgentService;
import dev.tier0.handoff.RedisAnalytics;
import dev.tier0.handoff.RedisHandoffClient;
import dev.tier0.kb.LuceneKnowledgeBase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Analytics facts, metrics and the recorder that feeds both. */
@Configuration(proxyBeanMethods = false)
class AnalyticsConfiguration {

  @Bean
  RedisAnalytics redisAnalytics(RedisHandoffClient client) {
    return new RedisAnalytics(client);
  }

  /** Agents are looked up lazily: the queue's gauge must not pull the queue in at start-up. */
  @Bean
  HelpdeskMetrics helpdeskMetrics(
      MeterRegistry registry,
      ObjectProvider<AgentService> agents,
      ObjectProvider<LuceneKnowledgeBase> kb,
      Clock clock) {
    HelpdeskMetrics metrics = new HelpdeskMetrics(registry, agents::getObject, clock);
    kb.ifAvailable(k -> k.addGapListener(gap -> metrics.noAnswer()));
    return metrics;
  }

  @Bean
  AnalyticsRecorder analyticsRecorder(
      RedisAnalytics analytics, HelpdeskMetrics metrics, Clock clock) {
    return new AnalyticsRecorder(analytics, metrics, clock);
  }
}

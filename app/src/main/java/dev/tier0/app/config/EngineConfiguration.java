package dev.tier0.app.config;

import dev.tier0.bot.ConversationEngine;
import dev.tier0.bot.EngineSettings;
import dev.tier0.bot.FlowSettings;
import dev.tier0.bot.internal.flow.FlowCatalog;
import dev.tier0.bot.spi.AuditLog;
import dev.tier0.bot.spi.ConversationStore;
import dev.tier0.bot.spi.HandoffQueue;
import dev.tier0.bot.spi.IdentityDirectory;
import dev.tier0.bot.spi.IntentClassifier;
import dev.tier0.bot.spi.KnowledgeBase;
import dev.tier0.bot.spi.OtpSender;
import dev.tier0.bot.spi.TurnListener;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The conversation engine and its policy settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HelpdeskProperties.class)
class EngineConfiguration {

  @Bean
  EngineSettings engineSettings(HelpdeskProperties properties) {
    HelpdeskProperties.Engine e = properties.engine();
    EngineSettings defaults = EngineSettings.defaults();
    return new EngineSettings(
        e.maxTextLength(),
        e.confident(),
        e.clarifyMargin(),
        e.clarifyFloor(),
        e.kbFallbackFloor(),
        e.maxNotHelpful(),
        e.sameIntentLimit(),
        defaults.urgentIntents());
  }

  @Bean
  ConversationEngine conversationEngine(
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
      AuditLog audit) {
    return new ConversationEngine(
        classifier,
        kb,
        store,
        queue,
        settings,
        listeners,
        clock,
        flows,
        directory,
        otpSender,
        audit,
        FlowSettings.defaults());
  }
}

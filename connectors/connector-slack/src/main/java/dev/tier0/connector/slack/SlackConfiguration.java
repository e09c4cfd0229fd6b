package dev.tier0.connector.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.tier0.bot.ConversationEngine;
import dev.tier0.bot.spi.ChannelRegistry;
import dev.tier0.bot.spi.ConversationStore;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The Slack channel, on when a bot token and a signing secret (or an app token) are set. Needs the
 * application's {@link ConversationEngine}, {@link ChannelRegistry} and {@link ConversationStore};
 * a {@link SlackAgentDesk} bean is optional.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SlackEnabled.class)
@EnableConfigurationProperties(SlackProperties.class)
class SlackConfiguration {
  private static final Logger log = LoggerFactory.getLogger(SlackConfiguration.class);

  @Bean
  SlackSettings slackSettings(SlackProperties properties, Environment env) {
    SlackSettings settings = SlackSettings.of(properties, env);
    log.info(
        "Slack channel is on: Events API {}, Socket Mode {}, agents channel {}",
        settings.eventsApi() ? "at /slack/events" : "off (no signing secret)",
        settings.socketMode() ? "on" : "off",
        settings.hasAgentsChannel() ? settings.agentsChannel() : "not set");
    return settings;
  }

  @Bean(destroyMethod = "close")
  Slack helpdeskSlackClient(SlackSettings settings) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(settings.apiUrl() + "/api/");
    return Slack.getInstance(config);
  }

  @Bean
  SlackWebApi slackWebApi(Slack helpdeskSlackClient, SlackSettings settings) {
    return new SlackWebApi(helpdeskSlackClient.methods(settings.botToken()));
  }

  @Bean
  SlackUserDirectory slackUserDirectory(SlackWebApi api, SlackSettings settings) {
    return new SlackUserDirectory(api, settings.userCacheTtl(), Clock.systemUTC());
  }

  @Bean
  BlockKitRenderer slackBlockKitRenderer() {
    return new BlockKitRenderer();
  }

  @Bean
  SlackDelivery slackDelivery(
      SlackWebApi api,
      BlockKitRenderer renderer,
      ChannelRegistry registry,
      ConversationStore store) {
    return new SlackDelivery(api, renderer, registry, store);
  }

  @Bean
  SlackReplySink slackReplySink(SlackDelivery delivery) {
    return new SlackReplySink(delivery);
  }

  @Bean
  SlackAgentChannel slackAgentChannel(
      SlackSettings settings,
      ObjectProvider<SlackAgentDesk> desk,
      SlackWebApi api,
      BlockKitRenderer renderer,
      SlackUserDirectory users,
      ChannelRegistry registry,
      ConversationStore store) {
    return new SlackAgentChannel(
        settings.agentsChannel(), desk.getIfAvailable(), api, renderer, users, registry, store);
  }

  @Bean(destroyMethod = "close")
  SlackConnector slackConnector(
      ConversationEngine engine,
      ChannelRegistry registry,
      SlackWebApi api,
      SlackUserDirectory users,
      BlockKitRenderer renderer,
      SlackDelivery delivery,
      SlackAgentChannel agents,
      SlackSettings settings,
      Slack helpdeskSlackClient) {
    return new SlackConnector(
        engine, registry, api, users, renderer, delivery, agents, settings, helpdeskSlackClient);
  }

  @Bean
  ServletRegistrationBean<SlackEventsServlet> slackEventsServlet(
      SlackConnector connector, SlackSettings settings) {
    ServletRegistrationBean<SlackEventsServlet> registration =
        new ServletRegistrationBean<>(
            new SlackEventsServlet(
                connector.app(), settings.signingSecret(), settings.maxBodyBytes()),
            "/slack/events");
    registration.setName("slackEvents");
    return registration;
  }

  @Bean
  SlackSocketMode slackSocketMode(SlackConnector connector, SlackSettings settings) {
    return new SlackSocketMode(
        connector.app(), settings.appToken(), Duration.ofSeconds(5), Duration.ofSeconds(5));
  }
}

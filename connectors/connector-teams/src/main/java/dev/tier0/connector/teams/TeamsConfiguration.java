package dev.tier0.connector.teams;

import dev.tier0.bot.ConversationEngine;
import dev.tier0.bot.spi.ChannelRegistry;
import dev.tier0.bot.spi.ConversationStore;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the Teams channel. It is always present so that {@code /api/messages} answers, but stays
 * off (and says so once in the log) until {@code MICROSOFT_APP_ID} is set.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TeamsProperties.class)
class TeamsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(TeamsConfiguration.class);

  /**
   * The settings with the credentials resolved: {@code helpdesk.teams.*} first, else the standard
   * Bot Framework variables.
   */
  static TeamsProperties resolve(TeamsProperties properties, Environment env) {
    TeamsProperties resolved =
        properties.withCredentials(
            first(properties.appId(), env.getProperty("MICROSOFT_APP_ID")),
            first(properties.appPassword(), env.getProperty("MICROSOFT_APP_PASSWORD")),
            first(properties.tenantId(), env.getProperty("MICROSOFT_APP_TENANT_ID")));
    if (resolved.enabled()) {
      log.info("Teams channel on at /api/messages for app id {}", resolved.appId());
      if (resolved.appPassword() == null || resolved.appPassword().isBlank()) {
        log.warn("MICROSOFT_APP_PASSWORD is not set: the Teams channel cannot send replies");
      }
    } else {
      log.info("Teams channel off: MICROSOFT_APP_ID is not set");
    }
    return resolved;
  }

  private static String first(String a, String b) {
    return a != null && !a.isBlank() ? a.strip() : b == null || b.isBlank() ? null : b.strip();
  }

  @Bean
  TeamsChannel teamsChannel(
      TeamsProperties properties,
      Environment env,
      ConversationEngine engine,
      ChannelRegistry registry,
      ConversationStore store,
      ObjectProvider<Clock> clockProvider) {
    TeamsProperties settings = resolve(properties, env);
    Clock clock = clockProvider.getIfUnique(Clock::systemUTC);
    JsonMapper json =
        JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    SigningKeys keys = new SigningKeys(settings, http, json, clock);
    AccessTokens tokens = new AccessTokens(settings, http, json, clock);
    ConnectorClient connector = new ConnectorClient(settings, tokens, http, json, clock);
    TeamsActivityProcessor processor =
        new TeamsActivityProcessor(engine, registry, store, new TeamsRenderer(), connector);
    TeamsWorkers workers = new TeamsWorkers(settings.workers());
    return new TeamsChannel(
        settings,
        new BotConnectorAuthenticator(settings, keys, clock),
        processor,
        workers,
        http,
        json);
  }

  @Bean
  TeamsMessagesController teamsMessagesController(TeamsChannel channel, ChannelRegistry registry) {
    return new TeamsMessagesController(
        channel.settings(),
        channel.authenticator(),
        channel.processor(),
        channel.workers(),
        registry,
        channel.json());
  }

  @Bean
  TeamsReplySink teamsReplySink(TeamsChannel channel) {
    return new TeamsReplySink(channel.settings().enabled(), channel.processor(), channel.workers());
  }

  /** The parts of the channel, built together; closing it stops the workers. */
  record TeamsChannel(
      TeamsProperties settings,
      BotConnectorAuthenticator authenticator,
      TeamsActivityProcessor processor,
      TeamsWorkers workers,
      HttpClient http,
      JsonMapper json)
      implements AutoCloseable {
    @Override
    public void close() {
      workers.close();
      http.close();
    }
  }
}

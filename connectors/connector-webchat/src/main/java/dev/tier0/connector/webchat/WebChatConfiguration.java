package dev.tier0.connector.webchat;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Binds the connector's settings, decides how identity tokens are verified, and opens the
 * conversation API to embedding origins.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebChatProperties.class)
class WebChatConfiguration implements WebMvcConfigurer {

  private final WebChatProperties properties;

  WebChatConfiguration(WebChatProperties properties) {
    this.properties = properties;
  }

  /** The mode is fixed at start; the demo sign-in needs the application's {@link DemoUsers}. */
  @Bean
  WebIdentity webIdentity(ObjectProvider<DemoUsers> demoUsers, ObjectProvider<Clock> clock) {
    return WebIdentity.create(
        properties, demoUsers.getIfAvailable(), clock.getIfAvailable(Clock::systemUTC));
  }

  @Override
  public void addCorsMappings(CorsRegistry registry) {
    if (properties.allowedOrigins().isEmpty()) {
      return;
    }
    registry
        .addMapping("/api/v1/conversations/**")
        .allowedOrigins(properties.allowedOrigins().toArray(String[]::new))
        .allowedMethods("GET", "POST")
        .allowedHeaders("Content-Type")
        .exposedHeaders("Retry-After")
        .maxAge(3600);
  }
}

package dev.tier0.connector.webchat;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Binds the connector's settings and opens the conversation API to embedding origins. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebChatProperties.class)
class WebChatConfiguration implements WebMvcConfigurer {

  private final WebChatProperties properties;

  WebChatConfiguration(WebChatProperties properties) {
    this.properties = properties;
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

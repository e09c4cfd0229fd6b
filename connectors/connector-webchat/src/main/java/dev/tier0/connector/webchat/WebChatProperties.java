package dev.tier0.connector.webchat;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the web chat connector, under {@code helpdesk.webchat}.
 *
 * @param maxBodyBytes largest request body accepted, in bytes (larger bodies get 413)
 * @param perConversation token bucket for message posts to one conversation (default 10 at once, 30
 *     a minute)
 * @param perClient token bucket for message posts and conversation starts from one client address
 *     (default 120 at once, 600 a minute)
 * @param maxStreamsPerConversation open event streams allowed for one conversation on one instance
 * @param heartbeat how often an idle event stream gets a comment line, so proxies keep it open
 * @param streamTimeout how long one event stream lives before the widget reconnects
 * @param allowedOrigins origins of pages that embed the widget from another host (CORS); empty
 *     means the widget is only served to pages of this host
 * @param identitySecret the HS256 secret the intranet page signs identity tokens with (at least 32
 *     bytes); unset means tokens are ignored and web users stay unverified (or, with the demo
 *     directory, a random secret signs the demo sign-in's tokens)
 * @param identityIssuer when set, the {@code iss} every identity token must carry
 * @param identityAudience when set, a value the {@code aud} of every identity token must contain
 */
@ConfigurationProperties("helpdesk.webchat")
public record WebChatProperties(
    @DefaultValue("65536") int maxBodyBytes,
    @DefaultValue Bucket perConversation,
    Bucket perClient,
    @DefaultValue("3") int maxStreamsPerConversation,
    @DefaultValue("15s") Duration heartbeat,
    @DefaultValue("30m") Duration streamTimeout,
    @DefaultValue List<String> allowedOrigins,
    String identitySecret,
    String identityIssuer,
    String identityAudience) {

  public WebChatProperties {
    // Offices share one address behind NAT: the client bucket is far larger than a conversation's.
    perClient = perClient == null ? new Bucket(120, 600) : perClient;
    perConversation = perConversation == null ? new Bucket(10, 30) : perConversation;
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
  }

  /** Never prints the identity secret. */
  @Override
  public String toString() {
    return "WebChatProperties[maxBodyBytes=%d, perConversation=%s, perClient=%s, maxStreamsPerConversation=%d, heartbeat=%s, streamTimeout=%s, allowedOrigins=%s, identitySecret=%s, identityIssuer=%s, identityAudience=%s]"
        .formatted(
            maxBodyBytes,
            perConversation,
            perClient,
            maxStreamsPerConversation,
            heartbeat,
            streamTimeout,
            allowedOrigins,
            identitySecret == null ? null : "(hidden)",
            identityIssuer,
            identityAudience);
  }

  /**
   * A token bucket: up to {@code capacity} requests at once, refilled at {@code perMinute}.
   *
   * @param capacity the burst allowed
   * @param perMinute the sustained rate
   */
  public record Bucket(@DefaultValue("10") int capacity, @DefaultValue("30") double perMinute) {}
}

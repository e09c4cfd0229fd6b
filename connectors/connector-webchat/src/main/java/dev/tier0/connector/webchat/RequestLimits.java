package dev.tier0.connector.webchat;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The rate limits of the conversation API: a bucket per client address and one per conversation.
 * Limits are per instance; behind a load balancer each instance enforces its own share.
 */
@Component
final class RequestLimits {

  private final TokenBuckets perClient;
  private final TokenBuckets perConversation;

  RequestLimits(WebChatProperties properties) {
    this.perClient = new TokenBuckets(properties.perClient(), Clock.systemUTC());
    this.perConversation = new TokenBuckets(properties.perConversation(), Clock.systemUTC());
  }

  /** Refuses with 429 when the client sent too much lately. */
  void client(HttpServletRequest request) {
    check(perClient.take(String.valueOf(request.getRemoteAddr())), "this device");
  }

  /** Refuses with 429 when the conversation received too many messages lately. */
  void conversation(String conversationId) {
    check(perConversation.take(conversationId), "this conversation");
  }

  private static void check(long retryAfterSeconds, String what) {
    if (retryAfterSeconds > 0) {
      throw new ApiException(
          HttpStatus.TOO_MANY_REQUESTS,
          "too_many_requests",
          "Too many messages from "
              + what
              + ". Please wait "
              + retryAfterSeconds
              + (retryAfterSeconds == 1 ? " second" : " seconds")
              + " and try again.",
          retryAfterSeconds);
    }
  }
}

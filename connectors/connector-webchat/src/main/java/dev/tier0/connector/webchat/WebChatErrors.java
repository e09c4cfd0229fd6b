package dev.tier0.connector.webchat;

import dev.tier0.bot.ConversationNotFoundException;
import dev.tier0.bot.InvalidMessageException;
import dev.tier0.bot.spi.ConversationStore.StoreUnavailableException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every refusal of the conversation API into {@code {"error","message"}} JSON with a 4xx
 * status (503 only when the store is down). The body is written as a preset JSON string so it
 * survives requests that accept only {@code text/event-stream}.
 */
@RestControllerAdvice(
    assignableTypes = {
      ConversationController.class,
      ConversationEventsController.class,
      DemoSignInController.class
    })
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebChatErrors {

  private static final Logger log = LoggerFactory.getLogger(WebChatErrors.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @ExceptionHandler(ApiException.class)
  ResponseEntity<String> refused(ApiException e) {
    return body(e.status(), e.code(), e.getMessage(), e.retryAfterSeconds());
  }

  @ExceptionHandler(ConversationNotFoundException.class)
  ResponseEntity<String> notFound(ConversationNotFoundException e) {
    return refused(ConversationController.notFound());
  }

  @ExceptionHandler(InvalidMessageException.class)
  ResponseEntity<String> invalid(InvalidMessageException e) {
    HttpStatus status = e.tooLarge() ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST;
    return body(status, e.code(), e.getMessage(), 0);
  }

  @ExceptionHandler(StoreUnavailableException.class)
  ResponseEntity<String> storeDown(StoreUnavailableException e) {
    log.warn("Conversation store unavailable: {}", e.getMessage());
    return body(
        HttpStatus.SERVICE_UNAVAILABLE,
        "store_unavailable",
        "The help desk cannot save messages just now. Please try again in a few seconds.",
        5);
  }

  @ExceptionHandler(AsyncRequestNotUsableException.class)
  void clientGone(AsyncRequestNotUsableException e) {
    // The browser closed an event stream; there is nobody to answer.
  }

  static ResponseEntity<String> body(
      HttpStatus status, String code, String message, long retryAfterSeconds) {
    Map<String, String> error = new LinkedHashMap<>();
    error.put("error", code);
    error.put("message", message);
    ResponseEntity.BodyBuilder builder =
        ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
    if (retryAfterSeconds > 0) {
      builder.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }
    return builder.body(JSON.writeValueAsString(error));
  }
}

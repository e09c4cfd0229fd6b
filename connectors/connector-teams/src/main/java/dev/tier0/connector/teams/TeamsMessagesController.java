package dev.tier0.connector.teams;

import dev.tier0.bot.spi.ChannelRegistry;
import dev.tier0.bot.spi.ConversationStore;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Bot Framework messaging endpoint, {@code POST /api/messages}. Every request is authenticated
 * before its body is read; a verified activity is acknowledged at once and processed in the
 * background (Teams sends an activity again when it gets no answer within about 15 seconds), and an
 * activity id seen before is acknowledged and dropped.
 */
@RestController
final class TeamsMessagesController {

  private static final Logger log = LoggerFactory.getLogger(TeamsMessagesController.class);
  static final String ADAPTIVE_CARD_ACTION = "adaptiveCard/action";

  private final TeamsProperties settings;
  private final BotConnectorAuthenticator authenticator;
  private final TeamsActivityProcessor processor;
  private final TeamsWorkers workers;
  private final ChannelRegistry registry;
  private final JsonMapper json;

  TeamsMessagesController(
      TeamsProperties settings,
      BotConnectorAuthenticator authenticator,
      TeamsActivityProcessor processor,
      TeamsWorkers workers,
      ChannelRegistry registry,
      JsonMapper json) {
    this.settings = settings;
    this.authenticator = authenticator;
    this.processor = processor;
    this.workers = workers;
    this.registry = registry;
    this.json = json;
  }

  @PostMapping("/api/messages")
  ResponseEntity<Object> receive(HttpServletRequest request) {
    if (!settings.enabled()) {
      return error(HttpStatus.NOT_FOUND, "channel_off", "The Teams channel is not configured.");
    }
    if (!isJson(request.getContentType())) {
      return error(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported_media_type",
          "Activities must be sent as application/json.");
    }
    if (request.getContentLengthLong() > settings.maxBodyBytes()) {
      return tooLarge();
    }
    BotConnectorAuthenticator.VerifiedToken token;
    try {
      token = authenticator.verify(request.getHeader(HttpHeaders.AUTHORIZATION));
    } catch (BotConnectorAuthenticator.AuthenticationFailure e) {
      return refused(e);
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(settings.maxBodyBytes() + 1);
    } catch (IOException e) {
      return error(
          HttpStatus.BAD_REQUEST, "unreadable_body", "The request body could not be read.");
    }
    if (body.length > settings.maxBodyBytes()) {
      return tooLarge();
    }
    Activity activity;
    try {
      activity = json.readValue(body, Activity.class);
    } catch (JacksonException e) {
      return error(HttpStatus.BAD_REQUEST, "malformed_json", "The body is not a JSON activity.");
    }
    if (activity == null || activity.type() == null || activity.type().isBlank()) {
      return error(HttpStatus.BAD_REQUEST, "invalid_activity", "The activity has no type.");
    }
    try {
      authenticator.authorize(token, activity.serviceUrl(), activity.channelId());
    } catch (BotConnectorAuthenticator.AuthenticationFailure e) {
      return refused(e);
    }
    return switch (activity.type()) {
      case Activity.MESSAGE, Activity.CONVERSATION_UPDATE -> accept(activity, null);
      case Activity.INVOKE ->
          ADAPTIVE_CARD_ACTION.equals(activity.name())
              ? accept(
                  activity,
                  Map.of(
                      "statusCode", 200,
                      "type", "application/vnd.microsoft.activity.message",
                      "value", "Got it."))
              : ResponseEntity.ok(Map.of());
      default -> ResponseEntity.ok().build();
    };
  }

  private ResponseEntity<Object> accept(Activity activity, Object invokeResponse) {
    if (activity.conversation() == null || activity.conversation().id() == null) {
      return error(
          HttpStatus.BAD_REQUEST, "invalid_activity", "The activity names no conversation.");
    }
    String conversationId = activity.conversation().id();
    try {
      if (activity.id() != null
          && !registry.firstDelivery(
              "teams:" + conversationId + ":" + activity.id(), settings.dedupeTtl())) {
        log.debug("Dropped a redelivered Teams activity");
        return invokeResponse == null
            ? ResponseEntity.ok().build()
            : ResponseEntity.ok(invokeResponse);
      }
    } catch (ConversationStore.StoreUnavailableException e) {
      return error(HttpStatus.SERVICE_UNAVAILABLE, "store_unavailable", "Try again shortly.");
    }
    if (!workers.submit(conversationId, () -> processor.process(activity))) {
      return error(HttpStatus.SERVICE_UNAVAILABLE, "shutting_down", "Try again shortly.");
    }
    return invokeResponse == null
        ? ResponseEntity.accepted().build()
        : ResponseEntity.ok(invokeResponse);
  }

  private static boolean isJson(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return false;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return MediaType.APPLICATION_JSON.isCompatibleWith(type)
          && !type.isWildcardType()
          && !type.isWildcardSubtype();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private ResponseEntity<Object> tooLarge() {
    return error(
        HttpStatus.CONTENT_TOO_LARGE,
        "too_large",
        "The activity is larger than " + settings.maxBodyBytes() + " bytes.");
  }

  private static ResponseEntity<Object> refused(BotConnectorAuthenticator.AuthenticationFailure e) {
    ResponseEntity.BodyBuilder builder = ResponseEntity.status(e.status());
    if (e.status() == 401) {
      // RFC 6750: no error code when the request simply carried no token
      builder.header(
          HttpHeaders.WWW_AUTHENTICATE,
          "missing_token".equals(e.code())
              ? "Bearer realm=\"api/messages\""
              : "Bearer realm=\"api/messages\", error=\"invalid_token\", error_description=\""
                  + e.getMessage()
                  + "\"");
    }
    return builder
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            Map.of(
                "error",
                e.status() == 401 ? "unauthorized" : "forbidden",
                "message",
                e.getMessage()));
  }

  private static ResponseEntity<Object> error(HttpStatus status, String code, String message) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("error", code, "message", message));
  }
}

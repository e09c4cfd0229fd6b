package dev.tier0.connector.webchat;

import dev.tier0.bot.BotTurn;
import dev.tier0.bot.Channel;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.ConversationEngine;
import dev.tier0.bot.InboundMessage;
import dev.tier0.bot.Requester;
import dev.tier0.connector.webchat.IdentityTokens.VerifiedIdentity;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The conversation API of CONTRACT.md section 2: start, send a message, read the history. */
@RestController
@RequestMapping("/api/v1/conversations")
class ConversationController {

  /**
   * Conversation ids are URL-safe base64; anything else cannot exist and never reaches the store.
   */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final ConversationEngine engine;
  private final RequestLimits limits;
  private final WebChatState state;
  private final WebChatProperties properties;
  private final WebIdentity identity;

  ConversationController(
      ConversationEngine engine,
      RequestLimits limits,
      WebChatState state,
      WebChatProperties properties,
      WebIdentity identity) {
    this.engine = engine;
    this.limits = limits;
    this.state = state;
    this.properties = properties;
    this.identity = identity;
  }

  @PostMapping
  ResponseEntity<Map<String, Object>> start(HttpServletRequest request) {
    limits.client(request);
    JsonBody body = JsonBody.read(request, properties.maxBodyBytes());
    Channel channel;
    try {
      channel = Channel.fromId(body.requiredString("channel", 32));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid_channel", e.getMessage() + ".");
    }
    String identityToken = body.string("identityToken", 8192);
    // Checked before anything is created: a refused token leaves no conversation behind.
    Optional<VerifiedIdentity> verified = identity.verify(identityToken);
    Requester requester =
        verified
            .map(v -> new Requester(v.userId(), v.displayName(), v.email(), channel))
            .orElseGet(() ->
                new Requester(
                    clean(body.string("userId", 200)),
                    clean(body.string("displayName", 200)),
                    clean(body.string("email", 320)),
                    channel));
    Conversation conversation =
        engine.start(
            requester,
            verified.isPresent() ? Map.of(Conversation.IDENTITY_VERIFIED, "true") : Map.of());
    if (verified.isEmpty() && !identity.verifying()) {
      state.identityToken(conversation.getId(), identityToken);
    }
    return ResponseEntity.created(URI.create("/api/v1/conversations/" + conversation.getId()))
        .body(Map.of("conversationId", conversation.getId()));
  }

  // Declared, so the reply's media type is known without asking every message converter.
  @PostMapping(path = "/{id}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> message(@PathVariable("id") String id, HttpServletRequest request) {
    limits.client(request);
    JsonBody body = JsonBody.read(request, properties.maxBodyBytes());
    // The engine owns the text limit; the body limit already bounds what is read.
    String text = Unicode.wellFormed(body.requiredString("text", Integer.MAX_VALUE));
    String clientMessageId = body.string("clientMessageId", 200);
    // The id's shape is checked here; whether it exists, the engine finds out as it loads it.
    requireWellFormed(id);
    limits.conversation(id);
    BotTurn turn = engine.handle(new InboundMessage(id, text, clientMessageId));
    return Views.turn(turn);
  }

  @GetMapping("/{id}")
  Map<String, Object> history(@PathVariable("id") String id) {
    Conversation conversation = requireExisting(id);
    return Views.conversation(conversation, WebChatState.pendingChoices(conversation));
  }

  private Conversation requireExisting(String id) {
    requireWellFormed(id);
    return engine.find(id).orElseThrow(ConversationController::notFound);
  }

  private static void requireWellFormed(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw notFound();
    }
  }

  static ApiException notFound() {
    return new ApiException(
        HttpStatus.NOT_FOUND,
        "conversation_not_found",
        "There is no conversation with this id. Start a new one.");
  }

  /** Names and addresses are shown to agents: no control characters, no surrounding blanks. */
  private static String clean(String value) {
    if (value == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(value.length());
    value.codePoints().filter(cp -> !Character.isISOControl(cp)).forEach(sb::appendCodePoint);
    String cleaned = Unicode.wellFormed(sb.toString()).strip();
    return cleaned.isEmpty() ? null : cleaned;
  }
}

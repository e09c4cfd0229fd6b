package dev.tier0.connector.webchat;

import dev.tier0.bot.ConversationEngine;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The push channel: a Server-Sent Events stream per open widget. */
@RestController
class ConversationEventsController {

  private final ConversationEngine engine;
  private final WebChatReplySink sink;

  ConversationEventsController(ConversationEngine engine, WebChatReplySink sink) {
    this.engine = engine;
    this.sink = sink;
  }

  @GetMapping(path = "/api/v1/conversations/{id}/events")
  SseEmitter events(@PathVariable("id") String id) {
    if (!ConversationController.ID.matcher(id).matches() || engine.find(id).isEmpty()) {
      throw ConversationController.notFound();
    }
    SseEmitter emitter = sink.open(id);
    if (emitter == null) {
      throw new ApiException(
          HttpStatus.TOO_MANY_REQUESTS,
          "too_many_streams",
          "This conversation already has too many open windows. Close one and try again.",
          30);
    }
    return emitter;
  }
}

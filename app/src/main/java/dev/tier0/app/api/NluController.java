package dev.tier0.app.api;

import dev.tier0.bot.Entity;
import dev.tier0.bot.IntentScore;
import dev.tier0.bot.NluResult;
import dev.tier0.bot.spi.IntentClassifier;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/nlu/parse}: what the classifier makes of a text. */
@RestController
@RequestMapping("/api/v1/nlu")
class NluController {

  private final IntentClassifier classifier;

  NluController(IntentClassifier classifier) {
    this.classifier = classifier;
  }

  record ParseRequest(String text) {}

  record ParseResponse(
      String intent,
      String category,
      double confidence,
      List<IntentScore> ranking,
      List<Entity> entities,
      String language) {}

  @PostMapping("/parse")
  ParseResponse parse(@RequestBody ParseRequest request) {
    if (request == null || request.text() == null) {
      throw new BadRequestException("missing_text", "Send a JSON body like {\"text\": \"...\"}.");
    }
    if (request.text().length() > 10_000) {
      throw new PayloadTooLargeException(
          "text_too_long", "The text is longer than 10000 characters.");
    }
    NluResult r = classifier.parse(request.text());
    return new ParseResponse(
        r.intent(), r.category(), r.confidence(), r.ranking(), r.entities(), r.language());
  }
}

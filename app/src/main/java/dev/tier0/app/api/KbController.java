package dev.tier0.app.api;

import dev.tier0.bot.spi.KnowledgeBase;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/kb/search?q=...&k=5}: the articles that answer a query. */
@RestController
@RequestMapping("/api/v1/kb")
class KbController {

  private final KnowledgeBase kb;

  KbController(KnowledgeBase kb) {
    this.kb = kb;
  }

  record HitView(String articleId, String title, String category, double score, String snippet) {}

  record SearchResponse(List<HitView> hits, boolean noGoodAnswer) {}

  @GetMapping("/search")
  SearchResponse search(
      @RequestParam(name = "q", required = false) String q,
      @RequestParam(name = "k", required = false, defaultValue = "5") String k) {
    if (q == null || q.isBlank()) {
      throw new BadRequestException("missing_query", "Give the search text as ?q=...");
    }
    if (q.length() > 10_000) {
      throw new PayloadTooLargeException(
          "query_too_long", "The query is longer than 10000 characters.");
    }
    int limit;
    try {
      limit = Integer.parseInt(k.strip());
    } catch (NumberFormatException e) {
      throw new BadRequestException("invalid_k", "k must be a whole number from 1 to 50.");
    }
    if (limit < 1 || limit > 50) {
      throw new BadRequestException("invalid_k", "k must be a whole number from 1 to 50.");
    }
    KnowledgeBase.SearchResult result = kb.search(new KnowledgeBase.Query(q, limit, null));
    return new SearchResponse(
        result.hits().stream()
            .map(h -> new HitView(h.articleId(), h.title(), h.category(), h.score(), h.snippet()))
            .toList(),
        result.noGoodAnswer());
  }
}

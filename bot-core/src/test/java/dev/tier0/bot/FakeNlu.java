package dev.tier0.bot;

import dev.tier0.bot.spi.IntentClassifier;
import dev.tier0.bot.spi.KnowledgeBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Keyword-driven doubles of the classifier and the knowledge base, for policy tests. */
final class FakeNlu {

  record Rule(String keyword, String intent, String category, double confidence) {}

  static final class Classifier implements IntentClassifier {
    final List<Rule> rules = new ArrayList<>();
    final Map<String, List<IntentScore>> rankings = new LinkedHashMap<>();
    final Map<String, List<Entity>> entities = new LinkedHashMap<>();
    String language = "eng";

    Classifier rule(String keyword, String intent, String category, double confidence) {
      rules.add(new Rule(keyword, intent, category, confidence));
      return this;
    }

    Classifier ranking(String keyword, IntentScore... scores) {
      rankings.put(keyword, List.of(scores));
      return this;
    }

    @Override
    public NluResult parse(String text) {
      String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
      for (Map.Entry<String, List<IntentScore>> e : rankings.entrySet()) {
        if (t.contains(e.getKey())) {
          IntentScore top = e.getValue().get(0);
          return new NluResult(
              top.intent(),
              category(top.intent()),
              top.confidence(),
              e.getValue(),
              entities.getOrDefault(e.getKey(), List.of()),
              language);
        }
      }
      for (Rule r : rules) {
        if (t.contains(r.keyword())) {
          return new NluResult(
              r.intent(),
              r.category(),
              r.confidence(),
              List.of(new IntentScore(r.intent(), r.confidence())),
              entities.getOrDefault(r.keyword(), List.of()),
              language);
        }
      }
      List<Entity> named = new ArrayList<>();
      entities.forEach((keyword, found) -> {
        if (t.contains(keyword)) {
          named.addAll(found);
        }
      });
      return new NluResult(
          "out_of_scope",
          "out_of_scope",
          0.9,
          List.of(new IntentScore("out_of_scope", 0.9)),
          named,
          language);
    }

    private String category(String intent) {
      return rules.stream()
          .filter(r -> r.intent().equals(intent))
          .map(Rule::category)
          .findFirst()
          .orElse("out_of_scope");
    }

    @Override
    public Optional<IntentInfo> describe(String intent) {
      return Optional.of(new IntentInfo(intent, category(intent), intent.replace('_', ' ')));
    }
  }

  static final class Kb implements KnowledgeBase {
    final Map<String, List<Hit>> byKeyword = new LinkedHashMap<>();
    final List<String> feedback = new ArrayList<>();
    final List<String> searched = new ArrayList<>();

    Kb article(String keyword, String id, String title) {
      byKeyword
          .computeIfAbsent(keyword, k -> new ArrayList<>())
          .add(new Hit(id, title, "cat", 10, "1. Do this.", "/kb/" + id));
      return this;
    }

    @Override
    public SearchResult search(Query query) {
      searched.add(query.text());
      String t = query.text().toLowerCase(Locale.ROOT);
      for (Map.Entry<String, List<Hit>> e : byKeyword.entrySet()) {
        if (t.contains(e.getKey())) {
          return new SearchResult(e.getValue(), false);
        }
      }
      return new SearchResult(List.of(), true);
    }

    @Override
    public Optional<Article> find(String articleId) {
      return Optional.empty();
    }

    @Override
    public int size() {
      return byKeyword.size();
    }

    @Override
    public void feedback(String query, String articleId, boolean helpful) {
      feedback.add(articleId + "=" + helpful);
    }
  }

  private FakeNlu() {}
}

package dev.tier0.app.config;

import dev.tier0.bot.internal.nlu.NluSettings;
import dev.tier0.bot.internal.nlu.OpenNlpIntentClassifier;
import dev.tier0.bot.internal.nlu.ShippedModelCache;
import dev.tier0.bot.spi.IntentClassifier;
import dev.tier0.bot.spi.KnowledgeBase;
import dev.tier0.handoff.RedisHandoffClient;
import dev.tier0.handoff.RedisKbFeedback;
import dev.tier0.kb.ArticleSource;
import dev.tier0.kb.FeedbackStats;
import dev.tier0.kb.KbSettings;
import dev.tier0.kb.LuceneKnowledgeBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The intent model and the knowledge base: the shipped ones, or those the settings name. */
@Configuration(proxyBeanMethods = false)
class KnowledgeConfiguration {

  private static final Logger log = LoggerFactory.getLogger(KnowledgeConfiguration.class);

  /**
   * The shipped model, trained at the first start and kept under {@code helpdesk.nlu.model-cache}
   * (default: the data directory's {@code nlu-model}) for the next ones; {@code
   * helpdesk.nlu.model-cache=off} trains at every start. {@code helpdesk.nlu.encoder=minilm}, the
   * default, or {@code minilm-static} mixes in a model over sentence vectors of a bundled encoder
   * (see nlu/README.md); {@code none} leaves it out.
   */
  @Bean
  IntentClassifier intentClassifier(
      HelpdeskProperties properties,
      @Value("${helpdesk.nlu.model-cache:}") String cache,
      @Value("${helpdesk.nlu.encoder:}") String encoder,
      @Value("${helpdesk.nlu.native-dir:}") String nativeDir)
      throws IOException {
    long started = System.nanoTime();
    if (!nativeDir.isBlank() && System.getProperty("helpdesk.nlu.native-dir") == null) {
      // The encoder reads a system property (it also serves the command line without Spring).
      System.setProperty("helpdesk.nlu.native-dir", nativeDir);
    }
    Path folder =
        cache.isBlank()
            ? properties.dataDir().resolve("nlu-model")
            : cache.equals("off") ? null : Path.of(cache);
    OpenNlpIntentClassifier classifier =
        ShippedModelCache.shipped(
            getClass().getClassLoader(),
            // Unset keeps NluSettings' default, so the default encoder is written in one place.
            encoder.isBlank()
                ? NluSettings.defaults()
                : NluSettings.defaults().withEncoder(encoder),
            folder);
    log.info(
        "Intent model ready in {} ms: {} intents",
        (System.nanoTime() - started) / 1_000_000,
        classifier.intents().size());
    return classifier;
  }

  @Bean
  RedisKbFeedback redisKbFeedback(RedisHandoffClient client) {
    return new RedisKbFeedback(client);
  }

  /**
   * Article verdicts as a ranking prior: read from Redis once at start, then kept in memory as
   * verdicts arrive (a search must not wait on Redis).
   */
  @Bean
  FeedbackStats feedbackStats(RedisKbFeedback feedback) {
    Map<String, FeedbackStats.Counts> counts = new ConcurrentHashMap<>();
    try {
      feedback
          .articleCounts()
          .forEach(
              (id, c) -> counts.put(id, new FeedbackStats.Counts(c.helpful(), c.notHelpful())));
    } catch (RuntimeException e) {
      log.warn("Could not read article feedback; starting without it: {}", e.toString());
    }
    return new FeedbackStats() {
      @Override
      public void record(String articleId, boolean helpful) {
        counts.merge(
            articleId,
            helpful ? new Counts(1, 0) : new Counts(0, 1),
            (a, b) -> new Counts(a.helpful() + b.helpful(), a.notHelpful() + b.notHelpful()));
      }

      @Override
      public Counts counts(String articleId) {
        return counts.getOrDefault(articleId, Counts.NONE);
      }
    };
  }

  @Bean(destroyMethod = "close")
  LuceneKnowledgeBase luceneKnowledgeBase(
      HelpdeskProperties properties, FeedbackStats stats, RedisKbFeedback feedback)
      throws IOException {
    KbSettings settings = KbSettings.defaults().withFeedback(stats);
    LuceneKnowledgeBase kb;
    if (properties.kb().path() != null) {
      kb = LuceneKnowledgeBase.open(properties.kb().path(), settings);
      log.info("Serving the knowledge base in {} (watched for changes)", properties.kb().path());
    } else {
      // The shipped articles plus those published from the console, in one watched folder, so a
      // published article is searchable within a scan without restarting.
      Path served = properties.dataDir().resolve("kb-published");
      copyShipped(served.resolve(SHIPPED));
      kb = LuceneKnowledgeBase.open(served, settings);
      log.info("Serving the shipped knowledge base and the articles published in {}", served);
    }
    kb.report()
        .skipped()
        .forEach(s -> log.warn("Skipped knowledge-base file {}: {}", s.path(), s.reason()));
    log.info("{} articles searchable", kb.size());
    kb.addGapListener(gap -> {
      try {
        feedback.recordGap(gap.text());
      } catch (RuntimeException e) {
        log.debug("Gap not recorded: {}", e.toString());
      }
    });
    return kb;
  }

  /** The KB the jar carries, with its feedback also stored in Redis for every instance. */
  @Bean
  @org.springframework.context.annotation.Primary
  KnowledgeBase knowledgeBase(LuceneKnowledgeBase kb, RedisKbFeedback feedback) {
    return new KnowledgeBase() {
      @Override
      public SearchResult search(Query query) {
        return kb.search(query);
      }

      @Override
      public java.util.Optional<Article> find(String articleId) {
        return kb.find(articleId);
      }

      @Override
      public int size() {
        return kb.size();
      }

      @Override
      public void feedback(String query, String articleId, boolean helpful) {
        kb.feedback(query, articleId, helpful);
        feedback.record(query, articleId, helpful);
      }
    };
  }

  /** The subfolder of the served folder that holds the shipped articles. */
  static final String SHIPPED = "shipped";

  /**
   * Replaces the folder's articles with the ones this jar ships, so an upgrade's changes and
   * removals apply; published articles live beside the folder and are untouched.
   */
  static void copyShipped(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> old = Files.list(dir)) {
      for (Path p : old.filter(f -> f.getFileName().toString().endsWith(".md")).toList()) {
        Files.deleteIfExists(p);
      }
    }
    for (ArticleSource source : ShippedKnowledge.articles()) {
      String name = Path.of(source.name()).getFileName().toString();
      Files.writeString(dir.resolve(name), source.text(), StandardCharsets.UTF_8);
    }
  }
}

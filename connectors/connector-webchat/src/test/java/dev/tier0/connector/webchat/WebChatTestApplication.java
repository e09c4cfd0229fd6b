package dev.tier0.connector.webchat;

import dev.tier0.bot.ConversationEngine;
import dev.tier0.bot.EngineSettings;
import dev.tier0.bot.Entity;
import dev.tier0.bot.IntentScore;
import dev.tier0.bot.NluResult;
import dev.tier0.bot.memory.InMemoryConversationStore;
import dev.tier0.bot.memory.InMemoryHandoffQueue;
import dev.tier0.bot.spi.ConversationStore;
import dev.tier0.bot.spi.IntentClassifier;
import dev.tier0.bot.spi.KnowledgeBase;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Bean;

/**
 * A small application around the connector for tests: the real engine on bot-core's in-memory
 * adapters, a keyword classifier and a two-article knowledge base.
 *
 * <p>A test component: where this module's test classes sit on the app's test classpath (a build
 * that stops before the test-jar is packaged), the app's scan of {@code dev.tier0} must not take
 * this application's beans for its own.
 */
@SpringBootApplication
@TestComponent
class WebChatTestApplication {

  @Bean
  SwitchableStore conversationStore() {
    return new SwitchableStore(new InMemoryConversationStore());
  }

  @Bean
  InMemoryHandoffQueue handoffQueue() {
    return new InMemoryHandoffQueue();
  }

  @Bean
  ConversationEngine conversationEngine(SwitchableStore store, InMemoryHandoffQueue queue) {
    EngineSettings defaults = EngineSettings.defaults();
    EngineSettings settings =
        new EngineSettings(
            200,
            defaults.confident(),
            defaults.clarifyMargin(),
            defaults.clarifyFloor(),
            defaults.kbFallbackFloor(),
            defaults.maxNotHelpful(),
            defaults.sameIntentLimit(),
            defaults.urgentIntents());
    return new ConversationEngine(
        new KeywordClassifier(),
        new TwoArticles(),
        store,
        queue,
        settings,
        List.of(),
        Clock.systemUTC());
  }

  /** A store that can be switched off, to see how the API reports an outage. */
  static final class SwitchableStore implements ConversationStore {
    private final ConversationStore delegate;
    private volatile boolean down;
    final java.util.concurrent.atomic.AtomicInteger saves =
        new java.util.concurrent.atomic.AtomicInteger();

    SwitchableStore(ConversationStore delegate) {
      this.delegate = delegate;
    }

    void down(boolean down) {
      this.down = down;
    }

    private void check() {
      if (down) {
        throw new StoreUnavailableException("the test switched the store off", null);
      }
    }

    @Override
    public void save(dev.tier0.bot.Conversation conversation) {
      check();
      saves.incrementAndGet();
      delegate.save(conversation);
    }

    @Override
    public Optional<dev.tier0.bot.Conversation> update(
        String conversationId, UnaryOperator<dev.tier0.bot.Conversation> change) {
      check();
      return delegate.update(conversationId, change);
    }

    @Override
    public Optional<dev.tier0.bot.Conversation> find(String conversationId) {
      check();
      return delegate.find(conversationId);
    }

    @Override
    public Optional<dev.tier0.bot.BotTurn> findTurn(String conversationId, String clientMessageId) {
      check();
      return delegate.findTurn(conversationId, clientMessageId);
    }

    @Override
    public void saveTurn(
        String conversationId, String clientMessageId, dev.tier0.bot.BotTurn turn) {
      check();
      delegate.saveTurn(conversationId, clientMessageId, turn);
    }
  }

  /** Passwords, VPN and greetings; everything else is out of scope. */
  static final class KeywordClassifier implements IntentClassifier {
    @Override
    public NluResult parse(String text) {
      String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
      if (t.contains("password")) {
        return result("password_forgot", "account.password", 0.92);
      }
      if (t.contains("vpn")) {
        return result("vpn_connect", "network.vpn", 0.9);
      }
      if (t.startsWith("hello") || t.startsWith("hi")) {
        return result("greeting", "greeting", 0.95);
      }
      return result(NluResult.OUT_OF_SCOPE, "out_of_scope", 0.9);
    }

    private static NluResult result(String intent, String category, double confidence) {
      return new NluResult(
          intent,
          category,
          confidence,
          List.of(new IntentScore(intent, confidence)),
          List.<Entity>of(),
          "eng");
    }

    @Override
    public Optional<IntentInfo> describe(String intent) {
      return switch (intent) {
        case "password_forgot" ->
            Optional.of(new IntentInfo(intent, "account.password", "Forgotten password"));
        case "vpn_connect" ->
            Optional.of(new IntentInfo(intent, "network.vpn", "VPN won't connect"));
        default -> Optional.empty();
      };
    }
  }

  /** KB-012 answers passwords, KB-031 the VPN; nothing else has an answer. */
  static final class TwoArticles implements KnowledgeBase {
    static final Article PASSWORD =
        new Article(
            "KB-012",
            "Reset your password with the self-service portal",
            "account.password",
            List.of("password"),
            List.of(),
            "Open the self-service portal and choose Forgot password.",
            "https://kb.example.com/KB-012");
    static final Article VPN =
        new Article(
            "KB-031",
            "Fix VPN connection errors",
            "network.vpn",
            List.of("vpn"),
            List.of(),
            "Restart the VPN client and sign in again.",
            "https://kb.example.com/KB-031");

    @Override
    public SearchResult search(Query query) {
      String t = query.text() == null ? "" : query.text().toLowerCase(Locale.ROOT);
      for (Article a : List.of(PASSWORD, VPN)) {
        if (t.contains(a.tags().get(0))) {
          return new SearchResult(
              List.of(new Hit(a.id(), a.title(), a.category(), 12.0, a.body(), a.url())), false);
        }
      }
      return new SearchResult(List.of(), true);
    }

    @Override
    public Optional<Article> find(String articleId) {
      return List.of(PASSWORD, VPN).stream().filter(a -> a.id().equals(articleId)).findFirst();
    }

    @Override
    public int size() {
      return 2;
    }
  }
}

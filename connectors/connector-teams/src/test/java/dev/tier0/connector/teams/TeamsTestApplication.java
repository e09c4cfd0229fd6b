package dev.tier0.connector.teams;

import dev.tier0.bot.ConversationEngine;
import dev.tier0.bot.EngineSettings;
import dev.tier0.bot.IntentScore;
import dev.tier0.bot.NluResult;
import dev.tier0.bot.memory.InMemoryChannelRegistry;
import dev.tier0.bot.memory.InMemoryConversationStore;
import dev.tier0.bot.memory.InMemoryHandoffQueue;
import dev.tier0.bot.spi.ChannelRegistry;
import dev.tier0.bot.spi.ConversationStore;
import dev.tier0.bot.spi.IntentClassifier;
import dev.tier0.bot.spi.KnowledgeBase;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The engine on in-memory adapters with a tiny classifier and knowledge base, for the channel. */
@SpringBootApplication
class TeamsTestApplication {

  @Bean
  InMemoryConversationStore conversationStore() {
    return new InMemoryConversationStore();
  }

  @Bean
  ChannelRegistry channelRegistry() {
    return new InMemoryChannelRegistry(Clock.systemUTC());
  }

  @Bean
  ConversationEngine conversationEngine(ConversationStore store) {
    return new ConversationEngine(
        new KeywordClassifier(),
        new OneArticleKnowledgeBase(),
        store,
        new InMemoryHandoffQueue(),
        EngineSettings.defaults(),
        List.of(),
        Clock.systemUTC());
  }

  /** "hello" is a greeting, anything with "vpn" a VPN problem, the rest out of scope. */
  static final class KeywordClassifier implements IntentClassifier {
    @Override
    public NluResult parse(String text) {
      String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
      if (t.contains("hello")) {
        return result("greeting", "greeting");
      }
      if (t.contains("vpn")) {
        return result("vpn_connect", "network.vpn");
      }
      return result(NluResult.OUT_OF_SCOPE, "out_of_scope");
    }

    private static NluResult result(String intent, String category) {
      return new NluResult(
          intent, category, 0.95, List.of(new IntentScore(intent, 0.95)), List.of(), "eng");
    }

    @Override
    public Optional<IntentInfo> describe(String intent) {
      return Optional.of(new IntentInfo(intent, "network.vpn", "VPN won't connect"));
    }
  }

  /** One article, about the VPN, with markup in its text. */
  static final class OneArticleKnowledgeBase implements KnowledgeBase {
    private static final Hit VPN =
        new Hit(
            "KB-001",
            "Fix the VPN *now*",
            "network.vpn",
            9.0,
            "Restart the <b>client</b> and [sign in](javascript:alert(1)).",
            "https://kb.example.com/KB-001");

    @Override
    public SearchResult search(Query query) {
      return query.text().toLowerCase(Locale.ROOT).contains("vpn")
          ? new SearchResult(List.of(VPN), false)
          : new SearchResult(List.of(), true);
    }

    @Override
    public Optional<Article> find(String articleId) {
      return Optional.empty();
    }

    @Override
    public int size() {
      return 1;
    }
  }
}

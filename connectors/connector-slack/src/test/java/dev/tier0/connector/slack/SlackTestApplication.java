package dev.tier0.connector.slack;

import dev.tier0.bot.ConversationEngine;
import dev.tier0.bot.EngineSettings;
import dev.tier0.bot.IntentScore;
import dev.tier0.bot.NluResult;
import dev.tier0.bot.memory.InMemoryChannelRegistry;
import dev.tier0.bot.memory.InMemoryConversationStore;
import dev.tier0.bot.memory.InMemoryHandoffQueue;
import dev.tier0.bot.spi.IntentClassifier;
import dev.tier0.bot.spi.KnowledgeBase;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The engine on in-memory adapters with a keyword classifier and a one-article KB. */
@SpringBootApplication
class SlackTestApplication {

  @Bean
  InMemoryConversationStore conversationStore() {
    return new InMemoryConversationStore();
  }

  @Bean
  InMemoryChannelRegistry channelRegistry() {
    return new InMemoryChannelRegistry(Clock.systemUTC());
  }

  @Bean
  InMemoryHandoffQueue handoffQueue() {
    return new InMemoryHandoffQueue();
  }

  @Bean
  ConversationEngine conversationEngine(
      InMemoryConversationStore store, InMemoryHandoffQueue queue) {
    return new ConversationEngine(
        new KeywordClassifier(),
        new OneArticleKb(),
        store,
        queue,
        EngineSettings.defaults(),
        List.of(),
        Clock.systemUTC());
  }

  @Bean
  RecordingAgentDesk agentDesk() {
    return new RecordingAgentDesk();
  }

  /** Records what the connector asks of the agent side. */
  static final class RecordingAgentDesk implements SlackAgentDesk {
    final BlockingQueue<String> claims = new LinkedBlockingQueue<>();
    final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    @Override
    public ClaimResult claim(String ticketId, SlackAgent agent) {
      claims.add(ticketId + " " + agent.slackUserId() + " " + agent.email());
      return new ClaimResult(true, "Claimed by " + agent.name() + ".");
    }

    @Override
    public void reply(String ticketId, SlackAgent agent, String text) {
      replies.add(ticketId + " " + agent.email() + " " + text);
    }
  }

  /** A message containing "hold on" waits here until a test opens the gate (at most 10 s). */
  static final AtomicReference<CountDownLatch> GATE = new AtomicReference<>(new CountDownLatch(0));

  static final class KeywordClassifier implements IntentClassifier {
    @Override
    public NluResult parse(String text) {
      String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
      if (t.contains("hold on")) {
        try {
          GATE.get().await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (t.contains("password")) {
        return result("password_forgot", "account.password", 0.93);
      }
      if (t.contains("hello") || t.contains("hi")) {
        return result("greeting", "greeting", 0.95);
      }
      return result(NluResult.OUT_OF_SCOPE, "out_of_scope", 0.3);
    }

    @Override
    public Optional<IntentInfo> describe(String intent) {
      return switch (intent) {
        case "password_forgot" ->
            Optional.of(new IntentInfo(intent, "account.password", "Forgotten password"));
        case "greeting" -> Optional.of(new IntentInfo(intent, "greeting", "Hello"));
        default -> Optional.empty();
      };
    }

    private static NluResult result(String intent, String category, double confidence) {
      return new NluResult(
          intent,
          category,
          confidence,
          List.of(new IntentScore(intent, confidence)),
          List.of(),
          "eng");
    }
  }

  static final class OneArticleKb implements KnowledgeBase {
    private static final Hit HIT =
        new Hit(
            "KB-012",
            "Reset your password with the self-service portal",
            "account.password",
            12.0,
            "Open the portal & follow <the> steps.",
            "https://kb.example.com/KB-012");

    @Override
    public SearchResult search(Query query) {
      String t = query.text() == null ? "" : query.text().toLowerCase(Locale.ROOT);
      return t.contains("password")
          ? new SearchResult(List.of(HIT), false)
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

package dev.tier0.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tier0.bot.memory.InMemoryConversationStore;
import dev.tier0.bot.memory.InMemoryHandoffQueue;
import dev.tier0.bot.spi.ConversationStore.StoreUnavailableException;
import dev.tier0.bot.spi.HandoffQueue;
import dev.tier0.bot.spi.HandoffRequest;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConversationEngineTests {

  FakeNlu.Classifier nlu;
  FakeNlu.Kb kb;
  InMemoryConversationStore store;
  InMemoryHandoffQueue queue;
  ConversationEngine engine;
  String id;

  @BeforeEach
  void setUp() {
    nlu =
        new FakeNlu.Classifier()
            .rule("password", "password_forgot", "account.password", 0.93)
            .rule("vpn", "vpn_cannot_connect", "network.vpn", 0.9)
            .rule("printer", "printer_offline", "printer", 0.9)
            .rule("clicked", "clicked_phishing_link", "security", 0.95)
            .rule("hello", "greeting", "greeting", 0.97)
            .rule("thank", "thanks", "thanks", 0.97)
            .rule("mumble", "vpn_cannot_connect", "network.vpn", 0.3);
    kb =
        new FakeNlu.Kb()
            .article("password", "KB-001", "Reset your password")
            .article("vpn", "KB-010", "Fix VPN connection errors")
            .article("vpn", "KB-011", "Reinstall the VPN client")
            .article("clicked", "KB-040", "You clicked a phishing link");
    store = new InMemoryConversationStore();
    queue = new InMemoryHandoffQueue();
    engine = engine(queue);
    id = engine.start(new Requester("u-1", "Ada", "ada@example.com", Channel.WEB)).getId();
  }

  ConversationEngine engine(HandoffQueue q) {
    return new ConversationEngine(
        nlu, kb, store, q, EngineSettings.defaults(), List.of(), Clock.systemUTC());
  }

  BotTurn say(String text) {
    return engine.handle(new InboundMessage(id, text, null));
  }

  @Test
  void answersAConfidentItIntentWithTheBestArticleAndAsksWhetherItHelped() {
    BotTurn turn = say("I forgot my password");

    assertThat(turn.outcome()).isEqualTo(Outcome.ANSWERED);
    assertThat(turn.nlu().intent()).isEqualTo("password_forgot");
    assertThat(turn.replies()).extracting(BotReply::type).contains("article", "choices");
    assertThat(turn.replies())
        .filteredOn(BotReply.Article.class::isInstance)
        .extracting(r -> ((BotReply.Article) r).articleId())
        .containsExactly("KB-001");
    assertThat(turn.state()).isEqualTo(ConversationState.BOT);
  }

  @Test
  void resolvesWhenTheUserConfirmsTheArticleFixedIt() {
    say("I forgot my password");
    BotTurn turn = say("yes");

    assertThat(turn.outcome()).isEqualTo(Outcome.RESOLVED);
    assertThat(turn.state()).isEqualTo(ConversationState.RESOLVED);
    assertThat(kb.feedback).containsExactly("KB-001=true");
    assertThat(engine.find(id).orElseThrow().getArticlesShown())
        .containsExactly(new ArticleShown("KB-001", "Reset your password", true));
  }

  @Test
  void offersTheNextArticleAfterTheFirstDidNotHelpAndHandsOffAfterTheSecond() {
    say("my vpn is broken");
    BotTurn second = say("no");
    assertThat(second.outcome()).isEqualTo(Outcome.ANSWERED);
    assertThat(second.replies())
        .filteredOn(BotReply.Article.class::isInstance)
        .extracting(r -> ((BotReply.Article) r).articleId())
        .containsExactly("KB-011");

    BotTurn third = say("didn't help");

    assertThat(third.outcome()).isEqualTo(Outcome.HANDOFF);
    assertThat(third.state()).isEqualTo(ConversationState.AWAITING_AGENT);
    assertThat(third.ticket()).isNotNull();
    HandoffRequest request = queue.request(third.ticket().id());
    assertThat(request.reason()).isEqualTo(HandoffReason.REPEATED_FAILURE);
    assertThat(request.category()).isEqualTo("network.vpn");
    assertThat(request.nlu().intent()).isEqualTo("vpn_cannot_connect");
    assertThat(request.articlesShown())
        .extracting(ArticleShown::id, ArticleShown::helpful)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("KB-010", false),
            org.assertj.core.groups.Tuple.tuple("KB-011", false));
    assertThat(request.transcript()).extracting(TranscriptEntry::text).contains("my vpn is broken");
    assertThat(request.subject()).startsWith("vpn cannot connect: my vpn is broken");
  }

  @Test
  void handsOffWhenUserAsksForAPerson() {
    BotTurn turn = say("can I talk to a real person please");

    assertThat(turn.outcome()).isEqualTo(Outcome.HANDOFF);
    assertThat(queue.request(turn.ticket().id()).reason()).isEqualTo(HandoffReason.USER_REQUEST);
    assertThat(turn.replies().get(0)).isInstanceOf(BotReply.HandoffNotice.class);
  }

  @Test
  void staysSilentTowardsTheBotWhileAgentsOwnTheConversationAndForwardsTheUsersMessages() {
    BotTurn handoff = say("I want to speak to an agent");
    BotTurn next = say("my password is hunter22 by the way");

    assertThat(next.outcome()).isEqualTo(Outcome.HANDOFF);
    assertThat(next.nlu()).isNull();
    assertThat(next.replies()).allMatch(r -> r instanceof BotReply.Text);
    assertThat(queue.userMessages(handoff.ticket().id()))
        .extracting(TranscriptEntry::text)
        .containsExactly("my password is [REDACTED PASSWORD] by the way");
    assertThat(queue.size()).isEqualTo(1);
  }

  @Test
  void declinesOutOfScopeRequestsPolitelyAndOffersAPerson() {
    BotTurn turn = say("what's the weather in Paris");

    assertThat(turn.outcome()).isEqualTo(Outcome.DECLINED);
    assertThat(turn.replies()).anyMatch(BotReply.Choices.class::isInstance);
    BotTurn accept = say("talk to a person");
    assertThat(accept.outcome()).isEqualTo(Outcome.HANDOFF);
    assertThat(kb.searched).as("a line about nothing IT is not searched").isEmpty();
  }

  @Test
  void searchesTheKnowledgeBaseForADeclinedLineThatNamesAnItThing() {
    nlu.entities.put("wifi", List.of(new Entity("network", "Wi-Fi", "wifi")));
    kb.article("wifi", "KB-020", "Fix Wi-Fi connection problems");

    BotTurn turn = say("my wifi is broken");

    assertThat(turn.outcome()).isEqualTo(Outcome.ANSWERED);
    assertThat(turn.replies())
        .filteredOn(BotReply.Article.class::isInstance)
        .extracting(r -> ((BotReply.Article) r).articleId())
        .containsExactly("KB-020");
    assertThat(kb.searched).containsExactly("my wifi is broken");
  }

  @Test
  void offersTheTwoBestItGuessesForADeclinedLineThatNamesAnItThingWithoutAGoodArticle() {
    nlu.rule("wifi won't connect", "wifi_cannot_connect", "network.wifi", 0.9);
    nlu.ranking(
        "wifi is broken",
        new IntentScore("out_of_scope", 0.80),
        new IntentScore("wifi_cannot_connect", 0.08),
        new IntentScore("goodbye", 0.05),
        new IntentScore("wifi_slow", 0.04));
    nlu.entities.put("wifi is broken", List.of(new Entity("network", "Wi-Fi", "wifi")));
    kb.article("connect", "KB-021", "Wi-Fi: cannot connect");

    BotTurn turn = say("my wifi is broken");

    assertThat(turn.outcome()).isEqualTo(Outcome.CLARIFYING);
    assertThat(kb.searched).containsExactly("my wifi is broken");
    BotReply.Choices choices =
        (BotReply.Choices)
            turn.replies().stream().filter(BotReply.Choices.class::isInstance).findFirst().get();
    assertThat(choices.options())
        .extracting(BotReply.Choice::value)
        .containsExactly("#intent:wifi_cannot_connect", "#intent:wifi_slow", "none of these");

    BotTurn picked = say("#intent:wifi_cannot_connect");

    assertThat(picked.outcome()).isEqualTo(Outcome.ANSWERED);
    assertThat(picked.replies())
        .filteredOn(BotReply.Article.class::isInstance)
        .extracting(r -> ((BotReply.Article) r).articleId())
        .containsExactly("KB-021");
  }

  @Test
  void asksToRephraseADeclinedLineThatNamesAnItThingTheKnowledgeBaseCannotAnswer() {
    nlu.entities.put("excel", List.of(new Entity("application", "Excel", "excel")));

    BotTurn turn = say("excel is broken");

    assertThat(turn.outcome()).isEqualTo(Outcome.CLARIFYING);
    assertThat(turn.replies())
        .filteredOn(BotReply.Text.class::isInstance)
        .extracting(r -> ((BotReply.Text) r).text())
        .anyMatch(text -> text.contains("describe the problem"))
        .noneMatch(text -> text.contains("doesn't look like"));
    assertThat(kb.searched).containsExactly("excel is broken");
  }

  @Test
  void answersSmallTalkBriefly() {
    BotTurn turn = say("hello there");

    assertThat(turn.outcome()).isEqualTo(Outcome.SMALLTALK);
    assertThat(((BotReply.Text) turn.replies().get(0)).text()).startsWith("Hi Ada!");
  }

  @Test
  void recognisesBriefSmallTalkTheModelIsUnsureAbout() {
    assertThat(say("hi").outcome()).isEqualTo(Outcome.SMALLTALK);
    assertThat(say("Good morning!").outcome()).isEqualTo(Outcome.SMALLTALK);
    assertThat(say("thx").outcome()).isEqualTo(Outcome.SMALLTALK);
    BotTurn bye = say("bye");
    assertThat(bye.outcome()).isEqualTo(Outcome.SMALLTALK);
    assertThat(bye.nlu().intent()).isEqualTo("goodbye");
  }

  @Test
  void asksToRephraseOnLowConfidenceAndHandsOffTheSecondTime() {
    BotTurn first = say("mumble mumble");
    assertThat(first.outcome()).isEqualTo(Outcome.CLARIFYING);

    BotTurn second = say("mumble again");

    assertThat(second.outcome()).isEqualTo(Outcome.HANDOFF);
    assertThat(queue.request(second.ticket().id()).reason())
        .isEqualTo(HandoffReason.LOW_CONFIDENCE);
  }

  @Test
  void asksDidYouMeanOnACloseCallAndActsOnTheChosenIntent() {
    nlu.ranking(
        "cannot get in",
        new IntentScore("password_forgot", 0.45),
        new IntentScore("vpn_cannot_connect", 0.40));
    BotTurn ask = say("cannot get in");
    assertThat(ask.outcome()).isEqualTo(Outcome.CLARIFYING);
    BotReply.Choices choices = (BotReply.Choices) ask.replies().get(0);
    assertThat(choices.options())
        .extracting(BotReply.Choice::value)
        .containsExactly("#intent:password_forgot", "#intent:vpn_cannot_connect", "none of these");

    BotTurn chosen = say("#intent:vpn_cannot_connect");

    assertThat(chosen.outcome()).isEqualTo(Outcome.ANSWERED);
    assertThat(chosen.nlu().intent()).isEqualTo("vpn_cannot_connect");
  }

  @Test
  void searchesTheKnowledgeBaseWhenTheUserSaysNoToBothGuesses() {
    nlu.ranking(
        "vpn or password, cannot get in",
        new IntentScore("password_forgot", 0.45),
        new IntentScore("vpn_cannot_connect", 0.40));
    say("vpn or password, cannot get in");

    BotTurn neither = say("no");

    assertThat(neither.outcome()).isEqualTo(Outcome.ANSWERED);
    assertThat(neither.replies()).anyMatch(BotReply.Article.class::isInstance);
    assertThat(neither.state()).isEqualTo(ConversationState.BOT);
  }

  @Test
  void handsOffWhenNeitherGuessNorTheKnowledgeBaseFits() {
    nlu.ranking(
        "cannot get in",
        new IntentScore("password_forgot", 0.45),
        new IntentScore("vpn_cannot_connect", 0.40));
    say("cannot get in");

    BotTurn neither = say("neither");

    assertThat(neither.outcome()).isEqualTo(Outcome.HANDOFF);
    assertThat(queue.request(neither.ticket().id()).reason())
        .isEqualTo(HandoffReason.LOW_CONFIDENCE);
  }

  @Test
  void handsUrgentSecurityIncidentsOffAtOnceWithFirstAid() {
    BotTurn turn = say("I clicked a link in a weird email");

    assertThat(turn.outcome()).isEqualTo(Outcome.HANDOFF);
    assertThat(queue.request(turn.ticket().id()).reason()).isEqualTo(HandoffReason.URGENT_CATEGORY);
    assertThat(turn.replies()).anyMatch(BotReply.Article.class::isInstance);
  }

  @Test
  void handsOffWhenTheUserIsFrustrated() {
    BotTurn turn = say("THIS STUPID PRINTER NEVER WORKS");

    assertThat(turn.outcome()).isEqualTo(Outcome.HANDOFF);
    assertThat(queue.request(turn.ticket().id()).reason()).isEqualTo(HandoffReason.FRUSTRATION);
  }

  @Test
  void handsOffWhenTheSameIntentComesBackThreeTimes() {
    say("vpn down");
    say("vpn still down");
    BotTurn third = say("the vpn is down again");

    assertThat(third.outcome()).isEqualTo(Outcome.HANDOFF);
    assertThat(queue.request(third.ticket().id()).reason())
        .isEqualTo(HandoffReason.REPEATED_FAILURE);
  }

  @Test
  void tellsTheUserToRetryWhenTheQueueIsUnreachableAndKeepsTheConversationWithTheBot() {
    engine =
        engine(
            new HandoffQueue() {
              @Override
              public TicketRef submit(HandoffRequest request) {
                throw new StoreUnavailableException("down", null);
              }

              @Override
              public void userMessage(String ticketId, TranscriptEntry entry) {}
            });

    BotTurn turn = say("talk to a human");

    assertThat(turn.outcome()).isEqualTo(Outcome.DECLINED);
    assertThat(turn.state()).isEqualTo(ConversationState.BOT);
    assertThat(((BotReply.Text) turn.replies().get(0)).text()).contains("not queued", "again");
    BotTurn retry = engine(queue).handle(new InboundMessage(id, "talk to a human", null));
    assertThat(retry.outcome()).isEqualTo(Outcome.HANDOFF);
  }

  @Test
  void returnsTheSameTurnForARetriedClientMessageId() {
    BotTurn first = engine.handle(new InboundMessage(id, "talk to a human", "c-1"));
    BotTurn retry = engine.handle(new InboundMessage(id, "talk to a human", "c-1"));

    assertThat(retry).isEqualTo(first);
    assertThat(queue.size()).isEqualTo(1);
    assertThat(engine.find(id).orElseThrow().getTranscript()).hasSize(2);
  }

  @Test
  void redactsSecretsBeforeTheyReachTheTranscript() {
    say("my password is Winter2026! and the code 482913");

    String stored = engine.find(id).orElseThrow().getTranscript().get(0).text();
    assertThat(stored).doesNotContain("Winter2026", "482913");
  }

  @Test
  void refusesEmptyAndOversizedTextWithoutTouchingTheConversation() {
    assertThatThrownBy(() -> say(" \u0000\u0007 "))
        .isInstanceOf(InvalidMessageException.class)
        .extracting(e -> ((InvalidMessageException) e).code())
        .isEqualTo("empty_text");
    assertThatThrownBy(() -> say("x".repeat(5000)))
        .isInstanceOf(InvalidMessageException.class)
        .matches(e -> ((InvalidMessageException) e).tooLarge());
    assertThat(engine.find(id).orElseThrow().getTranscript()).isEmpty();
  }

  @Test
  void refusesUnknownConversations() {
    assertThatThrownBy(() -> engine.handle(new InboundMessage("nope", "hi", null)))
        .isInstanceOf(ConversationNotFoundException.class);
  }

  @Test
  void asksForARatingAfterResolutionAndRecordsIt() {
    Conversation c = engine.find(id).orElseThrow();
    c.setState(ConversationState.RESOLVED);
    c.setPending(Conversation.Pending.CSAT);
    store.save(c);

    BotTurn turn = say("5");

    assertThat(turn.outcome()).isEqualTo(Outcome.SMALLTALK);
    assertThat(engine.find(id).orElseThrow().getCsat()).isEqualTo(5);
  }

  @Test
  void opensANewTopicWhenAResolvedConversationGetsANewMessage() {
    say("I forgot my password");
    say("yes");

    BotTurn turn = say("my vpn is broken");

    assertThat(turn.state()).isEqualTo(ConversationState.BOT);
    assertThat(turn.outcome()).isEqualTo(Outcome.ANSWERED);
  }

  @Test
  void saysTheDeskWorksInEnglishForOtherLanguages() {
    nlu.language = "deu";

    BotTurn turn = say("Mein Passwort funktioniert nicht mehr");

    assertThat(turn.outcome()).isEqualTo(Outcome.DECLINED);
    assertThat(((BotReply.Text) turn.replies().get(0)).text()).contains("English");
  }
}

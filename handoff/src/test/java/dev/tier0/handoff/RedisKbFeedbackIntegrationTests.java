package dev.tier0.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tier0.bot.spi.ConversationStore.StoreUnavailableException;
import org.junit.jupiter.api.Test;

class RedisKbFeedbackIntegrationTests extends RedisIntegrationTestSupport {

  @Test
  void countsHelpfulAndNotHelpfulPerArticleAndPerQuestion() {
    RedisKbFeedback feedback = new RedisKbFeedback(client);

    feedback.record("VPN won't connect", "KB-015", true);
    feedback.record("vpn  WON'T connect ", "KB-015", false);
    feedback.record("vpn keeps dropping", "KB-018", false);

    assertThat(feedback.articleCounts())
        .containsEntry("KB-015", new RedisKbFeedback.Counts(1, 1))
        .containsEntry("KB-018", new RedisKbFeedback.Counts(0, 1));
    // The same words in another case or spacing are the same question.
    assertThat(client.sync().hgetall(RedisKbFeedback.QUERY + "vpn won't connect"))
        .containsEntry("KB-015:yes", "1")
        .containsEntry("KB-015:no", "1");
    assertThat(feedback.topUnhelpful(10))
        .extracting(RedisKbFeedback.Gap::query)
        .containsExactlyInAnyOrder("vpn won't connect", "vpn keeps dropping");
  }

  @Test
  void theGapReportListsTheMostFrequentUnansweredQuestionsFirst() {
    RedisKbFeedback feedback = new RedisKbFeedback(client);

    feedback.recordGap("How do I book a desk?");
    feedback.recordGap("the plotter prints stripes");
    feedback.recordGap("how do i book a desk?");
    feedback.recordGap("HOW DO I  BOOK A DESK?");
    feedback.recordGap("the plotter prints stripes");
    feedback.recordGap("   ");

    assertThat(feedback.topGaps(10))
        .containsExactly(
            new RedisKbFeedback.Gap("how do i book a desk?", 3),
            new RedisKbFeedback.Gap("the plotter prints stripes", 2));
    assertThat(feedback.topGaps(1)).hasSize(1);
  }

  @Test
  void keepsNoSecretInTheReport() {
    RedisKbFeedback feedback = new RedisKbFeedback(client);

    feedback.recordGap("my password is hunter22 and it still fails");
    feedback.record("password=Winter2026! does not work", "KB-001", false);

    assertThat(feedback.topGaps(10).get(0).query())
        .doesNotContain("hunter22")
        .contains("it still fails");
    assertThat(feedback.topUnhelpful(10).get(0).query()).doesNotContainIgnoringCase("winter2026");
    assertThat(client.sync().keys("*").toString())
        .doesNotContainIgnoringCase("hunter22")
        .doesNotContainIgnoringCase("winter2026");
  }

  @Test
  void failsClearlyWhenRedisIsDown() {
    RedisKbFeedback feedback = new RedisKbFeedback(client);
    server.stop();
    try {
      assertThatThrownBy(() -> feedback.recordGap("printer jammed"))
          .isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> feedback.topGaps(5)).isInstanceOf(StoreUnavailableException.class);
    } finally {
      server.restart();
    }
  }
}

package dev.tier0.connector.teams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.bot.BotReply;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TeamsRendererTests {

  private final TeamsRenderer renderer = new TeamsRenderer();

  @Test
  void escapesHtmlAndMarkdownInText() {
    assertThat(TeamsRenderer.escape("<at>Ada</at> **hi** [x](http://e) `c` _i_ ~s~ # h"))
        .isEqualTo(
            "&lt;at&gt;Ada&lt;/at&gt; \\*\\*hi\\*\\* \\[x\\]\\(http://e\\) \\`c\\` \\_i\\_ \\~s\\~ \\#"
                + " h");
  }

  @Test
  void escapesListMarkersOnlyAtTheStartOfALine() {
    assertThat(TeamsRenderer.escape("- a\n1. b\nx-y 2.5")).isEqualTo("\\- a\n1\\. b\nx-y 2.5");
  }

  @Test
  void keepsPlainSentencesReadable() {
    assertThat(TeamsRenderer.escape("Hi Ada! I'm the IT help desk bot, \"really\"."))
        .isEqualTo("Hi Ada! I'm the IT help desk bot, \"really\".");
  }

  @Test
  void rendersChoicesAsSubmitButtonsCarryingTheValue() {
    TeamsRenderer.Rendered r =
        renderer.render(
            new BotReply.Choices(
                "Did that fix it?",
                List.of(new BotReply.Choice("Yes", "yes"), new BotReply.Choice("No", "no"))));
    assertThat(r.text()).isNull();
    Activity.Attachment card = r.attachments().get(0);
    assertThat(card.contentType()).isEqualTo(TeamsRenderer.ADAPTIVE_CARD);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> actions =
        (List<Map<String, Object>>) ((Map<String, Object>) card.content()).get("actions");
    assertThat(actions)
        .extracting(a -> a.get("data"))
        .containsExactly(
            Map.of(TeamsRenderer.CHOICE_KEY, "yes"), Map.of(TeamsRenderer.CHOICE_KEY, "no"));
  }

  @Test
  void linksAnArticleOnlyToAWebAddress() {
    TeamsRenderer.Rendered r =
        renderer.render(new BotReply.Article("KB-1", "T", "S", "javascript:alert(1)"));
    assertThat(((Map<?, ?>) r.attachments().get(0).content()).containsKey("actions")).isFalse();
  }

  @Test
  void neverThrowsOnHostileText() {
    long seed = Long.getLong("tests.seed", System.nanoTime());
    System.err.println(
        "TeamsRendererTests seed: " + seed + " (replay with -Dtests.seed=" + seed + ")");
    Random random = new Random(seed);
    for (int i = 0; i < 500; i++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(i == 0 ? 100_000 : 200);
      for (int j = 0; j < length; j++) {
        sb.append((char) random.nextInt(Character.MAX_VALUE + 1));
      }
      String text = sb.toString();
      String escaped = TeamsRenderer.escape(text);
      assertThat(escaped).doesNotContain("<").doesNotContain("\u0000");
      renderer.render(
          List.of(
              new BotReply.Text(text),
              new BotReply.Article(text, text, text, text),
              new BotReply.Choices(text, List.of(new BotReply.Choice(text, text))),
              new BotReply.HandoffNotice(text, text, text)));
    }
  }
}

package dev.tier0.connector.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.util.json.GsonFactory;
import dev.tier0.bot.BotReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockKitRendererTests {
  private final BlockKitRenderer renderer = new BlockKitRenderer();

  @Test
  void escapesUserTextSoItNeverBecomesALinkOrMention() {
    BlockKitRenderer.Message m =
        renderer.render(List.of(new BotReply.Text("<!here> <@U123> <http://evil|click> a & b")));
    SectionBlock section = (SectionBlock) m.blocks().get(0);
    assertThat(section.getText().getText())
        .isEqualTo("&lt;!here&gt; &lt;@U123&gt; &lt;http://evil|click&gt; a &amp; b");
    assertThat(
            ((com.slack.api.model.block.composition.MarkdownTextObject) section.getText())
                .getVerbatim())
        .isTrue();
    assertThat(m.text()).doesNotContain("<").doesNotContain(">");
  }

  @Test
  void rendersAnArticleAsATitleLinkWithItsSnippet() {
    BlockKitRenderer.Message m =
        renderer.render(
            List.of(
                new BotReply.Article(
                    "KB-1", "VPN <setup>", "Step 1 & 2", "https://kb.example.com/a?x=1&y=2")));
    String json = GsonFactory.createSnakeCase().toJson(m.blocks());
    assertThat(((SectionBlock) m.blocks().get(0)).getText().getText())
        .isEqualTo("*<https://kb.example.com/a?x=1&amp;y=2|VPN &lt;setup&gt;>*\nStep 1 &amp; 2");
    assertThat(json).contains("KB-1");
  }

  @Test
  void dropsALinkThatIsNotAPlainWebAddress() {
    BlockKitRenderer.Message m =
        renderer.render(
            List.of(new BotReply.Article("KB-1", "T", "s", "javascript:alert(1)|<@U1>")));
    assertThat(((SectionBlock) m.blocks().get(0)).getText().getText()).isEqualTo("*T*\ns");
  }

  @Test
  void rendersChoicesAsButtonsWhoseValueIsTheTextSentBack() {
    BlockKitRenderer.Message m =
        renderer.render(
            List.of(
                new BotReply.Choices(
                    "Did that help?",
                    List.of(
                        new BotReply.Choice("Yes", "yes"),
                        new BotReply.Choice("No, still broken", "no")))));
    ActionsBlock actions = (ActionsBlock) m.blocks().get(1);
    ButtonElement second = (ButtonElement) actions.getElements().get(1);
    assertThat(second.getActionId()).isEqualTo("hd_choice:1:no");
    assertThat(second.getValue()).isEqualTo("no");
    assertThat(second.getText().getText()).isEqualTo("No, still broken");
  }

  @Test
  void keepsWithinSlackLimits() {
    List<BotReply.Choice> many = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add(new BotReply.Choice("x".repeat(200), "v".repeat(3000)));
    }
    List<BotReply> replies = new ArrayList<>();
    replies.add(new BotReply.Choices("pick", many));
    replies.add(new BotReply.Text("y".repeat(100_000)));
    BlockKitRenderer.Message m = renderer.render(replies);
    assertThat(m.blocks()).hasSizeLessThanOrEqualTo(50);
    ActionsBlock actions = (ActionsBlock) m.blocks().get(1);
    assertThat(actions.getElements()).hasSize(25);
    ButtonElement b = (ButtonElement) actions.getElements().get(0);
    assertThat(b.getText().getText()).hasSizeLessThanOrEqualTo(75);
    assertThat(b.getValue()).hasSizeLessThanOrEqualTo(2000);
    assertThat(b.getActionId()).hasSizeLessThanOrEqualTo(255);
    for (LayoutBlock block : m.blocks()) {
      if (block instanceof SectionBlock s) {
        assertThat(s.getText().getText()).hasSizeLessThanOrEqualTo(3000);
      }
    }
    assertThat(m.text()).hasSizeLessThanOrEqualTo(3000);
  }

  @Test
  void showsAHandoffNoticeWithItsTicket() {
    BlockKitRenderer.Message m =
        renderer.render(List.of(new BotReply.HandoffNotice("A person will help.", "INC-1", "P2")));
    String json = GsonFactory.createSnakeCase().toJson(m.blocks());
    assertThat(json).contains("A person will help.").contains("Ticket *INC-1*").contains("*P2*");
  }

  @Test
  void neverThrowsOnGarbage() {
    long seed = new Random().nextLong();
    System.out.println("BlockKitRendererTests seed: " + seed);
    Random random = new Random(seed);
    for (int i = 0; i < 300; i++) {
      String s = SlackTextTests.garbage(random);
      assertThatCode(
              () -> {
                renderer.render(
                    List.of(
                        new BotReply.Text(s),
                        new BotReply.Article(s, s, s, s),
                        new BotReply.Choices(s, List.of(new BotReply.Choice(s, s))),
                        new BotReply.HandoffNotice(s, s, s)));
                renderer.picked(null, s, null);
                renderer.relayed(s, s);
                renderer.ticket(new TicketSummary(s, s, s, s, s, s, s, s), null);
              })
          .as("seed %d", seed)
          .doesNotThrowAnyException();
    }
  }
}

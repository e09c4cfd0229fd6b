package dev.tier0.connector.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SlackTextTests {

  @Test
  void turnsSlackMarkupIntoPlainText() {
    assertThat(
            SlackText.toPlain(
                "<@UBOT> my <@U2|grace> &amp; <#C1|general> &lt;b&gt; <https://x.org|site> <!here>",
                "UBOT"))
        .isEqualTo("my @grace & #general <b> site (https://x.org) @here");
  }

  @Test
  void escapesOnlyWhatSlackParses() {
    assertThat(SlackText.escape("*bold* <@U1> & \u0007bell"))
        .isEqualTo("*bold* &lt;@U1&gt; &amp; bell");
  }

  @Test
  void splitsLongTextWithoutBreakingAnEntity() {
    String text = "a".repeat(2998) + "&amp;" + "b".repeat(10);
    assertThat(SlackText.chunks(text, 3000)).first().asString().hasSize(2998);
  }

  @Test
  void neverThrowsOnGarbage() {
    long seed = new Random().nextLong();
    System.out.println("SlackTextTests seed: " + seed);
    Random random = new Random(seed);
    for (int i = 0; i < 1000; i++) {
      String s = garbage(random);
      assertThatCode(
              () -> {
                SlackText.toPlain(s, "UBOT");
                SlackText.escape(s);
                SlackText.plain(s, 75);
                SlackText.chunks(SlackText.escape(s), 3000);
              })
          .as("seed %d", seed)
          .doesNotThrowAnyException();
    }
    assertThat(SlackText.toPlain(null, null)).isEmpty();
    assertThat(SlackText.toPlain("x".repeat(100_000), null)).hasSize(100_000);
  }

  /** Hostile text: control characters, emoji, RTL, markup, lone surrogates, sometimes 100 kB. */
  static String garbage(Random random) {
    String[] pieces = {
      "<",
      ">",
      "&",
      "&amp;",
      "<@U1>",
      "<!channel>",
      "<http://x|y>",
      "|",
      "\u0000",
      "\u202e",
      "\ud83d\ude00",
      "\ud83d",
      "مرحبا",
      "שלום",
      "\n",
      "\t",
      "*",
      "_",
      "~",
      "`",
      "&lt;",
      " ",
      "a"
    };
    int length = random.nextInt(20) == 0 ? 100_000 : random.nextInt(60);
    StringBuilder sb = new StringBuilder();
    while (sb.length() < length) {
      if (random.nextBoolean()) {
        sb.append(pieces[random.nextInt(pieces.length)]);
      } else {
        sb.append((char) random.nextInt(0x10000));
      }
    }
    return sb.toString();
  }
}

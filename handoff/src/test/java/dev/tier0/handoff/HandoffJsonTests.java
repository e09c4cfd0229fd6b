package dev.tier0.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HandoffJsonTests {

  @Test
  void replacesUnpairedSurrogatesAndKeepsPairs() {
    assertThat(HandoffJson.wellFormed("plain")).isSameAs("plain");
    assertThat(HandoffJson.wellFormed("😀")).isEqualTo("😀");
    assertThat(HandoffJson.wellFormed("a\uD800ψ")).isEqualTo("a\uFFFDψ");
    assertThat(HandoffJson.wellFormed("\uDC00\uD800")).isEqualTo("\uFFFD\uFFFD");
    assertThat(HandoffJson.wellFormed("x\uD800")).isEqualTo("x\uFFFD");
  }
}

package dev.tier0.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTests {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "my password is hunter22|hunter22",
        "new pwd: S3cret!x|S3cret!x",
        "password=Winter2026!|Winter2026!",
        "the code is 482913|482913",
        "verification code: 123 456|123 456",
        "482913|482913",
        "card 4111 1111 1111 1111 please|4111 1111 1111 1111",
        "key AKIAIOSFODNN7EXAMPLE leaked|AKIAIOSFODNN7EXAMPLE",
        "token ghp_abcdefghijklmnopqrstuvwxyz0123456789|ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "api_key=abcd1234efgh5678ijkl|abcd1234efgh5678ijkl",
        "xoxb-123456789012-abcdefghijkl|xoxb-123456789012-abcdefghijkl"
      })
  void removesTheSecret(String text, String secret) {
    assertThat(Redactor.redact(text)).doesNotContain(secret).contains("[REDACTED");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "I forgot my password",
        "my password expired yesterday",
        "password reset is not working",
        "vpn error 809 since this morning",
        "error 0x80070005 when updating",
        "call me on extension 4412"
      })
  void leavesOrdinaryTextAlone(String text) {
    assertThat(Redactor.redact(text)).isEqualTo(text);
  }

  @Test
  void neverThrowsOnHostileText() {
    long seed = Long.getLong("tests.seed", System.nanoTime());
    Random random = new Random(seed);
    for (int i = 0; i < 500; i++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(i == 0 ? 100_000 : 300);
      for (int j = 0; j < len; j++) {
        sb.appendCodePoint(random.nextInt(0x10FFFF + 1) & (random.nextBoolean() ? 0x7F : 0xFFFF));
      }
      String text = sb.toString();
      assertThat(Redactor.redact(text)).as("seed %d", seed).isNotNull();
    }
  }
}

package dev.tier0.connector.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SlackSocketModeTests {

  @Test
  void readsTheEnvelopeIdOfAnEnvelope() {
    assertThat(
            SlackSocketMode.envelopeId(
                "{\"envelope_id\":\"57d6a792-4d35-4d0b-b6aa-3361493e1caf\",\"type\":\"events_api\","
                    + "\"payload\":{},\"accepts_response_payload\":false}"))
        .isEqualTo("57d6a792-4d35-4d0b-b6aa-3361493e1caf");
  }

  @Test
  void findsNoEnvelopeIdInOtherMessages() {
    assertThat(SlackSocketMode.envelopeId("{\"type\":\"hello\",\"num_connections\":1}")).isNull();
    assertThat(SlackSocketMode.envelopeId("{\"envelope_id\":42}")).isNull();
    assertThat(SlackSocketMode.envelopeId("{\"envelope_id\":{\"a\":1}}")).isNull();
    assertThat(SlackSocketMode.envelopeId("{\"envelope_id\":\"\"}")).isNull();
    assertThat(SlackSocketMode.envelopeId("{\"envelope_id\":\"" + "x".repeat(201) + "\"}"))
        .isNull();
    assertThat(SlackSocketMode.envelopeId("[\"envelope_id\"]")).isNull();
    assertThat(SlackSocketMode.envelopeId("")).isNull();
  }

  @Test
  void neverThrowsOnGarbage() {
    long seed = 20261123L;
    System.out.println("SlackSocketModeTests seed: " + seed);
    Random random = new Random(seed);
    assertThatCode(
            () -> {
              for (int i = 0; i < 2_000; i++) {
                StringBuilder sb = new StringBuilder();
                int length = random.nextInt(i % 100 == 0 ? 100_000 : 200);
                for (int j = 0; j < length; j++) {
                  sb.append((char) random.nextInt(i % 2 == 0 ? 128 : 0x10000));
                }
                SlackSocketMode.envelopeId(sb.toString());
                SlackSocketMode.envelopeId("{\"envelope_id\":\"" + sb + "\"}");
              }
              SlackSocketMode.envelopeId("[".repeat(100_000));
              SlackSocketMode.envelopeId("{\"envelope_id\":".repeat(50_000));
              SlackSocketMode.envelopeId("\u0000\uD83D\uDE00\u202E{\"envelope_id\":\"x\"");
            })
        .doesNotThrowAnyException();
  }
}

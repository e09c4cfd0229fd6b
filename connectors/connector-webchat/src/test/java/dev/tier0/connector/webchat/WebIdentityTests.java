package dev.tier0.connector.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class WebIdentityTests {

  static WebChatProperties properties(String secret) {
    return new WebChatProperties(65536, null, null, 3, null, null, List.of(), secret, null, null);
  }

  static final DemoUsers DEMO =
      new DemoUsers(List.of(new DemoUsers.User("ada", "ada@example.com", "Ada")));

  @Test
  void withoutASecretOrDemoUsersTokensAreIgnoredAndTheLogSaysSoOnce(CapturedOutput output) {
    WebIdentity identity = WebIdentity.create(properties(null), null, Clock.systemUTC());

    assertThat(identity.verifying()).isFalse();
    assertThat(identity.verify("anything.at.all")).isEmpty();
    assertThat(identity.demo()).isEmpty();
    assertThat(output.getAll().split("identity verification is off", -1)).hasSize(2);
  }

  @Test
  void withDemoUsersAndNoSecretTheDemoSignInMintsTokensItAccepts() {
    WebIdentity identity = WebIdentity.create(properties(" "), DEMO, Clock.systemUTC());

    String token = identity.mintDemo(DEMO.users().get(0));

    assertThat(identity.demo()).isPresent();
    assertThat(identity.verify(token))
        .get()
        .extracting(v -> v.email())
        .isEqualTo("ada@example.com");
  }

  @Test
  void aConfiguredSecretWinsOverTheDemoSignIn(CapturedOutput output) {
    String secret = "a-configured-secret-of-32-bytes-or-more";
    WebIdentity identity = WebIdentity.create(properties(secret), DEMO, Clock.systemUTC());

    assertThat(identity.verifying()).isTrue();
    assertThat(identity.demo()).isEmpty();
    assertThat(output.getAll()).doesNotContain(secret);
    assertThat(properties(secret).toString()).doesNotContain(secret);
  }

  @Test
  void refusesToStartWithAShortSecret() {
    assertThatThrownBy(() -> WebIdentity.create(properties("short"), null, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes");
  }

  @Test
  void aRefusedTokenIsAnUnauthorizedApiError() {
    WebIdentity identity = WebIdentity.create(properties(null), DEMO, Clock.systemUTC());

    assertThatThrownBy(() -> identity.verify("x.y.z"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status().value()).isEqualTo(401);
              assertThat(e.code()).isEqualTo("invalid_identity_token");
            });
  }
}

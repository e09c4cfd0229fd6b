package dev.tier0.connector.teams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class TeamsConfigurationTests {

  private static TeamsProperties properties(String appId, String tokenUrl) {
    return new TeamsProperties(
        appId,
        null,
        null,
        "https://login.botframework.com/v1/.well-known/openidconfiguration",
        tokenUrl,
        "https://api.botframework.com/.default",
        262144,
        Duration.ofMinutes(5),
        Duration.ofHours(24),
        Duration.ofMinutes(1),
        4,
        Duration.ofSeconds(30),
        Duration.ofHours(1),
        8);
  }

  @Test
  void isOffWithoutAnAppId() {
    TeamsProperties resolved =
        TeamsConfiguration.resolve(properties(null, null), new MockEnvironment());
    assertThat(resolved.enabled()).isFalse();
  }

  @Test
  void readsTheStandardBotFrameworkVariables() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("MICROSOFT_APP_ID", "app")
            .withProperty("MICROSOFT_APP_PASSWORD", "secret")
            .withProperty("MICROSOFT_APP_TENANT_ID", "contoso.onmicrosoft.com");
    TeamsProperties resolved = TeamsConfiguration.resolve(properties(null, null), env);
    assertThat(resolved.enabled()).isTrue();
    assertThat(resolved.appPassword()).isEqualTo("secret");
    assertThat(resolved.effectiveTokenUrl())
        .isEqualTo("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
  }

  @Test
  void usesTheBotFrameworkTenantForAMultiTenantBot() {
    TeamsProperties resolved =
        TeamsConfiguration.resolve(properties("app", null), new MockEnvironment());
    assertThat(resolved.effectiveTokenUrl())
        .isEqualTo("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token");
  }

  @Test
  void letsItsOwnSettingsWin() {
    MockEnvironment env = new MockEnvironment().withProperty("MICROSOFT_APP_ID", "from-env");
    TeamsProperties resolved =
        TeamsConfiguration.resolve(properties("own", "http://127.0.0.1:1/token"), env);
    assertThat(resolved.appId()).isEqualTo("own");
    assertThat(resolved.effectiveTokenUrl()).isEqualTo("http://127.0.0.1:1/token");
  }
}

package dev.tier0.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tier0.bot.spi.DirectoryUnavailableException;
import dev.tier0.bot.spi.IdentityDirectory.DirectoryUser;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LdapIdentityDirectoryIntegrationTests {

  EmbeddedDirectory server;
  LdapIdentityDirectory directory;

  @BeforeEach
  void setUp() {
    server = EmbeddedDirectory.startDemo();
    directory = server.directory(Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void findsDemoUsersByEmailAndByUserId() {
    assertThat(directory.findByEmail("ADA@example.com"))
        .contains(
            new DirectoryUser("ada", "Ada Lovelace", "ada@example.com", "+44 7700 900001", true));
    assertThat(directory.findByUserId("grace")).map(DirectoryUser::locked).contains(false);
    assertThat(directory.findByUserId("edsger").orElseThrow().email()).isNull();
  }

  @Test
  void listsTheDemoUsersForTheDemoSignIn() {
    assertThat(server.users())
        .extracting(DirectoryUser::userId)
        .containsExactly("ada", "alan", "edsger", "grace");
    assertThat(server.users().get(0))
        .isEqualTo(
            new DirectoryUser("ada", "Ada Lovelace", "ada@example.com", "+44 7700 900001", true));
  }

  @Test
  void unknownUsersAndHostileFilterTextFindNothing() {
    assertThat(directory.findByEmail("nobody@example.com")).isEmpty();
    assertThat(directory.findByEmail("*")).isEmpty();
    assertThat(directory.findByUserId("ada)(uid=*")).isEmpty();
    assertThat(directory.findByUserId("\u0000\uD83D\uDE00")).isEmpty();
    assertThat(directory.findByEmail(null)).isEmpty();
    assertThatThrownBy(() -> directory.unlock("nobody"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unlocksSetsATemporaryPasswordAndRecordsMfaReEnrolment() throws Exception {
    directory.unlock("ada");
    directory.unlock("ada");
    directory.setTemporaryPassword("ada", "Temp-Pass-1234");
    directory.recordMfaReenrolment("ada");

    assertThat(directory.findByUserId("ada")).map(DirectoryUser::locked).contains(false);
    var entry = server.server().getEntry("uid=ada,ou=people,dc=example,dc=com");
    assertThat(entry.getAttributeValue("userPassword")).isEqualTo("Temp-Pass-1234");
    assertThat(entry.getAttributeValue("pwdReset")).isEqualTo("TRUE");
    assertThat(entry.getAttributeValue("mfaReenrolRequired")).isEqualTo("TRUE");
    assertThat(entry.getAttributeValue("mfaReenrolledAt")).endsWith("Z");
  }

  @Test
  void aServerThatIsDownIsReportedAsUnavailableWithoutTheSecret() {
    server.stop();

    assertThatThrownBy(() -> directory.findByEmail("ada@example.com"))
        .isInstanceOf(DirectoryUnavailableException.class);
    assertThatThrownBy(() -> directory.setTemporaryPassword("ada", "Temp-Pass-1234"))
        .isInstanceOf(DirectoryUnavailableException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Temp-Pass-1234"));
  }

  @Test
  void connectsToADirectoryByUrl() {
    try (EmbeddedDirectory server = EmbeddedDirectory.startDemo()) {
      LdapIdentityDirectory directory =
          LdapIdentityDirectory.connect(
              "ldap://127.0.0.1:" + server.port(),
              null,
              null,
              EmbeddedDirectory.PEOPLE_DN,
              java.time.Clock.systemUTC());

      org.assertj.core.api.Assertions.assertThat(directory.findByEmail("ada@example.com"))
          .isPresent();
    }
  }

  @Test
  void refusesAnUnreachableDirectoryWithAClearMessageWithoutThePassword() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            LdapIdentityDirectory.connect(
                "ldap://127.0.0.1:1",
                "cn=svc,dc=example,dc=com",
                "sup3rsecret",
                EmbeddedDirectory.PEOPLE_DN,
                java.time.Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ldap://127.0.0.1:1")
        .message()
        .doesNotContain("sup3rsecret");
  }
}

package dev.tier0.bot.internal.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.bot.Entity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntityExtractorTests {

  private final EntityExtractor extractor = new EntityExtractor();

  @ParameterizedTest
  @CsvSource({
    "MS Outlook keeps crashing, application, Outlook, MS Outlook",
    "teams video is frozen, application, Microsoft Teams, teams",
    "laptop on win 11 is slow, os, Windows 11, win 11",
    "my MacBook wont boot, os, macOS, MacBook",
    "global protect says portal unreachable, vpn_client, GlobalProtect, global protect",
    "Cisco AnyConnect login fails, vpn_client, Cisco AnyConnect, Cisco AnyConnect",
    "second monitor is black, device, monitor, monitor",
    "my wifi is broken, network, Wi-Fi, wifi",
    "Wi-Fi drops in room 4, network, Wi-Fi, Wi-Fi",
    "no internet since lunch, network, internet, internet",
    "vpn keeps dropping, network, VPN, vpn",
    "update failed with 0x80070005, error_code, 0x80070005, 0x80070005",
    "vpn error 809, error_code, 809, error 809",
    "sign-in says AADSTS50076, error_code, AADSTS50076, AADSTS50076",
    "the whole office is offline, urgency, high, whole office",
    "printer down and everyone is waiting, urgency, high, everyone",
    "I can't work without it, urgency, high, can't work",
    "need it asap, urgency, high, asap",
    "all of us lost mail, urgency, high, all of us"
  })
  void recognisesEntities(String text, String type, String value, String typed) {
    assertThat(extractor.extract(text)).contains(new Entity(type, value, typed));
  }

  @Test
  void findsNothingInPlainChatter() {
    assertThat(extractor.extract("hello, how are you today?")).isEmpty();
    assertThat(extractor.extract("")).isEmpty();
    assertThat(extractor.extract(null)).isEmpty();
  }

  @Test
  void doesNotMatchInsideOtherWords() {
    assertThat(extractor.extract("the sapling and the zoomorphic docket"))
        .extracting(Entity::value)
        .doesNotContain("SAP", "Zoom", "docking station");
  }

  @Test
  void reportsEachEntityOnce() {
    assertThat(extractor.extract("outlook outlook OUTLOOK"))
        .filteredOn(e -> e.type().equals("application"))
        .hasSize(1);
  }
}

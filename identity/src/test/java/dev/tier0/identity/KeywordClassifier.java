package dev.tier0.identity;

import dev.tier0.bot.Entity;
import dev.tier0.bot.IntentScore;
import dev.tier0.bot.NluResult;
import dev.tier0.bot.spi.IntentClassifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Keyword rules instead of the model, so flow tests do not depend on training. */
final class KeywordClassifier implements IntentClassifier {

  private record Rule(String keyword, String intent, String category) {}

  private final List<Rule> rules = new ArrayList<>();
  private final Map<String, Entity> entities = new LinkedHashMap<>();

  KeywordClassifier() {
    rule("forgot my password", "password_forgot", "account.password");
    rule("password expired", "password_expired", "account.password");
    rule("locked out", "account_locked", "account.lockout");
    rule("new phone", "mfa_new_phone", "account.mfa");
    rule("mfa codes", "mfa_codes_not_arriving", "account.mfa");
    rule("vpn", "vpn_cannot_connect", "network.vpn");
    rule("wifi", "wifi_cannot_connect", "network.wifi");
    rule("printer is offline", "printer_offline", "printer");
    rule("print queue", "print_queue_stuck", "printer");
    rule("mailbox is full", "mailbox_full", "email");
    rule("install", "software_request", "software.install");
    entities.put("globalprotect", new Entity("vpn_client", "GlobalProtect", "globalprotect"));
    entities.put("zoom", new Entity("application", "Zoom", "zoom"));
  }

  private void rule(String keyword, String intent, String category) {
    rules.add(new Rule(keyword, intent, category));
  }

  @Override
  public NluResult parse(String text) {
    String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
    List<Entity> found = new ArrayList<>();
    entities.forEach((k, e) -> {
      if (t.contains(k)) {
        found.add(e);
      }
    });
    for (Rule r : rules) {
      if (t.contains(r.keyword())) {
        return new NluResult(
            r.intent(),
            r.category(),
            0.92,
            List.of(new IntentScore(r.intent(), 0.92)),
            found,
            "eng");
      }
    }
    return new NluResult(
        "out_of_scope",
        "out_of_scope",
        0.9,
        List.of(new IntentScore("out_of_scope", 0.9)),
        found,
        "eng");
  }

  @Override
  public Optional<IntentInfo> describe(String intent) {
    return rules.stream()
        .filter(r -> r.intent().equals(intent))
        .findFirst()
        .map(r -> new IntentInfo(intent, r.category(), intent.replace('_', ' ')));
  }
}

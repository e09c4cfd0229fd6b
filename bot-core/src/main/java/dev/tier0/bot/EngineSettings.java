package dev.tier0.bot;

import java.util.Set;

/**
 * The dialogue policy's knobs.
 *
 * @param maxTextLength longest message accepted, in characters
 * @param confident at or above this confidence the bot acts on the intent
 * @param clarifyMargin below this gap between the two best intents, the bot asks which one
 * @param clarifyFloor the second intent must reach this confidence to be offered as a choice
 * @param kbFallbackFloor an unsure IT guess at or above this confidence still tries the KB directly
 * @param maxNotHelpful "didn't help" this many times hands the conversation off
 * @param sameIntentLimit the same intent this many times in a row hands the conversation off
 * @param urgentIntents intents handed to a person at once (security incidents, outages)
 */
public record EngineSettings(
    int maxTextLength,
    double confident,
    double clarifyMargin,
    double clarifyFloor,
    double kbFallbackFloor,
    int maxNotHelpful,
    int sameIntentLimit,
    Set<String> urgentIntents) {

  public EngineSettings {
    urgentIntents = Set.copyOf(urgentIntents);
  }

  /** Defaults that suit the shipped model. */
  public static EngineSettings defaults() {
    return new EngineSettings(
        4000,
        0.55,
        0.15,
        0.2,
        0.2,
        2,
        3,
        Set.of("clicked_phishing_link", "lost_device", "malware", "service_outage"));
  }
}

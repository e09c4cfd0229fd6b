package dev.tier0.bot.internal.flow;

import java.util.List;
import java.util.Map;

/**
 * The actions a flow may call and the outcomes each can end with. The first outcome is the success
 * that a step's {@code next} stands for when its {@code on} map does not name it.
 */
public final class FlowActions {

  /** Action name to its outcomes, success first. */
  public static final Map<String, List<String>> OUTCOMES =
      Map.of(
          "identify", List.of("ok", "unverified", "unknown_user", "unavailable"),
          "send_otp",
              List.of("sent", "not_identified", "no_contact", "rate_limited", "unavailable"),
          "verify_otp", List.of("ok", "wrong", "replayed", "expired", "failed", "no_code"),
          "reset_password", List.of("ok", "cooldown", "not_verified", "unavailable"),
          "unlock_account", List.of("ok", "not_locked", "not_verified", "unavailable"),
          "reenrol_mfa", List.of("ok", "not_verified", "unavailable"),
          "software_catalogue_lookup", List.of("found", "not_found"));

  private FlowActions() {}

  /** The success outcome of an action. */
  static String success(String action) {
    return OUTCOMES.get(action).get(0);
  }
}

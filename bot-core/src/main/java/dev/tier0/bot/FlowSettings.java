package dev.tier0.bot;

import java.time.Duration;

/**
 * The guided flows' and identity verification's knobs.
 *
 * @param flowTimeout a flow untouched this long is abandoned; the next message starts fresh
 * @param codeValidity how long a one-time code works
 * @param maxCodeAttempts wrong codes allowed before the flow stops and hands off
 * @param maxCodesPerHour codes sent to one user in an hour, over all conversations
 * @param resetCooldown after a self-service password reset, how long before the next one
 * @param maxStepsPerTurn steps one message may run before the flow is judged broken (cycles)
 */
public record FlowSettings(
    Duration flowTimeout,
    Duration codeValidity,
    int maxCodeAttempts,
    int maxCodesPerHour,
    Duration resetCooldown,
    int maxStepsPerTurn) {

  /** 30-minute flows, 5-minute codes, 3 attempts, 5 codes an hour, 1 hour between resets. */
  public static FlowSettings defaults() {
    return new FlowSettings(
        Duration.ofMinutes(30), Duration.ofMinutes(5), 3, 5, Duration.ofHours(1), 40);
  }
}

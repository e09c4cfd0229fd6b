package dev.tier0.connector.webchat;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per key (a conversation, a client address), in this instance's memory. Buckets
 * that have refilled completely carry no information and are dropped when the map grows, so a flood
 * of distinct keys cannot exhaust memory.
 */
final class TokenBuckets {

  private static final int PRUNE_ABOVE = 10_000;

  private final double capacity;
  private final double perMilli;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  TokenBuckets(WebChatProperties.Bucket settings, Clock clock) {
    this.capacity = Math.max(1, settings.capacity());
    this.perMilli = Math.max(1e-9, settings.perMinute() / 60_000.0);
    this.clock = clock;
  }

  /**
   * Takes one token for the key.
   *
   * @return 0 when granted, otherwise the whole seconds to wait before a token is available
   */
  long take(String key) {
    long now = clock.millis();
    if (buckets.size() > PRUNE_ABOVE) {
      prune(now);
    }
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
    synchronized (bucket) {
      bucket.refill(now, capacity, perMilli);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      double missingMillis = (1 - bucket.tokens) / perMilli;
      return Math.max(1, (long) Math.ceil(missingMillis / 1000.0));
    }
  }

  int size() {
    return buckets.size();
  }

  private void prune(long now) {
    buckets
        .values()
        .removeIf(b -> {
          synchronized (b) {
            b.refill(now, capacity, perMilli);
            return b.tokens >= capacity;
          }
        });
  }

  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }

    void refill(long now, double capacity, double perMilli) {
      if (now > updated) {
        tokens = Math.min(capacity, tokens + (now - updated) * perMilli);
        updated = now;
      }
    }
  }
}

package dev.tier0.connector.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenBucketsTests {

  private final MutableClock clock = new MutableClock();

  @Test
  void grantsTheBurstThenSaysHowLongToWait() {
    TokenBuckets buckets = new TokenBuckets(new WebChatProperties.Bucket(3, 6), clock);
    assertThat(buckets.take("c")).isZero();
    assertThat(buckets.take("c")).isZero();
    assertThat(buckets.take("c")).isZero();
    // 6 a minute: one token every 10 seconds.
    assertThat(buckets.take("c")).isEqualTo(10);
  }

  @Test
  void refillsWithTime() {
    TokenBuckets buckets = new TokenBuckets(new WebChatProperties.Bucket(1, 6), clock);
    assertThat(buckets.take("c")).isZero();
    clock.advance(Duration.ofSeconds(4));
    assertThat(buckets.take("c")).isEqualTo(6);
    clock.advance(Duration.ofSeconds(6));
    assertThat(buckets.take("c")).isZero();
  }

  @Test
  void keepsKeysApart() {
    TokenBuckets buckets = new TokenBuckets(new WebChatProperties.Bucket(1, 1), clock);
    assertThat(buckets.take("a")).isZero();
    assertThat(buckets.take("a")).isPositive();
    assertThat(buckets.take("b")).isZero();
  }

  @Test
  void dropsFullBucketsWhenManyKeysArrive() {
    TokenBuckets buckets = new TokenBuckets(new WebChatProperties.Bucket(2, 60), clock);
    for (int i = 0; i < 10_050; i++) {
      buckets.take("k" + i);
    }
    clock.advance(Duration.ofMinutes(1));
    buckets.take("late");
    assertThat(buckets.size()).isLessThan(100);
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-05T09:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}

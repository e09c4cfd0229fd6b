package dev.tier0.connector.slack;

import com.slack.api.model.User;
import dev.tier0.bot.Channel;
import dev.tier0.bot.Requester;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Who a Slack user is ({@code users.info}), remembered for a while to spare the rate limits. */
final class SlackUserDirectory {
  private static final int MAX_ENTRIES = 10_000;

  private final SlackWebApi api;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  SlackUserDirectory(SlackWebApi api, Duration ttl, Clock clock) {
    this.api = api;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** The requester for a Slack user id; only the id when Slack cannot say more. */
  Requester requester(String userId) {
    Instant now = clock.instant();
    Cached cached = cache.get(userId);
    if (cached != null && cached.expires().isAfter(now)) {
      return cached.requester();
    }
    Optional<User> user = api.user(userId);
    if (user.isEmpty()) {
      // not cached: the next message asks again
      return new Requester(userId, null, null, Channel.SLACK);
    }
    Requester requester = toRequester(userId, user.get());
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    cache.put(userId, new Cached(requester, now.plus(ttl)));
    return requester;
  }

  private static Requester toRequester(String userId, User user) {
    User.Profile profile = user.getProfile();
    String name = null;
    String email = null;
    if (profile != null) {
      name = blankToNull(profile.getRealName());
      if (name == null) {
        name = blankToNull(profile.getDisplayName());
      }
      email = blankToNull(profile.getEmail());
    }
    if (name == null) {
      name = blankToNull(user.getRealName());
    }
    if (name == null) {
      name = blankToNull(user.getName());
    }
    return new Requester(userId, name, email, Channel.SLACK);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private record Cached(Requester requester, Instant expires) {}
}

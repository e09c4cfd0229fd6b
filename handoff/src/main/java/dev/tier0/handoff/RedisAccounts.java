package dev.tier0.handoff;

import io.lettuce.core.api.sync.RedisCommands;
import java.util.Map;
import java.util.Optional;

/**
 * Agent and admin accounts in Redis: name → password hash and roles. The hash is computed by the
 * caller (the app's password encoder); this class never sees a clear-text password.
 */
public final class RedisAccounts {

  static final String ACCOUNTS = "helpdesk:accounts";

  /**
   * An account.
   *
   * @param passwordHash an encoded hash, e.g. {@code {bcrypt}$2a$...}
   * @param roles comma-separated role names, e.g. {@code AGENT,ADMIN}
   */
  public record Account(String name, String passwordHash, String roles) {}

  private final RedisCommands<String, String> redis;

  public RedisAccounts(RedisHandoffClient client) {
    this.redis = client.sync();
  }

  /** The account with this name, or empty. */
  public Optional<Account> find(String name) {
    String value = RedisHandoffClient.call("reading an account", () -> redis.hget(ACCOUNTS, name));
    return Optional.ofNullable(value).map(v -> decode(name, v));
  }

  /** Creates or replaces an account. */
  public void save(Account account) {
    RedisHandoffClient.run(
        "saving an account",
        () ->
            redis.hset(ACCOUNTS, account.name(), account.roles() + "\n" + account.passwordHash()));
  }

  /** How many accounts exist. */
  public long count() {
    return RedisHandoffClient.call("counting accounts", () -> redis.hlen(ACCOUNTS));
  }

  /** All accounts by name. */
  public Map<String, Account> all() {
    Map<String, String> raw =
        RedisHandoffClient.call("listing accounts", () -> redis.hgetall(ACCOUNTS));
    return raw.entrySet().stream()
        .collect(
            java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> decode(e.getKey(), e.getValue())));
  }

  private static Account decode(String name, String value) {
    int nl = value.indexOf('\n');
    return nl < 0
        ? new Account(name, value, "AGENT")
        : new Account(name, value.substring(nl + 1), value.substring(0, nl));
  }
}

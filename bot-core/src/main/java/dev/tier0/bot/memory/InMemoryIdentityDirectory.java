package dev.tier0.bot.memory;

import dev.tier0.bot.spi.DirectoryUnavailableException;
import dev.tier0.bot.spi.IdentityDirectory;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link IdentityDirectory} in memory, for tests: users are added with {@link #add}; {@link
 * #setDown} makes every call fail as an unreachable directory would.
 */
public final class InMemoryIdentityDirectory implements IdentityDirectory {
  private final Map<String, DirectoryUser> users = new ConcurrentHashMap<>();
  private final Map<String, String> passwords = new ConcurrentHashMap<>();
  private final Set<String> mustChange = ConcurrentHashMap.newKeySet();
  private final Set<String> reenrolled = ConcurrentHashMap.newKeySet();
  private volatile boolean down;

  /** Adds or replaces a user. */
  public InMemoryIdentityDirectory add(DirectoryUser user) {
    users.put(user.userId(), user);
    return this;
  }

  /** Makes the directory unreachable (true) or reachable again. */
  public void setDown(boolean down) {
    this.down = down;
  }

  @Override
  public Optional<DirectoryUser> findByEmail(String email) {
    check();
    if (email == null) {
      return Optional.empty();
    }
    String wanted = email.strip().toLowerCase(Locale.ROOT);
    return users.values().stream()
        .filter(u -> u.email() != null && u.email().toLowerCase(Locale.ROOT).equals(wanted))
        .findFirst();
  }

  @Override
  public Optional<DirectoryUser> findByUserId(String userId) {
    check();
    return userId == null ? Optional.empty() : Optional.ofNullable(users.get(userId));
  }

  @Override
  public void unlock(String userId) {
    DirectoryUser u = existing(userId);
    users.put(userId, new DirectoryUser(u.userId(), u.displayName(), u.email(), u.phone(), false));
  }

  @Override
  public void setTemporaryPassword(String userId, String temporaryPassword) {
    existing(userId);
    passwords.put(userId, temporaryPassword);
    mustChange.add(userId);
  }

  @Override
  public void recordMfaReenrolment(String userId) {
    existing(userId);
    reenrolled.add(userId);
  }

  /** The password last set for the user, or null. */
  public String password(String userId) {
    return passwords.get(userId);
  }

  /** True when the user must change their password at the next sign-in. */
  public boolean mustChangePassword(String userId) {
    return mustChange.contains(userId);
  }

  /** True when the user's MFA re-enrolment was recorded. */
  public boolean mfaReenrolled(String userId) {
    return reenrolled.contains(userId);
  }

  private DirectoryUser existing(String userId) {
    check();
    DirectoryUser u = userId == null ? null : users.get(userId);
    if (u == null) {
      throw new IllegalArgumentException("no such user: " + userId);
    }
    return u;
  }

  private void check() {
    if (down) {
      throw new DirectoryUnavailableException("the directory is down");
    }
  }
}

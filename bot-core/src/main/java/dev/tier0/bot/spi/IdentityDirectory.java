package dev.tier0.bot.spi;

import java.util.Optional;

/**
 * The company directory as self-service sees it: who a user is, how to reach them, whether their
 * account is locked, and the few changes the bot may make once it has verified the user.
 *
 * <p>The bot never trusts an address or a phone number the user types: codes and temporary
 * passwords go only to the contact details returned here.
 *
 * <p>Implementations must be thread-safe. Every method throws {@link DirectoryUnavailableException}
 * when the directory cannot be reached (nothing is changed then); no method returns null. Lookups
 * of unknown users return empty; changes to unknown users throw {@link IllegalArgumentException}.
 */
public interface IdentityDirectory {

  /** The user whose registered e-mail address is this one (case-insensitive), or empty. */
  Optional<DirectoryUser> findByEmail(String email);

  /** The user with this directory user id (e.g. {@code ada}), or empty. */
  Optional<DirectoryUser> findByUserId(String userId);

  /** Clears the lockout of an account. Unlocking an account that is not locked is a no-op. */
  void unlock(String userId);

  /**
   * Sets a temporary password that the user must change at the next sign-in. The caller delivers
   * the password out of band; implementations must neither log nor return it.
   */
  void setTemporaryPassword(String userId, String temporaryPassword);

  /**
   * Issues a self-service reset link instead of a temporary password, where the directory supports
   * one. The default returns empty: the caller then falls back to a temporary password.
   *
   * @return the link to deliver to the registered e-mail address
   */
  default Optional<String> issueResetLink(String userId) {
    return Optional.empty();
  }

  /**
   * Records that the user's MFA methods are cleared so they can register again (new phone, lost
   * authenticator). The user re-registers at the next sign-in.
   */
  void recordMfaReenrolment(String userId);

  /**
   * A user as the directory knows them.
   *
   * @param userId the directory's stable id (never null)
   * @param displayName a name to address the user with, or null
   * @param email the registered e-mail address, or null when none is registered
   * @param phone the registered mobile number, or null when none is registered
   * @param locked true when the account is locked out
   */
  record DirectoryUser(
      String userId, String displayName, String email, String phone, boolean locked) {}
}

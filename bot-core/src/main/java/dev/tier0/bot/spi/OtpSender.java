package dev.tier0.bot.spi;

import java.time.Duration;

/**
 * Delivers secrets out of band, to the contact details the {@link IdentityDirectory} holds: a
 * one-time verification code, or a temporary password after a reset. Never to an address the user
 * typed in the chat.
 *
 * <p>Implementations must be thread-safe, must not log the code or the password, and throw {@link
 * DirectoryUnavailableException} when the message could not be handed to the mail or SMS service
 * (the caller then tells the user nothing was sent).
 */
public interface OtpSender {

  /**
   * Sends a verification code.
   *
   * @param to the user as the directory returned them; the code goes to {@code to.email()}
   * @param code the code, digits only
   * @param validFor how long the code works, to tell the user
   */
  void sendCode(IdentityDirectory.DirectoryUser to, String code, Duration validFor);

  /**
   * Sends a temporary password (or a reset link) after a verified reset. The text must say that the
   * password has to be changed at the next sign-in.
   */
  void sendTemporaryPassword(IdentityDirectory.DirectoryUser to, String temporaryPassword);
}

package dev.tier0.bot.spi;

/**
 * The identity directory (or the service that delivers codes) cannot be reached or refused the
 * operation for a reason the user cannot fix. Nothing was changed. A flow that meets it tells the
 * user plainly and offers a person; it never retries a password reset on its own.
 */
public class DirectoryUnavailableException extends RuntimeException {

  public DirectoryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public DirectoryUnavailableException(String message) {
    super(message);
  }
}

package dev.tier0.connector.webchat;

import java.time.Instant;
import java.util.List;

/**
 * The demo mail server's inboxes, shown by the demo page so a visitor signed in as a demo user can
 * read the verification code and temporary password the help desk mails. The application provides
 * it only while its in-process demo mail server serves; nothing real is ever delivered there.
 */
public interface DemoMailbox {

  /** The newest mails to this address first, at most {@code max}. */
  List<Mail> mailsTo(String address, int max);

  /**
   * A mail.
   *
   * @param sent when it was sent
   * @param subject its subject
   * @param body its plain text
   */
  record Mail(Instant sent, String subject, String body) {}
}

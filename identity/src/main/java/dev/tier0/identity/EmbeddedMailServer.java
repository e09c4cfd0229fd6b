package dev.tier0.identity;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

/**
 * An SMTP server in this process (GreenMail) on a free loopback port: the demo's mail server and
 * the tests' inbox. Messages stay in memory.
 */
public final class EmbeddedMailServer implements AutoCloseable {

  private final GreenMail greenMail;

  private EmbeddedMailServer(GreenMail greenMail) {
    this.greenMail = greenMail;
  }

  /** Starts the server. */
  public static EmbeddedMailServer start() {
    GreenMail mail =
        new GreenMail(
            new ServerSetup(0, InetAddress.getLoopbackAddress().getHostAddress(), "smtp")
                .dynamicPort());
    mail.start();
    return new EmbeddedMailServer(mail);
  }

  /** The SMTP port. */
  public int port() {
    return greenMail.getSmtp().getPort();
  }

  /** The host to connect to. */
  public String host() {
    return InetAddress.getLoopbackAddress().getHostAddress();
  }

  /** A sender that delivers here. */
  public SmtpOtpSender sender(String from) {
    return SmtpOtpSender.plain(host(), port(), from);
  }

  /** Waits up to the timeout until at least this many messages arrived; true when they did. */
  public boolean await(int count, java.time.Duration timeout) {
    return greenMail.waitForIncomingEmail(timeout.toMillis(), count);
  }

  /** Every message received so far, grouped by recipient (not in the order they arrived). */
  public List<MimeMessage> messages() {
    return List.of(greenMail.getReceivedMessages());
  }

  /** A received mail as plain text. */
  public record Mail(Instant sent, String subject, String body) {}

  /**
   * The mails received for one address, newest first, at most {@code max}: what the demo page shows
   * as the demo user's mailbox. Unreadable messages are skipped.
   */
  public List<Mail> mailsTo(String address, int max) {
    List<Mail> mails = new ArrayList<>();
    if (address == null || address.isBlank()) {
      return mails;
    }
    for (MimeMessage m : greenMail.getReceivedMessagesForDomain(address.strip())) {
      try {
        Date sent = m.getSentDate();
        mails.add(
            new Mail(
                sent == null ? Instant.EPOCH : sent.toInstant(),
                m.getSubject(),
                (m.getContent() instanceof String text ? text : GreenMailUtil.getBody(m)).strip()));
      } catch (MessagingException | java.io.IOException | RuntimeException e) {
        // A message the demo cannot show is left out.
      }
    }
    // Dates have whole seconds: within one second, the later arrival (listed last) goes first.
    java.util.Collections.reverse(mails);
    mails.sort(Comparator.comparing(Mail::sent).reversed());
    return mails.size() <= max ? mails : List.copyOf(mails.subList(0, Math.max(0, max)));
  }

  /** Stops accepting mail, as a crashed relay would. */
  public void stop() {
    greenMail.stop();
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}

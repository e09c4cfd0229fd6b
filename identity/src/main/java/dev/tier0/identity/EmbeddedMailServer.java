package dev.tier0.identity;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
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

  /** Every message received so far, oldest first. */
  public List<MimeMessage> messages() {
    return List.of(greenMail.getReceivedMessages());
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

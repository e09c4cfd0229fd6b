package dev.tier0.identity;

import dev.tier0.bot.spi.DirectoryUnavailableException;
import dev.tier0.bot.spi.IdentityDirectory.DirectoryUser;
import dev.tier0.bot.spi.OtpSender;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

/**
 * Sends verification codes and temporary passwords by e-mail (Jakarta Mail over SMTP) to the
 * address the directory holds. Neither the code nor the password is ever logged; a failure reports
 * only its type.
 */
public final class SmtpOtpSender implements OtpSender {

  private final Session session;
  private final String from;

  /**
   * @param session a mail session configured for the SMTP server
   * @param from the sender address, e.g. {@code it-helpdesk@example.com}
   */
  public SmtpOtpSender(Session session, String from) {
    this.session = session;
    this.from = from;
  }

  /** A sender over plain SMTP without authentication (the embedded server, a local relay). */
  public static SmtpOtpSender plain(String host, int port, String from) {
    Properties props = new Properties();
    props.put("mail.smtp.host", host);
    props.put("mail.smtp.port", String.valueOf(port));
    props.put("mail.smtp.connectiontimeout", "5000");
    props.put("mail.smtp.timeout", "5000");
    props.put("mail.smtp.writetimeout", "5000");
    return new SmtpOtpSender(Session.getInstance(props), from);
  }

  /**
   * A sender over an authenticating SMTP server (the company relay, Microsoft 365, ...), with
   * STARTTLS required when {@code startTls} is set.
   */
  public static SmtpOtpSender authenticated(
      String host, int port, String username, String password, boolean startTls, String from) {
    Properties props = new Properties();
    props.put("mail.smtp.host", host);
    props.put("mail.smtp.port", String.valueOf(port));
    props.put("mail.smtp.auth", "true");
    props.put("mail.smtp.starttls.enable", String.valueOf(startTls));
    props.put("mail.smtp.starttls.required", String.valueOf(startTls));
    props.put("mail.smtp.connectiontimeout", "5000");
    props.put("mail.smtp.timeout", "5000");
    props.put("mail.smtp.writetimeout", "5000");
    jakarta.mail.Authenticator auth =
        new jakarta.mail.Authenticator() {
          @Override
          protected jakarta.mail.PasswordAuthentication getPasswordAuthentication() {
            return new jakarta.mail.PasswordAuthentication(username, password);
          }
        };
    return new SmtpOtpSender(Session.getInstance(props, auth), from);
  }

  @Override
  public void sendCode(DirectoryUser to, String code, Duration validFor) {
    send(
        to,
        "Your IT help desk verification code",
        "Hello"
            + greeting(to)
            + ",\n\nYour verification code is "
            + code
            + ". It works for "
            + validFor.toMinutes()
            + " minutes and only once.\n\nIf you did not ask the IT help desk for a code, do not"
            + " share it with anyone and report this e-mail to IT security.\n");
  }

  @Override
  public void sendTemporaryPassword(DirectoryUser to, String temporaryPassword) {
    send(
        to,
        "Your temporary password",
        "Hello"
            + greeting(to)
            + ",\n\nAs you asked the IT help desk, your password was reset. Your temporary"
            + " password is:\n\n    "
            + temporaryPassword
            + "\n\nSign in with it soon: you will be asked to choose a new password straight"
            + " away. If you did not ask for this, contact IT security at once.\n");
  }

  private void send(DirectoryUser to, String subject, String body) {
    if (to.email() == null || to.email().isBlank()) {
      throw new IllegalArgumentException("the user has no registered e-mail address");
    }
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(from));
      message.setRecipient(Message.RecipientType.TO, new InternetAddress(to.email()));
      message.setSubject(subject, StandardCharsets.UTF_8.name());
      message.setText(body, StandardCharsets.UTF_8.name());
      Transport.send(message);
    } catch (MessagingException e) {
      throw new DirectoryUnavailableException("e-mail not sent: " + e.getClass().getSimpleName());
    }
  }

  private static String greeting(DirectoryUser to) {
    return to.displayName() == null ? "" : " " + to.displayName();
  }
}

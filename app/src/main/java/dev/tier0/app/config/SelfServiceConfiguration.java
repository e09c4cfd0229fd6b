package dev.tier0.app.config;

import dev.tier0.bot.internal.flow.FlowCatalog;
import dev.tier0.bot.spi.IdentityDirectory;
import dev.tier0.bot.spi.OtpSender;
import dev.tier0.connector.webchat.DemoMailbox;
import dev.tier0.connector.webchat.DemoUsers;
import dev.tier0.handoff.RedisAuditLog;
import dev.tier0.handoff.RedisHandoffClient;
import dev.tier0.identity.EmbeddedDirectory;
import dev.tier0.identity.EmbeddedMailServer;
import dev.tier0.identity.LdapIdentityDirectory;
import dev.tier0.identity.SmtpOtpSender;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Guided flows and the identity-verified actions they call. The embedded defaults are a demo
 * directory (UnboundID's in-memory LDAP server with demo users) and an in-process SMTP server, so
 * password resets work end to end on a fresh machine without touching a real directory.
 */
@Configuration(proxyBeanMethods = false)
class SelfServiceConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SelfServiceConfiguration.class);

  @Bean
  FlowCatalog flowCatalog() {
    FlowCatalog catalog = FlowCatalog.loadClasspath(getClass().getClassLoader());
    catalog.problems().forEach(p -> log.warn("Guided flow skipped: {}", p));
    return catalog;
  }

  /** Unless {@code helpdesk.ldap.url} names a real directory, the demo directory serves. */
  @Bean(destroyMethod = "close")
  @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression(
      "'${helpdesk.ldap.url:}'.isEmpty()")
  EmbeddedDirectory embeddedDirectory() {
    EmbeddedDirectory directory = EmbeddedDirectory.startDemo();
    log.info("Demo directory (in-memory LDAP) listening on port {}", directory.port());
    return directory;
  }

  @Bean
  IdentityDirectory identityDirectory(
      org.springframework.beans.factory.ObjectProvider<EmbeddedDirectory> embedded,
      @Value("${helpdesk.ldap.url:}") String url,
      @Value("${helpdesk.ldap.bind-dn:}") String bindDn,
      @Value("${helpdesk.ldap.password:}") String password,
      @Value("${helpdesk.ldap.people-dn:ou=people,dc=example,dc=com}") String peopleDn,
      Clock clock) {
    if (url.isBlank()) {
      return embedded.getObject().directory(clock);
    }
    log.info("Using the directory at {} (users under {})", url, peopleDn);
    return LdapIdentityDirectory.connect(url, bindDn, password, peopleDn, clock);
  }

  /**
   * The demo directory's users, for the demo page's "Sign in as a demo user": with them and no
   * {@code helpdesk.webchat.identity-secret}, the web chat signs their identity tokens itself.
   */
  @Bean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression(
      "'${helpdesk.ldap.url:}'.isEmpty()")
  DemoUsers demoUsers(EmbeddedDirectory directory) {
    return new DemoUsers(
        directory.users().stream()
            .map(u -> new DemoUsers.User(u.userId(), u.email(), u.displayName()))
            .toList());
  }

  /** Unless {@code helpdesk.mail.host} names a real SMTP server, the demo mail server serves. */
  @Bean(destroyMethod = "close")
  @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression(
      "'${helpdesk.mail.host:}'.isEmpty()")
  EmbeddedMailServer embeddedMailServer() {
    EmbeddedMailServer mail = EmbeddedMailServer.start();
    log.info("Demo mail server (SMTP) on {}:{}", mail.host(), mail.port());
    return mail;
  }

  /** The demo mail server's inboxes, for the demo page (only while that server serves). */
  @Bean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression(
      "'${helpdesk.mail.host:}'.isEmpty()")
  DemoMailbox demoMailbox(EmbeddedMailServer mail) {
    return (address, max) ->
        mail.mailsTo(address, max).stream()
            .map(m -> new DemoMailbox.Mail(m.sent(), m.subject(), m.body()))
            .toList();
  }

  @Bean
  OtpSender otpSender(
      org.springframework.beans.factory.ObjectProvider<EmbeddedMailServer> embedded,
      @Value("${helpdesk.mail.host:}") String host,
      @Value("${helpdesk.mail.port:587}") int port,
      @Value("${helpdesk.mail.username:}") String username,
      @Value("${helpdesk.mail.password:}") String password,
      @Value("${helpdesk.mail.starttls:true}") boolean startTls,
      @Value("${helpdesk.mail.from:it-helpdesk@example.com}") String from) {
    if (host.isBlank()) {
      return embedded.getObject().sender(from);
    }
    log.info("Verification codes go out through the SMTP server {}:{}", host, port);
    return username.isBlank()
        ? SmtpOtpSender.plain(host, port, from)
        : SmtpOtpSender.authenticated(host, port, username, password, startTls, from);
  }

  /**
   * The audit log is a Redis Stream every instance shares. Not a file per instance: the bot reads
   * the log back for rate limits (codes per hour) and cool-downs, which must count what every
   * instance did, and security reviews need one complete log.
   */
  @Bean
  RedisAuditLog auditLog(
      RedisHandoffClient client,
      @Value("${helpdesk.audit.max-entries:" + RedisAuditLog.DEFAULT_MAX_ENTRIES + "}")
          long maxEntries) {
    return new RedisAuditLog(client, maxEntries);
  }
}

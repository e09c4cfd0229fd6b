package dev.tier0.app.config;

import dev.tier0.bot.internal.flow.FlowCatalog;
import dev.tier0.bot.spi.IdentityDirectory;
import dev.tier0.bot.spi.OtpSender;
import dev.tier0.identity.EmbeddedDirectory;
import dev.tier0.identity.EmbeddedMailServer;
import dev.tier0.identity.FileAuditLog;
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

  @Bean(destroyMethod = "close")
  EmbeddedDirectory embeddedDirectory() {
    EmbeddedDirectory directory = EmbeddedDirectory.startDemo();
    log.info("Demo directory (in-memory LDAP) listening on port {}", directory.port());
    return directory;
  }

  @Bean
  IdentityDirectory identityDirectory(EmbeddedDirectory directory, Clock clock) {
    return directory.directory(clock);
  }

  @Bean(destroyMethod = "close")
  EmbeddedMailServer embeddedMailServer() {
    EmbeddedMailServer mail = EmbeddedMailServer.start();
    log.info("Demo mail server (SMTP) on {}:{}", mail.host(), mail.port());
    return mail;
  }

  @Bean
  OtpSender otpSender(
      EmbeddedMailServer mail,
      @Value("${helpdesk.mail.from:it-helpdesk@example.com}") String from) {
    return mail.sender(from);
  }

  @Bean(destroyMethod = "close")
  FileAuditLog auditLog(HelpdeskProperties properties) {
    return new FileAuditLog(properties.dataDir().resolve("audit.log"));
  }
}

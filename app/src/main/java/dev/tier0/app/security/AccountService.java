package dev.tier0.app.security;

import dev.tier0.app.config.HelpdeskProperties;
import dev.tier0.handoff.RedisAccounts;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Agent and admin accounts: stored in Redis with bcrypt hashes, created from the bootstrap settings
 * at start. When no account exists at all, an admin with a random password is created and the
 * password is shown once in the log, so a fresh install is never open and never locked out.
 */
@Service
public class AccountService implements UserDetailsService {

  private static final Logger log = LoggerFactory.getLogger(AccountService.class);

  private final RedisAccounts accounts;
  private final PasswordEncoder encoder;
  private final HelpdeskProperties properties;

  AccountService(RedisAccounts accounts, PasswordEncoder encoder, HelpdeskProperties properties) {
    this.accounts = accounts;
    this.encoder = encoder;
    this.properties = properties;
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    RedisAccounts.Account account =
        accounts.find(username).orElseThrow(() -> new UsernameNotFoundException("no such account"));
    List<SimpleGrantedAuthority> authorities =
        java.util.Arrays.stream(account.roles().split(","))
            .map(String::strip)
            .filter(r -> !r.isEmpty())
            .map(r -> new SimpleGrantedAuthority("ROLE_" + r.toUpperCase(Locale.ROOT)))
            .toList();
    return User.withUsername(account.name())
        .password(account.passwordHash())
        .authorities(authorities)
        .build();
  }

  /** Creates or replaces an account with a freshly hashed password. */
  public void upsert(String name, String password, String roles) {
    accounts.save(new RedisAccounts.Account(name, encoder.encode(password), roles));
  }

  @EventListener(ApplicationReadyEvent.class)
  void bootstrap() {
    HelpdeskProperties.Security s = properties.security();
    create(s.bootstrapAgent(), "AGENT", "helpdesk.security.bootstrap-agent");
    create(s.bootstrapAdmin(), "ADMIN,AGENT", "helpdesk.security.bootstrap-admin");
    if (accounts.count() == 0) {
      byte[] bytes = new byte[15];
      new SecureRandom().nextBytes(bytes);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      upsert("admin", password, "ADMIN,AGENT");
      log.warn(
          "No accounts existed: created the account 'admin' with the password {} (shown only"
              + " this once; set helpdesk.security.bootstrap-admin to choose your own).",
          password);
    }
  }

  private void create(String spec, String roles, String setting) {
    if (spec == null || spec.isBlank()) {
      return;
    }
    int colon = spec.indexOf(':');
    if (colon <= 0 || colon == spec.length() - 1) {
      throw new IllegalStateException(setting + " must be name:password");
    }
    String name = spec.substring(0, colon).strip();
    upsert(name, spec.substring(colon + 1), roles);
    log.info("Account '{}' ({}) set from {}", name, roles, setting);
  }
}

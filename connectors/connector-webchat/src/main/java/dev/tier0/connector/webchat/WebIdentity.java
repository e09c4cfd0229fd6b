package dev.tier0.connector.webchat;

import dev.tier0.connector.webchat.IdentityTokens.InvalidToken;
import dev.tier0.connector.webchat.IdentityTokens.VerifiedIdentity;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Whether and how this instance verifies the web widget's identity tokens: with the configured
 * shared secret; with a secret generated at start for the demo sign-in (only while the demo
 * directory serves and no secret is configured); or not at all, when tokens are ignored and web
 * users stay unverified.
 */
final class WebIdentity {

  private static final Logger log = LoggerFactory.getLogger(WebIdentity.class);

  /** Long enough for an afternoon of trying the product, short enough not to matter if copied. */
  static final Duration DEMO_TOKEN_VALIDITY = Duration.ofHours(8);

  private final IdentityTokens tokens;
  private final DemoUsers demo;

  private WebIdentity(IdentityTokens tokens, DemoUsers demo) {
    this.tokens = tokens;
    this.demo = demo;
  }

  /** Decides the mode once, at start, and says it in the log once. */
  static WebIdentity create(WebChatProperties properties, DemoUsers demoUsers, Clock clock) {
    String secret = properties.identitySecret();
    if (secret != null && !secret.isBlank()) {
      log.info("Web identity tokens are verified with the configured shared secret (HS256)");
      return new WebIdentity(
          IdentityTokens.fromSecret(
              secret, properties.identityIssuer(), properties.identityAudience(), clock),
          null);
    }
    if (demoUsers != null) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      log.info(
          "Web identity: demo sign-in on (a random secret generated at start signs demo users'"
              + " tokens); set helpdesk.webchat.identity-secret for real users");
      return new WebIdentity(
          new IdentityTokens(
              random, properties.identityIssuer(), properties.identityAudience(), clock),
          demoUsers);
    }
    log.info(
        "Web identity verification is off (helpdesk.webchat.identity-secret is not set): web"
            + " users stay unverified and cannot use identity-verified self-service");
    return new WebIdentity(null, null);
  }

  /** Tests and callers that set the parts themselves. */
  static WebIdentity of(IdentityTokens tokens, DemoUsers demo) {
    return new WebIdentity(tokens, demo);
  }

  boolean verifying() {
    return tokens != null;
  }

  /**
   * The identity a token vouches for; empty when there is no token or verification is off.
   *
   * @throws ApiException 401 {@code invalid_identity_token} when a token is refused
   */
  Optional<VerifiedIdentity> verify(String token) {
    if (tokens == null || token == null || token.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(tokens.verify(token));
    } catch (InvalidToken e) {
      log.debug("Identity token refused: {}", e.problem());
      throw new ApiException(HttpStatus.UNAUTHORIZED, "invalid_identity_token", e.getMessage());
    }
  }

  /** The demo users, or empty when the demo sign-in is off. */
  Optional<DemoUsers> demo() {
    return Optional.ofNullable(demo);
  }

  /** A token for a demo user; only meaningful while {@link #demo()} is present. */
  String mintDemo(DemoUsers.User user) {
    return tokens.mint(user.userId(), user.email(), user.displayName(), DEMO_TOKEN_VALIDITY);
  }
}

package dev.tier0.connector.webchat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

/**
 * The identity token a hosting intranet page passes to the widget: a compact JWT signed with HS256
 * and the secret the page shares with the help desk. Claims: {@code sub} (user id), {@code email},
 * {@code name}, {@code exp} (required), {@code iat}, and {@code iss} / {@code aud} when the help
 * desk is told to check them. Clocks may disagree by {@link #CLOCK_SKEW}.
 *
 * <p>Thread-safe and immutable. {@link #mint} exists for the demo sign-in, which signs tokens for
 * the demo directory's users with a secret generated at start.
 */
final class IdentityTokens {

  static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  /** HS256 needs a key of at least 256 bits. */
  static final int MIN_SECRET_BYTES = 32;

  private static final int MAX_TOKEN_CHARS = 8192;

  /** Who the token says the user is, once its signature and claims are checked. */
  record VerifiedIdentity(String userId, String email, String displayName) {}

  /** Why a token was refused; the message is a sentence the hosting page's developer can act on. */
  enum Problem {
    MALFORMED,
    UNSIGNED,
    WRONG_ALGORITHM,
    BAD_SIGNATURE,
    EXPIRED,
    NOT_YET_VALID,
    MISSING_CLAIM,
    WRONG_ISSUER,
    WRONG_AUDIENCE
  }

  /** A refused token. Its message never quotes the token. */
  static final class InvalidToken extends Exception {
    private final Problem problem;

    InvalidToken(Problem problem, String message) {
      super(message, null, false, false);
      this.problem = problem;
    }

    Problem problem() {
      return problem;
    }
  }

  private final byte[] secret;
  private final String issuer;
  private final String audience;
  private final Clock clock;

  /**
   * @param secret the shared HS256 key, at least {@value #MIN_SECRET_BYTES} bytes
   * @param issuer the required {@code iss}, or null/blank to accept any
   * @param audience a required {@code aud} value, or null/blank to accept any
   */
  IdentityTokens(byte[] secret, String issuer, String audience, Clock clock) {
    if (secret == null || secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "helpdesk.webchat.identity-secret must be at least "
              + MIN_SECRET_BYTES
              + " bytes long (HS256 needs a 256-bit key)");
    }
    this.secret = Arrays.copyOf(secret, secret.length);
    this.issuer = blankToNull(issuer);
    this.audience = blankToNull(audience);
    this.clock = clock;
  }

  static IdentityTokens fromSecret(String secret, String issuer, String audience, Clock clock) {
    return new IdentityTokens(
        secret == null ? null : secret.getBytes(StandardCharsets.UTF_8), issuer, audience, clock);
  }

  /** Checks signature, algorithm and claims; never throws anything else on garbage. */
  VerifiedIdentity verify(String token) throws InvalidToken {
    if (token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS) {
      throw malformed();
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(token.strip());
    } catch (ParseException | RuntimeException e) {
      throw malformed();
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw new InvalidToken(
          Problem.UNSIGNED,
          "The identity token is not signed; the intranet page must sign it with HS256.");
    }
    JWSAlgorithm alg = signed.getHeader().getAlgorithm();
    if (!JWSAlgorithm.HS256.equals(alg)) {
      throw new InvalidToken(
          Problem.WRONG_ALGORITHM,
          "The identity token is signed with "
              + printable(alg == null ? "no algorithm" : alg.getName())
              + "; only HS256 is accepted.");
    }
    boolean valid;
    try {
      valid = signed.verify(new MACVerifier(secret));
    } catch (JOSEException | RuntimeException e) {
      valid = false;
    }
    if (!valid) {
      throw new InvalidToken(
          Problem.BAD_SIGNATURE,
          "The identity token was not signed by this site: its signature does not match the"
              + " help desk's shared secret.");
    }
    JWTClaimsSet claims;
    try {
      claims = signed.getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      throw malformed();
    }
    return checkClaims(claims);
  }

  private VerifiedIdentity checkClaims(JWTClaimsSet claims) throws InvalidToken {
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw missing("exp");
    }
    if (now.minus(CLOCK_SKEW).isAfter(exp.toInstant())) {
      throw new InvalidToken(
          Problem.EXPIRED,
          "The identity token expired at "
              + exp.toInstant()
              + "; reload the page to get a fresh one.");
    }
    Date iat = claims.getIssueTime();
    Date nbf = claims.getNotBeforeTime();
    if ((iat != null && iat.toInstant().isAfter(now.plus(CLOCK_SKEW)))
        || (nbf != null && nbf.toInstant().isAfter(now.plus(CLOCK_SKEW)))) {
      throw new InvalidToken(
          Problem.NOT_YET_VALID,
          "The identity token is not valid yet; check the clock of the server that signs it.");
    }
    if (issuer != null && !issuer.equals(claims.getIssuer())) {
      throw new InvalidToken(
          Problem.WRONG_ISSUER,
          "The identity token was issued by a site this help desk does not trust.");
    }
    if (audience != null) {
      List<String> aud = claims.getAudience();
      if (aud == null || !aud.contains(audience)) {
        throw new InvalidToken(
            Problem.WRONG_AUDIENCE, "The identity token is meant for another audience.");
      }
    }
    String sub = claimText(claims, "sub", 200);
    String email = claimText(claims, "email", 320);
    if (sub == null) {
      throw missing("sub");
    }
    if (email == null || email.indexOf('@') <= 0) {
      throw missing("email");
    }
    return new VerifiedIdentity(sub, email, claimText(claims, "name", 200));
  }

  /**
   * Signs a token for a user, valid from now for {@code validity}. For the demo sign-in and for
   * tests; a real intranet signs its own.
   */
  String mint(String userId, String email, String displayName, Duration validity) {
    return mint(userId, email, displayName, clock.instant(), validity);
  }

  String mint(
      String userId, String email, String displayName, Instant issuedAt, Duration validity) {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject(userId)
            .claim("email", email)
            .issueTime(Date.from(issuedAt))
            .expirationTime(Date.from(issuedAt.plus(validity)));
    if (displayName != null) {
      claims.claim("name", displayName);
    }
    if (issuer != null) {
      claims.issuer(issuer);
    }
    if (audience != null) {
      claims.audience(audience);
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    try {
      jwt.sign(new MACSigner(secret));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign an identity token", e);
    }
    return jwt.serialize();
  }

  /** A string claim, without control characters or surrounding blanks, or null. */
  private static String claimText(JWTClaimsSet claims, String name, int max) throws InvalidToken {
    Object value = claims.getClaim(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw new InvalidToken(
          Problem.MALFORMED, "The identity token's " + name + " claim must be a string.");
    }
    StringBuilder sb = new StringBuilder(Math.min(s.length(), max));
    s.codePoints().filter(cp -> !Character.isISOControl(cp)).forEach(sb::appendCodePoint);
    String cleaned = Unicode.wellFormed(sb.toString()).strip();
    if (cleaned.length() > max) {
      throw new InvalidToken(
          Problem.MALFORMED, "The identity token's " + name + " claim is too long.");
    }
    return cleaned.isEmpty() ? null : cleaned;
  }

  private static InvalidToken malformed() {
    return new InvalidToken(
        Problem.MALFORMED,
        "The identity token is not a well-formed signed token (a compact JWT with three parts).");
  }

  private static InvalidToken missing(String claim) {
    return new InvalidToken(
        Problem.MISSING_CLAIM, "The identity token has no valid " + claim + " claim.");
  }

  /** An algorithm name comes from the token: keep it short and plain before quoting it. */
  private static String printable(String s) {
    String p = s.replaceAll("[^A-Za-z0-9 _-]", "?");
    return p.length() > 20 ? p.substring(0, 20) : p;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}

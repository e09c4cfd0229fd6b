package dev.tier0.connector.teams;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;

/**
 * Checks that a request really comes from the Bot Connector service, as the "Connector to Bot"
 * section of the Bot Connector authentication specification requires: a bearer JWT signed with
 * RS256 by a key of the OpenID metadata's key set, issued by {@code https://api.botframework.com}
 * for this bot's App ID, within its validity period (with clock skew), whose {@code serviceurl}
 * claim names the activity's service URL and whose signing key is endorsed for the activity's
 * channel.
 *
 * <p>Checked in two steps so that nothing of an unauthenticated body is read: {@link #verify}
 * before the body is parsed, {@link #authorize} once the activity is known.
 */
final class BotConnectorAuthenticator {

  private final TeamsProperties settings;
  private final SigningKeys keys;
  private final Clock clock;

  BotConnectorAuthenticator(TeamsProperties settings, SigningKeys keys, Clock clock) {
    this.settings = settings;
    this.keys = keys;
    this.clock = clock;
  }

  /** A token that passed {@link #verify}: its claims and the endorsements of its signing key. */
  record VerifiedToken(JWTClaimsSet claims, SigningKeys.SigningKey key) {}

  /** Why a request was refused; {@code status} is 401 or 403. */
  static final class AuthenticationFailure extends Exception {
    private final int status;
    private final String code;

    AuthenticationFailure(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }

    int status() {
      return status;
    }

    String code() {
      return code;
    }
  }

  /**
   * Verifies the token of an {@code Authorization} header: scheme, signature, issuer, audience and
   * validity period.
   *
   * @throws AuthenticationFailure with status 401 when the caller is not authenticated
   */
  VerifiedToken verify(String authorization) throws AuthenticationFailure {
    if (authorization == null || authorization.isBlank()) {
      throw unauthenticated("missing_token", "The request carries no bearer token.");
    }
    String value = authorization.strip();
    if (value.length() < 7 || !value.substring(0, 7).equalsIgnoreCase("Bearer ")) {
      throw unauthenticated("invalid_token", "The Authorization header is not a bearer token.");
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(value.substring(7).strip());
    } catch (ParseException e) {
      throw unauthenticated("invalid_token", "The bearer token is not a JWT.");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw unauthenticated("invalid_token", "The bearer token is not signed.");
    }
    JWSHeader header = signed.getHeader();
    if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
      throw unauthenticated("invalid_token", "The bearer token is not signed with RS256.");
    }
    String keyId = header.getKeyID();
    if (keyId == null || keyId.isBlank()) {
      throw unauthenticated("invalid_token", "The bearer token names no signing key.");
    }
    SigningKeys.SigningKey key =
        keys.find(keyId)
            .orElseThrow(
                () -> unauthenticated("invalid_token", "The token's signing key is unknown."));
    if (!keys.algorithms().isEmpty() && !keys.algorithms().contains("RS256")) {
      throw unauthenticated("invalid_token", "The Bot Connector does not sign with RS256.");
    }
    try {
      if (!signed.verify(new RSASSAVerifier(key.key()))) {
        throw unauthenticated("invalid_token", "The token's signature is not valid.");
      }
    } catch (JOSEException e) {
      throw unauthenticated("invalid_token", "The token's signature cannot be checked.");
    }
    JWTClaimsSet claims;
    try {
      claims = signed.getJWTClaimsSet();
    } catch (ParseException e) {
      throw unauthenticated("invalid_token", "The token's claims are not valid JSON.");
    }
    if (!TeamsProperties.ISSUER.equals(claims.getIssuer())) {
      throw unauthenticated("invalid_token", "The token was not issued by the Bot Connector.");
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(settings.appId())) {
      throw unauthenticated("invalid_token", "The token is meant for another bot.");
    }
    Instant now = clock.instant();
    Date expires = claims.getExpirationTime();
    if (expires == null || expires.toInstant().plus(settings.clockSkew()).isBefore(now)) {
      throw unauthenticated("invalid_token", "The token has expired.");
    }
    Date notBefore = claims.getNotBeforeTime();
    if (notBefore != null && notBefore.toInstant().minus(settings.clockSkew()).isAfter(now)) {
      throw unauthenticated("invalid_token", "The token is not valid yet.");
    }
    return new VerifiedToken(claims, key);
  }

  /**
   * Checks that a verified token covers this activity: its {@code serviceurl} claim and its key's
   * endorsement of the activity's channel.
   *
   * @throws AuthenticationFailure with status 403 when it does not
   */
  void authorize(VerifiedToken token, String serviceUrl, String channelId)
      throws AuthenticationFailure {
    String claimed = stringClaim(token.claims(), "serviceurl");
    if (claimed == null) {
      claimed = stringClaim(token.claims(), "serviceUrl");
    }
    if (claimed == null || serviceUrl == null || !sameServiceUrl(claimed, serviceUrl)) {
      throw new AuthenticationFailure(
          403, "forbidden", "The token was not issued for this activity's service URL.");
    }
    // The specification lets an activity without a channel id pass; we do not: every activity
    // from Teams names its channel, and one without would skip the endorsement check.
    if (channelId == null
        || channelId.isBlank()
        || token.key().endorsements().stream().noneMatch(channelId::equalsIgnoreCase)) {
      throw new AuthenticationFailure(
          403, "forbidden", "The token's signing key is not endorsed for this channel.");
    }
  }

  private static String stringClaim(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    return value instanceof String s ? s : null;
  }

  /** Service URLs compare without case and without a trailing slash. */
  static boolean sameServiceUrl(String a, String b) {
    return trimSlash(a).toLowerCase(Locale.ROOT).equals(trimSlash(b).toLowerCase(Locale.ROOT));
  }

  private static String trimSlash(String url) {
    String s = url.strip();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static AuthenticationFailure unauthenticated(String code, String message) {
    return new AuthenticationFailure(401, code, message);
  }
}

package dev.tier0.connector.teams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.tier0.connector.teams.BotConnectorAuthenticator.AuthenticationFailure;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The Bot Connector token rules, checked against a loopback OpenID metadata and key endpoint. */
class BotConnectorAuthenticatorIntegrationTests {

  private static FakeBotFramework microsoft;
  private static HttpClient http;
  private BotConnectorAuthenticator authenticator;

  @BeforeAll
  static void startFakes() {
    microsoft = new FakeBotFramework();
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stopFakes() {
    microsoft.close();
    http.close();
  }

  @BeforeEach
  void newAuthenticator() {
    authenticator = authenticator(Duration.ZERO);
  }

  private BotConnectorAuthenticator authenticator(Duration minRefresh) {
    TeamsProperties settings =
        new TeamsProperties(
            FakeBotFramework.APP_ID,
            FakeBotFramework.APP_PASSWORD,
            null,
            microsoft.metadataUrl(),
            microsoft.tokenUrl(),
            "https://api.botframework.com/.default",
            262144,
            Duration.ofMinutes(5),
            Duration.ofHours(24),
            minRefresh,
            4,
            Duration.ofSeconds(30),
            Duration.ofHours(1),
            2);
    Clock clock = Clock.systemUTC();
    SigningKeys keys = new SigningKeys(settings, http, JsonMapper.builder().build(), clock);
    return new BotConnectorAuthenticator(settings, keys, clock);
  }

  private void check(String token) throws AuthenticationFailure {
    BotConnectorAuthenticator.VerifiedToken verified = authenticator.verify("Bearer " + token);
    authenticator.authorize(verified, microsoft.serviceUrl(), "msteams");
  }

  private void assertStatus(String token, int status) {
    assertThatThrownBy(() -> check(token))
        .isInstanceOf(AuthenticationFailure.class)
        .satisfies(e -> assertThat(((AuthenticationFailure) e).status()).isEqualTo(status));
  }

  @Test
  void acceptsATokenThatMeetsEveryRule() throws Exception {
    check(microsoft.token());
  }

  @Test
  void acceptsATokenWithinTheClockSkew() throws Exception {
    Instant now = Instant.now();
    check(
        microsoft.token(
            microsoft.trusted,
            c ->
                c.expirationTime(Date.from(now.minusSeconds(240)))
                    .notBeforeTime(Date.from(now.plusSeconds(240)))));
  }

  @Test
  void refusesARequestWithoutToken() {
    assertThatThrownBy(() -> authenticator.verify(null))
        .satisfies(e -> assertThat(((AuthenticationFailure) e).status()).isEqualTo(401));
    assertThatThrownBy(() -> authenticator.verify("Basic dXNlcjpwYXNz"))
        .satisfies(e -> assertThat(((AuthenticationFailure) e).status()).isEqualTo(401));
    assertThatThrownBy(() -> authenticator.verify("Bearer not.a.jwt"))
        .satisfies(e -> assertThat(((AuthenticationFailure) e).status()).isEqualTo(401));
  }

  @Test
  void refusesABadSignature() throws Exception {
    // same key id as the published key, other key material
    RSAKey impostor = new RSAKeyGenerator(2048).keyID(microsoft.trusted.getKeyID()).generate();
    assertStatus(microsoft.token(impostor, c -> {}), 401);
  }

  @Test
  void refusesATamperedPayload() {
    String[] parts = microsoft.token().split("\\.");
    String other =
        microsoft.token(microsoft.trusted, c -> c.audience("someone-else")).split("\\.")[1];
    assertStatus(parts[0] + "." + other + "." + parts[2], 401);
  }

  @Test
  void refusesAWrongIssuer() {
    assertStatus(
        microsoft.token(
            microsoft.trusted,
            c -> c.issuer("https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/")),
        401);
  }

  @Test
  void refusesAWrongAudience() {
    assertStatus(microsoft.token(microsoft.trusted, c -> c.audience("another-bot")), 401);
  }

  @Test
  void refusesATokenExpiredBeyondTheSkew() {
    Instant now = Instant.now();
    assertStatus(
        microsoft.token(
            microsoft.trusted,
            c ->
                c.expirationTime(Date.from(now.minusSeconds(360)))
                    .notBeforeTime(Date.from(now.minusSeconds(3600)))),
        401);
  }

  @Test
  void refusesATokenWithoutExpiry() {
    assertStatus(microsoft.token(microsoft.trusted, c -> c.expirationTime(null)), 401);
  }

  @Test
  void refusesATokenNotValidYet() {
    assertStatus(
        microsoft.token(
            microsoft.trusted, c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(360)))),
        401);
  }

  @Test
  void forbidsATokenForAnotherServiceUrl() {
    assertStatus(
        microsoft.token(
            microsoft.trusted, c -> c.claim("serviceurl", "https://smba.example.net/emea/")),
        403);
    assertStatus(microsoft.token(microsoft.trusted, c -> c.claim("serviceurl", null)), 403);
  }

  @Test
  void forbidsAKeyNotEndorsedForTheChannel() {
    assertStatus(microsoft.token(microsoft.webchatOnly, c -> {}), 403);
  }

  @Test
  void forbidsAnActivityWithoutChannel() throws Exception {
    BotConnectorAuthenticator.VerifiedToken verified =
        authenticator.verify("Bearer " + microsoft.token());
    assertThatThrownBy(() -> authenticator.authorize(verified, microsoft.serviceUrl(), null))
        .satisfies(e -> assertThat(((AuthenticationFailure) e).status()).isEqualTo(403));
  }

  @Test
  void refusesAnUnknownKeyId() throws Exception {
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
    assertStatus(microsoft.token(stranger, c -> {}), 401);
  }

  @Test
  void fetchesTheKeysAgainWhenAKeyIdIsNew() throws Exception {
    check(microsoft.token());
    String rotatedToken = microsoft.token(microsoft.rotated, c -> {});
    // the key rotates in after the keys were cached
    microsoft.publish(microsoft.rotated, "msteams");
    int before = microsoft.keyRequests.get();
    check(rotatedToken);
    assertThat(microsoft.keyRequests.get()).isEqualTo(before + 1);
  }

  @Test
  void doesNotFetchTheKeysForEveryMadeUpKeyId() throws Exception {
    authenticator = authenticator(Duration.ofMinutes(1));
    check(microsoft.token());
    int before = microsoft.keyRequests.get();
    for (int i = 0; i < 5; i++) {
      RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger-" + i).generate();
      assertStatus(microsoft.token(stranger, c -> {}), 401);
    }
    assertThat(microsoft.keyRequests.get()).isEqualTo(before);
  }

  @Test
  void refusesAnUnsignedToken() {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer("https://api.botframework.com")
            .audience(FakeBotFramework.APP_ID)
            .expirationTime(Date.from(Instant.now().plusSeconds(600)))
            .claim("serviceurl", microsoft.serviceUrl())
            .build();
    assertStatus(new PlainJWT(new PlainHeader(), claims).serialize(), 401);
    // "alg":"none" with the trusted key id and an empty signature
    String forged =
        new PlainJWT(
                new PlainHeader.Builder().customParam("kid", microsoft.trusted.getKeyID()).build(),
                claims)
            .serialize();
    assertStatus(forged, 401);
  }

  @Test
  void refusesAnHmacTokenEvenWithATrustedKeyId() throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer("https://api.botframework.com")
            .audience(FakeBotFramework.APP_ID)
            .expirationTime(Date.from(Instant.now().plusSeconds(600)))
            .claim("serviceurl", microsoft.serviceUrl())
            .build();
    SignedJWT hs256 =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(microsoft.trusted.getKeyID()).build(),
            claims);
    // the classic confusion attack: the public key's bytes as the HMAC secret
    hs256.sign(new MACSigner(microsoft.trusted.toRSAPublicKey().getEncoded()));
    assertStatus(hs256.serialize(), 401);
  }
}

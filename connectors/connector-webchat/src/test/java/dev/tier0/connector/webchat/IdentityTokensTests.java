package dev.tier0.connector.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.tier0.connector.webchat.IdentityTokens.InvalidToken;
import dev.tier0.connector.webchat.IdentityTokens.Problem;
import dev.tier0.connector.webchat.IdentityTokens.VerifiedIdentity;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class IdentityTokensTests {

  static final String SECRET = "0123456789abcdef0123456789abcdef-intranet";
  static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  final IdentityTokens tokens = IdentityTokens.fromSecret(SECRET, null, null, CLOCK);

  static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .subject("ada")
        .claim("email", "ada@example.com")
        .claim("name", "Ada Lovelace")
        .issueTime(Date.from(NOW))
        .expirationTime(Date.from(NOW.plusSeconds(300)));
  }

  static String sign(JWTClaimsSet claims, String secret, JWSAlgorithm alg) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  static String sign(JWTClaimsSet claims) throws Exception {
    return sign(claims, SECRET, JWSAlgorithm.HS256);
  }

  static String with(Consumer<JWTClaimsSet.Builder> change) throws Exception {
    JWTClaimsSet.Builder b = claims();
    change.accept(b);
    return sign(b.build());
  }

  Problem refusal(String token) {
    try {
      tokens.verify(token);
    } catch (InvalidToken e) {
      assertThat(e.getMessage()).isNotBlank().endsWith(".");
      if (token != null && token.length() > 20) {
        assertThat(e.getMessage()).doesNotContain(token);
      }
      return e.problem();
    }
    throw new AssertionError("accepted: " + token);
  }

  @Test
  void acceptsAWellSignedTokenAndReadsTheClaims() throws Exception {
    VerifiedIdentity id = tokens.verify(sign(claims().build()));

    assertThat(id).isEqualTo(new VerifiedIdentity("ada", "ada@example.com", "Ada Lovelace"));
  }

  @Test
  void acceptsATokenWithoutNameOrIssueTime() throws Exception {
    VerifiedIdentity id =
        tokens.verify(
            sign(
                new JWTClaimsSet.Builder()
                    .subject("ada")
                    .claim("email", "ada@example.com")
                    .expirationTime(Date.from(NOW.plusSeconds(60)))
                    .build()));

    assertThat(id.displayName()).isNull();
  }

  @Test
  void verifiesTheTokensItMints() throws Exception {
    String minted = tokens.mint("grace", "grace@example.com", "Grace", Duration.ofMinutes(5));

    assertThat(tokens.verify(minted).email()).isEqualTo("grace@example.com");
  }

  @Test
  void refusesAnExpiredTokenAndSaysItExpired() throws Exception {
    String token = with(b -> b.expirationTime(Date.from(NOW.minusSeconds(61))));

    assertThat(refusal(token)).isEqualTo(Problem.EXPIRED);
    assertThatThrownBy(() -> tokens.verify(token)).hasMessageContaining("expired");
  }

  @Test
  void allowsSixtySecondsOfClockSkew() throws Exception {
    assertThatCode(
            () -> tokens.verify(with(b -> b.expirationTime(Date.from(NOW.minusSeconds(59))))))
        .doesNotThrowAnyException();
    assertThatCode(() -> tokens.verify(with(b -> b.issueTime(Date.from(NOW.plusSeconds(59))))))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesATokenIssuedInTheFuture() throws Exception {
    assertThat(refusal(with(b -> b.issueTime(Date.from(NOW.plusSeconds(3600))))))
        .isEqualTo(Problem.NOT_YET_VALID);
    assertThat(refusal(with(b -> b.notBeforeTime(Date.from(NOW.plusSeconds(3600))))))
        .isEqualTo(Problem.NOT_YET_VALID);
  }

  @Test
  void refusesATokenSignedWithAnotherSecretAndSaysItIsNotFromThisSite() throws Exception {
    String token =
        sign(claims().build(), "another-site-secret-of-at-least-32-bytes", JWSAlgorithm.HS256);

    assertThat(refusal(token)).isEqualTo(Problem.BAD_SIGNATURE);
    assertThatThrownBy(() -> tokens.verify(token)).hasMessageContaining("not signed by this site");
  }

  @Test
  void refusesATokenWhoseClaimsWereChangedAfterSigning() throws Exception {
    String[] parts = sign(claims().build()).split("\\.");
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                claims()
                    .subject("root")
                    .claim("email", "root@example.com")
                    .build()
                    .toString()
                    .getBytes(StandardCharsets.UTF_8));

    assertThat(refusal(parts[0] + "." + forged + "." + parts[2])).isEqualTo(Problem.BAD_SIGNATURE);
  }

  @Test
  void refusesAnUnsignedTokenWithAlgorithmNone() throws Exception {
    String none = new PlainJWT(claims().build()).serialize();

    assertThat(refusal(none)).isEqualTo(Problem.UNSIGNED);
    // The same with a signature part glued on is not a token at all.
    assertThat(refusal(none + "c2lnbmF0dXJl")).isIn(Problem.MALFORMED, Problem.UNSIGNED);
  }

  @Test
  void refusesOtherAlgorithmsEvenWithTheRightSecret() throws Exception {
    String longSecret = SECRET + SECRET;
    IdentityTokens longKeyed = IdentityTokens.fromSecret(longSecret, null, null, CLOCK);
    String hs512 = sign(claims().build(), longSecret, JWSAlgorithm.HS512);

    assertThatThrownBy(() -> longKeyed.verify(hs512))
        .isInstanceOfSatisfying(
            InvalidToken.class, e -> assertThat(e.problem()).isEqualTo(Problem.WRONG_ALGORITHM))
        .hasMessageContaining("HS512");
  }

  @Test
  void refusesAnRsaSignedToken() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims().build());
    jwt.sign(new RSASSASigner(generator.generateKeyPair().getPrivate()));

    assertThat(refusal(jwt.serialize())).isEqualTo(Problem.WRONG_ALGORITHM);
  }

  @Test
  void refusesTokensWithoutTheRequiredClaims() throws Exception {
    assertThat(refusal(with(b -> b.claim("email", null)))).isEqualTo(Problem.MISSING_CLAIM);
    assertThat(refusal(with(b -> b.claim("email", "not-an-address"))))
        .isEqualTo(Problem.MISSING_CLAIM);
    assertThat(refusal(with(b -> b.claim("email", "  ")))).isEqualTo(Problem.MISSING_CLAIM);
    assertThat(refusal(with(b -> b.subject(null)))).isEqualTo(Problem.MISSING_CLAIM);
    assertThat(refusal(with(b -> b.expirationTime(null)))).isEqualTo(Problem.MISSING_CLAIM);
    assertThatThrownBy(() -> tokens.verify(with(b -> b.claim("email", null))))
        .hasMessageContaining("email");
  }

  @Test
  void refusesClaimsOfTheWrongType() throws Exception {
    assertThat(refusal(with(b -> b.claim("email", 42)))).isEqualTo(Problem.MALFORMED);
    assertThat(refusal(with(b -> b.claim("name", java.util.List.of("a")))))
        .isEqualTo(Problem.MALFORMED);
  }

  @Test
  void checksIssuerAndAudienceOnlyWhenConfigured() throws Exception {
    IdentityTokens strict =
        IdentityTokens.fromSecret(SECRET, "https://intranet.example.com", "helpdesk", CLOCK);
    String right = with(b -> b.issuer("https://intranet.example.com").audience("helpdesk"));

    assertThat(strict.verify(right).userId()).isEqualTo("ada");
    assertThat(tokens.verify(right).userId()).isEqualTo("ada");
    assertThatThrownBy(() -> strict.verify(with(b -> b.audience("helpdesk"))))
        .isInstanceOfSatisfying(
            InvalidToken.class, e -> assertThat(e.problem()).isEqualTo(Problem.WRONG_ISSUER));
    assertThatThrownBy(
            () -> strict.verify(with(b -> b.issuer("https://intranet.example.com").audience("x"))))
        .isInstanceOfSatisfying(
            InvalidToken.class, e -> assertThat(e.problem()).isEqualTo(Problem.WRONG_AUDIENCE));
  }

  @Test
  void stripsControlCharactersFromClaims() throws Exception {
    VerifiedIdentity id = tokens.verify(with(b -> b.claim("name", " Ada\u0000\u0007 Lovelace ")));

    assertThat(id.displayName()).isEqualTo("Ada Lovelace");
  }

  @Test
  void refusesShortSecretsAtStart() {
    assertThatThrownBy(() -> IdentityTokens.fromSecret("too-short", null, null, CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> IdentityTokens.fromSecret(null, null, null, CLOCK))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesGarbageAsMalformedWithoutThrowingAnythingElse() {
    long seed = Long.getLong("tests.seed", System.nanoTime());
    System.out.println(
        "IdentityTokensTests seed: " + seed + " (replay with -Dtests.seed=" + seed + ")");
    Random random = new Random(seed);
    java.util.List<String> garbage = new java.util.ArrayList<>();
    garbage.add("");
    garbage.add("   ");
    garbage.add("a.b.c");
    garbage.add("eyJhbGciOi.x.y");
    garbage.add("....");
    garbage.add("x".repeat(100_000));
    garbage.add("😀.🔥.🙂");
    garbage.add("مرحبا.بالعالم.!");
    garbage.add("\u0000\u0001\u001b[31m");
    for (int i = 0; i < 200; i++) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(300);
      for (int j = 0; j < n; j++) {
        sb.append((char) random.nextInt(0x3000));
      }
      if (random.nextBoolean()) {
        sb.insert(Math.min(sb.length(), random.nextInt(50)), '.').append(".x");
      }
      garbage.add(sb.toString());
      byte[] bytes = new byte[random.nextInt(200)];
      random.nextBytes(bytes);
      garbage.add(
          Base64.getUrlEncoder().encodeToString(bytes)
              + "."
              + Base64.getUrlEncoder().encodeToString(bytes)
              + ".");
    }
    assertThat(refusal(null)).isEqualTo(Problem.MALFORMED);
    for (String g : garbage) {
      assertThatThrownBy(() -> tokens.verify(g)).isInstanceOf(InvalidToken.class);
    }
  }
}

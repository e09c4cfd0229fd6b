package dev.tier0.bot.internal.flow;

import dev.tier0.bot.Channel;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.FlowSettings;
import dev.tier0.bot.Requester;
import dev.tier0.bot.spi.AuditLog;
import dev.tier0.bot.spi.DirectoryUnavailableException;
import dev.tier0.bot.spi.IdentityDirectory;
import dev.tier0.bot.spi.IdentityDirectory.DirectoryUser;
import dev.tier0.bot.spi.OtpSender;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actions flows call, over the identity ports. Every change to an account needs a fresh
 * verification of the same user by a one-time code sent to the directory's registered address;
 * every action is audited without secrets.
 *
 * <p>The code is kept only as a salted hash in the conversation; a typed code is compared and
 * dropped. Thread-safe (no state of its own); the caller holds the conversation's lock.
 */
public final class SelfService {

  private static final Logger log = LoggerFactory.getLogger(SelfService.class);

  static final String USER = "flow.user";
  static final String VERIFIED = "flow.verified";
  static final String OTP_HASH = "flow.otp.hash";
  static final String OTP_EXPIRES = "flow.otp.expires";
  static final String OTP_ATTEMPTS = "flow.otp.attempts";
  static final String SALT = "identity.otp.salt";
  static final String USED = "identity.otp.used";

  /** See {@link Conversation#IDENTITY_VERIFIED}. */
  public static final String IDENTITY_VERIFIED = Conversation.IDENTITY_VERIFIED;

  private static final String PASSWORD_CHARS =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
  private static final String PASSWORD_SYMBOLS = "!#%+=?@";

  private final IdentityDirectory directory;
  private final OtpSender sender;
  private final AuditLog audit;
  private final SoftwareCatalogue catalogue;
  private final FlowSettings settings;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** Any port may be null: the actions that need it then end {@code unavailable}. */
  public SelfService(
      IdentityDirectory directory,
      OtpSender sender,
      AuditLog audit,
      SoftwareCatalogue catalogue,
      FlowSettings settings,
      Clock clock) {
    this.directory = directory;
    this.sender = sender;
    this.audit = audit;
    this.catalogue = catalogue;
    this.settings = settings;
    this.clock = clock;
  }

  /** Runs an action and returns its outcome (one of {@link FlowActions#OUTCOMES}). */
  String run(String action, Conversation c, String secret) {
    try {
      return switch (action) {
        case "identify" -> identify(c);
        case "send_otp" -> sendOtp(c);
        case "verify_otp" -> verifyOtp(c, secret);
        case "reset_password" -> resetPassword(c);
        case "unlock_account" -> unlock(c);
        case "reenrol_mfa" -> reenrol(c);
        case "software_catalogue_lookup" -> lookupSoftware(c);
        default -> throw new IllegalStateException("unknown action " + action);
      };
    } catch (DirectoryUnavailableException e) {
      log.warn("Action {} in {}: directory unavailable: {}", action, c.getId(), e.getMessage());
      record(c, action, "unavailable", null);
      return "unavailable";
    } catch (RuntimeException e) {
      // A bug or corrupt state must not leave the user mid-air: the flow hands off instead. Only
      // the exception's type is logged, since a message could quote what the user typed.
      log.warn("Action {} in {} failed: {}", action, c.getId(), e.getClass().getName());
      record(c, action, "error", e.getClass().getSimpleName());
      return "unavailable";
    }
  }

  private String identify(Conversation c) {
    Requester r = c.getRequester();
    // The channel a conversation names proves nothing (any API client can say "slack"): only the
    // attribute the channel's connector sets after checking a signature does.
    boolean verified = "true".equals(c.getAttributes().get(IDENTITY_VERIFIED));
    boolean trustedChannel =
        verified && (r.channel() == Channel.SLACK || r.channel() == Channel.TEAMS);
    boolean webVerified = verified && r.email() != null;
    if (!trustedChannel && !webVerified) {
      record(c, "identify", "unverified", "channel identity not verified");
      return "unverified";
    }
    if (directory == null) {
      return "unavailable";
    }
    Optional<DirectoryUser> user =
        r.email() == null ? Optional.empty() : directory.findByEmail(r.email());
    if (user.isEmpty() && trustedChannel && r.userId() != null) {
      user = directory.findByUserId(r.userId());
    }
    if (user.isEmpty()) {
      record(c, "identify", "unknown_user", null);
      return "unknown_user";
    }
    DirectoryUser u = user.get();
    c.getAttributes().put(USER, u.userId());
    c.getAttributes().remove(VERIFIED);
    FlowEngine.putSlot(c, "email", mask(u.email()));
    FlowEngine.putSlot(c, "locked", String.valueOf(u.locked()));
    if (u.displayName() != null) {
      FlowEngine.putSlot(c, "name", u.displayName());
    }
    return "ok";
  }

  private String sendOtp(Conversation c) {
    String userId = c.getAttributes().get(USER);
    if (userId == null) {
      return "not_identified";
    }
    if (directory == null || sender == null) {
      return "unavailable";
    }
    Optional<DirectoryUser> user = directory.findByUserId(userId);
    if (user.isEmpty() || user.get().email() == null) {
      record(c, "send_otp", "no_contact", null);
      return "no_contact";
    }
    Instant now = clock.instant();
    if (audit != null
        && audit
                .find(new AuditLog.Query(userId, "send_otp", "sent", now.minusSeconds(3600), 1000))
                .size()
            >= settings.maxCodesPerHour()) {
      record(c, "send_otp", "rate_limited", null);
      return "rate_limited";
    }
    String code = "%06d".formatted(random.nextInt(1_000_000));
    try {
      sender.sendCode(user.get(), code, settings.codeValidity());
    } catch (DirectoryUnavailableException e) {
      clearChallenge(c);
      throw e;
    }
    c.getAttributes().put(OTP_HASH, hash(c, userId, code));
    c.getAttributes().put(OTP_EXPIRES, now.plus(settings.codeValidity()).toString());
    c.getAttributes().put(OTP_ATTEMPTS, "0");
    c.getAttributes().remove(VERIFIED);
    FlowEngine.putSlot(c, "email", mask(user.get().email()));
    record(c, "send_otp", "sent", "to " + mask(user.get().email()));
    return "sent";
  }

  private String verifyOtp(Conversation c, String typed) {
    String userId = c.getAttributes().get(USER);
    String digits = typed == null ? "" : typed.replaceAll("[\\s-]", "");
    String expected = c.getAttributes().get(OTP_HASH);
    String given = userId == null ? "" : hash(c, userId, digits);
    if (expected == null) {
      String outcome = used(c).contains(given) ? "replayed" : "no_code";
      record(c, "verify_otp", outcome, null);
      return outcome;
    }
    Instant expires = Instant.parse(c.getAttributes().get(OTP_EXPIRES));
    if (clock.instant().isAfter(expires)) {
      clearChallenge(c);
      record(c, "verify_otp", "expired", null);
      return "expired";
    }
    if (MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII))) {
      clearChallenge(c);
      List<String> used = new ArrayList<>(used(c));
      used.add(given);
      c.getAttributes()
          .put(USED, String.join(",", used.subList(Math.max(0, used.size() - 10), used.size())));
      c.getAttributes().put(VERIFIED, userId);
      record(c, "verify_otp", "ok", null);
      return "ok";
    }
    int attempts = Integer.parseInt(c.getAttributes().getOrDefault(OTP_ATTEMPTS, "0")) + 1;
    String outcome = used(c).contains(given) ? "replayed" : "wrong";
    if (attempts >= settings.maxCodeAttempts()) {
      clearChallenge(c);
      record(c, "verify_otp", "failed", attempts + " wrong codes");
      return "failed";
    }
    c.getAttributes().put(OTP_ATTEMPTS, String.valueOf(attempts));
    FlowEngine.putSlot(c, "attempts_left", String.valueOf(settings.maxCodeAttempts() - attempts));
    record(c, "verify_otp", outcome, "attempt " + attempts);
    return outcome;
  }

  private String resetPassword(Conversation c) {
    String userId = verifiedUser(c);
    if (userId == null) {
      record(c, "reset_password", "not_verified", null);
      return "not_verified";
    }
    if (directory == null || sender == null) {
      return "unavailable";
    }
    if (audit != null
        && !audit
            .find(
                new AuditLog.Query(
                    userId,
                    "reset_password",
                    "ok",
                    clock.instant().minus(settings.resetCooldown()),
                    1))
            .isEmpty()) {
      record(c, "reset_password", "cooldown", null);
      return "cooldown";
    }
    DirectoryUser user =
        directory
            .findByUserId(userId)
            .orElseThrow(() -> new DirectoryUnavailableException("user vanished: " + userId));
    String password = temporaryPassword();
    directory.setTemporaryPassword(userId, password);
    try {
      sender.sendTemporaryPassword(user, password);
    } catch (DirectoryUnavailableException e) {
      record(c, "reset_password", "unavailable", "password set but not delivered");
      return "unavailable";
    }
    c.getAttributes().remove(VERIFIED);
    record(c, "reset_password", "ok", "temporary password sent to " + mask(user.email()));
    return "ok";
  }

  private String unlock(Conversation c) {
    String userId = verifiedUser(c);
    if (userId == null) {
      record(c, "unlock_account", "not_verified", null);
      return "not_verified";
    }
    if (directory == null) {
      return "unavailable";
    }
    Optional<DirectoryUser> user = directory.findByUserId(userId);
    if (user.isPresent() && !user.get().locked()) {
      record(c, "unlock_account", "not_locked", null);
      return "not_locked";
    }
    directory.unlock(userId);
    c.getAttributes().remove(VERIFIED);
    record(c, "unlock_account", "ok", null);
    return "ok";
  }

  private String reenrol(Conversation c) {
    String userId = verifiedUser(c);
    if (userId == null) {
      record(c, "reenrol_mfa", "not_verified", null);
      return "not_verified";
    }
    if (directory == null) {
      return "unavailable";
    }
    directory.recordMfaReenrolment(userId);
    c.getAttributes().remove(VERIFIED);
    record(c, "reenrol_mfa", "ok", null);
    return "ok";
  }

  private String lookupSoftware(Conversation c) {
    String wanted = FlowEngine.slot(c, "software");
    Optional<SoftwareCatalogue.Item> item = catalogue.lookup(wanted);
    if (item.isEmpty()) {
      return "not_found";
    }
    FlowEngine.putSlot(c, "software_name", item.get().name());
    // Install steps can be longer than a slot; they are trusted catalogue text, not user input.
    c.getAttributes().put(FlowEngine.SLOT + "software_install", item.get().install());
    return "found";
  }

  /** The verified user, only when the verification is for the user identified in this flow. */
  private static String verifiedUser(Conversation c) {
    String user = c.getAttributes().get(USER);
    String verified = c.getAttributes().get(VERIFIED);
    return user != null && user.equals(verified) ? user : null;
  }

  private static void clearChallenge(Conversation c) {
    c.getAttributes().remove(OTP_HASH);
    c.getAttributes().remove(OTP_EXPIRES);
    c.getAttributes().remove(OTP_ATTEMPTS);
  }

  private static List<String> used(Conversation c) {
    String v = c.getAttributes().get(USED);
    return v == null || v.isEmpty() ? List.of() : Arrays.asList(v.split(","));
  }

  private String hash(Conversation c, String userId, String code) {
    String salt = c.getAttributes().get(SALT);
    if (salt == null) {
      byte[] bytes = new byte[16];
      random.nextBytes(bytes);
      salt = Base64.getEncoder().encodeToString(bytes);
      c.getAttributes().put(SALT, salt);
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest =
          sha.digest(
              (salt + "|" + c.getId() + "|" + userId + "|" + code)
                  .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  private String temporaryPassword() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 14; i++) {
      sb.append(PASSWORD_CHARS.charAt(random.nextInt(PASSWORD_CHARS.length())));
    }
    // At least one digit, one symbol, one upper and one lower case letter, wherever they land.
    sb.insert(random.nextInt(sb.length()), (char) ('2' + random.nextInt(8)));
    sb.insert(random.nextInt(sb.length()), PASSWORD_SYMBOLS.charAt(random.nextInt(7)));
    sb.insert(random.nextInt(sb.length()), (char) ('A' + random.nextInt(8)));
    sb.insert(random.nextInt(sb.length()), (char) ('a' + random.nextInt(8)));
    return sb.toString();
  }

  private void record(Conversation c, String action, String outcome, String detail) {
    if (audit == null) {
      return;
    }
    Requester r = c.getRequester();
    String who = c.getAttributes().get(USER);
    if (who == null) {
      who = r.email() != null ? r.email().toLowerCase(Locale.ROOT) : r.userId();
    }
    try {
      audit.record(
          new AuditLog.Entry(
              clock.instant(), who, action, r.channel(), outcome, c.getId(), detail));
    } catch (RuntimeException e) {
      log.warn("Audit entry {} {} could not be written: {}", action, outcome, e.toString());
    }
  }

  /** "a***@example.com": enough for the user to recognise, too little to harvest. */
  static String mask(String email) {
    if (email == null) {
      return "";
    }
    int at = email.indexOf('@');
    if (at <= 0) {
      return "***";
    }
    return email.charAt(0) + "***" + email.substring(at);
  }
}

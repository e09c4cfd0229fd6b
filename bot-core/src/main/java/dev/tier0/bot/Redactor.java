package dev.tier0.bot;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets that people type into chat with placeholders before anything is stored, logged
 * or put on a ticket: passwords, one-time codes, API keys and tokens, card numbers.
 *
 * <p>Errs on the side of redacting: a lost digit in a transcript costs less than a leaked password.
 * Thread-safe and never throws.
 */
public final class Redactor {

  private static final String PASSWORD = "[REDACTED PASSWORD]";
  private static final String CODE = "[REDACTED CODE]";
  private static final String SECRET = "[REDACTED SECRET]";
  private static final String CARD = "[REDACTED CARD]";

  /** "password is hunter2", "pwd: x", "my new pass = y", "passcode hunter2" */
  private static final Pattern PASSWORD_PHRASE =
      Pattern.compile(
          "(?i)\\b(pass(?:word|wd|phrase|code)?|pwd|pw|pin)\\b"
              + "(\\s*(?:is|was|=|:|->|to|would be|will be)?\\s*[\"'`]?)"
              + "(?!\\b(?:is|was|to|reset|expired|change|changed|not|doesn|isn|won|for|on|and|the"
              + "|a|my|i|it|has|have|had|keeps|reset|policy|portal|manager|please)\\b)"
              + "([^\\s\"'`]{3,})");

  /** A one-time code near the words that announce one. */
  private static final Pattern OTP_PHRASE =
      Pattern.compile(
          "(?i)\\b(code|otp|token|verification|pin|passcode)\\b([^0-9\\n]{0,20})(\\d[\\d -]{3,9}\\d)");

  /** A lone 6- or 8-digit number: a one-time code typed as a reply to "enter the code". */
  private static final Pattern LONE_CODE = Pattern.compile("^\\s*(\\d{3}[ -]?\\d{3}|\\d{8})\\s*$");

  private static final List<Pattern> TOKENS =
      List.of(
          // AWS access keys, GitHub, Slack, OpenAI-style, Google API keys, JWTs, private keys.
          Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"),
          Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{20,}\\b"),
          Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}\\b"),
          Pattern.compile("\\bsk-[A-Za-z0-9_-]{16,}\\b"),
          Pattern.compile("\\bAIza[0-9A-Za-z_-]{30,}\\b"),
          Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\b"),
          Pattern.compile(
              "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)"),
          Pattern.compile(
              "(?i)\\b(api[_-]?key|secret|client[_-]?secret|access[_-]?token|bearer)"
                  + "(\\s*[:=]?\\s*)[A-Za-z0-9._~+/-]{12,}=*"));

  /** 13 to 19 digits, optionally grouped by spaces or dashes. Checked with Luhn. */
  private static final Pattern CARD_NUMBER = Pattern.compile("\\b(?:\\d[ -]?){12,18}\\d\\b");

  private Redactor() {}

  /** The text with every secret replaced. Null stays null. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (Pattern token : TOKENS) {
      out = token.matcher(out).replaceAll(m -> keepLabel(m, SECRET));
    }
    out = redactCards(out);
    out = PASSWORD_PHRASE.matcher(out).replaceAll(m -> quote(m.group(1) + m.group(2) + PASSWORD));
    out = OTP_PHRASE.matcher(out).replaceAll(m -> quote(m.group(1) + m.group(2) + CODE));
    out = LONE_CODE.matcher(out).replaceAll(CODE);
    return out;
  }

  /** Redacts a text the user typed in answer to a request for a secret: all of it. */
  public static String redactAnswerToSecretPrompt(String text) {
    return text == null ? null : CODE;
  }

  private static String keepLabel(java.util.regex.MatchResult m, String placeholder) {
    if (m.groupCount() >= 2 && m.group(2) != null && m.group(1) != null) {
      return quote(m.group(1) + m.group(2) + placeholder);
    }
    return quote(placeholder);
  }

  private static String redactCards(String text) {
    Matcher m = CARD_NUMBER.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String digits = m.group().replaceAll("[ -]", "");
      m.appendReplacement(sb, luhn(digits) ? CARD : quote(m.group()));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static boolean luhn(String digits) {
    if (digits.length() < 13 || digits.length() > 19) {
      return false;
    }
    int sum = 0;
    boolean dbl = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  private static String quote(String s) {
    return Matcher.quoteReplacement(s);
  }
}

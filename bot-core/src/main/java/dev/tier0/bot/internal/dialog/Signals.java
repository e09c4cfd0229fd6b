package dev.tier0.bot.internal.dialog;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Recognises the few things a user says that the policy must catch before any classification:
 * yes/no answers, "talk to a person", "start over", frustration, ratings.
 */
public final class Signals {

  private static final Pattern YES =
      Pattern.compile(
          "^(y|yes|yep|yeah|yup|ya|sure|ok|okay|correct|it worked|that worked|worked|fixed|"
              + "solved|sorted|all good|perfect|great|yes it did|yes thanks|yes,? thank you|"
              + "that fixed it|yes,? that fixed it|it did|thanks,? that worked)[.! ]*$");
  private static final Pattern NO =
      Pattern.compile(
          "^(n|no|nope|nah|not really|no luck|didn'?t help|did not help|didn'?t work|"
              + "did not work|doesn'?t work|still broken|not fixed|still not working|"
              + "no,? still broken|no,? it didn'?t|it didn'?t|still the same|same problem|"
              + "no,? that didn'?t help)[.! ]*$");
  private static final Pattern NEITHER =
      Pattern.compile(
          "^(none of these|none of them|something else|neither|neither of them)[.! ]*$");
  private static final Pattern HUMAN =
      Pattern.compile(
          "\\b(talk|speak|chat|connect me|put me through|transfer me|get me|need|want)\\b.{0,30}"
              + "\\b(human|person|agent|someone|somebody|technician|tech|it staff|it team|"
              + "real people|real person|support staff|operator)\\b"
              + "|^(human|agent|person|operator|representative|real person)[.! ]*$"
              + "|\\b(open|raise|log|create|file) (a |an )?(ticket|incident|case)\\b"
              + "|\\bcall me\\b");
  private static final Pattern RESTART =
      Pattern.compile(
          "^(cancel|stop|start over|restart|reset|never ?mind|nevermind|forget it)[.! ]*$");
  private static final Pattern SWEAR =
      Pattern.compile(
          "\\b(fuck\\w*|shit\\w*|damn|crap|wtf|bloody|useless|stupid|idiot\\w*|garbage|"
              + "ridiculous|pathetic|worst|hate this|sick of|fed up|waste of time)\\b");

  private static final Pattern GREETING =
      Pattern.compile(
          "^(hi+|hello+|hey+|hiya|howdy|yo|greetings|good (morning|afternoon|evening|day)|"
              + "morning|hallo|hej)( there| team| all| everyone| bot| it| folks)?[.!,:) ]*$");
  private static final Pattern THANKS =
      Pattern.compile(
          "^(thanks|thank you|thx|ty|tyvm|cheers|many thanks|much appreciated|thanks a lot|"
              + "thank you so much|great,? thanks|ok,? thanks|perfect,? thanks)( again)?[.!,:) ]*$");
  private static final Pattern GOODBYE =
      Pattern.compile(
          "^(bye+|goodbye|bye bye|see you|see ya|cya|later|ttyl|have a (good|nice|great) "
              + "(day|one|evening|weekend)|that'?s all|that is all|nothing else)[.!,:) ]*$");

  private Signals() {}

  /**
   * Small talk said in so few words that a statistical model has too little to go on: "hi",
   * "thanks", "bye". Returns the small-talk intent, or empty.
   */
  public static java.util.Optional<String> smallTalk(String text) {
    String n = norm(text);
    if (GREETING.matcher(n).matches()) {
      return java.util.Optional.of("greeting");
    }
    if (THANKS.matcher(n).matches()) {
      return java.util.Optional.of("thanks");
    }
    if (GOODBYE.matcher(n).matches()) {
      return java.util.Optional.of("goodbye");
    }
    return java.util.Optional.empty();
  }

  static String norm(String text) {
    return text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').strip().replaceAll("\\s+", " ");
  }

  /** "yes", "that fixed it", ... */
  public static boolean isYes(String text) {
    return YES.matcher(norm(text)).matches();
  }

  /** "none of these", "neither", "something else", or any "no": both offered guesses are wrong. */
  public static boolean rejectsBoth(String text) {
    return NEITHER.matcher(norm(text)).matches() || isNo(text);
  }

  /** "no", "didn't help", ... */
  public static boolean isNo(String text) {
    return NO.matcher(norm(text)).matches();
  }

  /** An explicit request for a person, in any common wording. */
  public static boolean wantsHuman(String text) {
    return HUMAN.matcher(norm(text)).find();
  }

  /** "cancel", "start over", ... */
  public static boolean wantsRestart(String text) {
    return RESTART.matcher(norm(text)).matches();
  }

  /**
   * Frustration, kept simple and measurable: swearing or insults, or shouting (at least three words
   * and most letters upper case), or a pile of exclamation marks.
   */
  public static boolean isFrustrated(String text) {
    String n = norm(text);
    if (SWEAR.matcher(n).find() || text.contains("!!!") || text.contains("?!?")) {
      return true;
    }
    int upper = 0;
    int letters = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
        if (Character.isUpperCase(c)) {
          upper++;
        }
      }
    }
    return letters >= 12 && n.split(" ").length >= 3 && upper >= letters * 0.8;
  }

  /** A satisfaction rating: "1".."5", "5 stars", or thumbs up/down (5/1). */
  public static OptionalInt rating(String text) {
    String n = norm(text);
    if (n.matches("^[1-5]( ?(/ ?5|stars?|out of 5))?[.! ]*$")) {
      return OptionalInt.of(n.charAt(0) - '0');
    }
    if (n.contains("\uD83D\uDC4D") || n.equals("thumbs up") || n.equals("+1")) {
      return OptionalInt.of(5);
    }
    if (n.contains("\uD83D\uDC4E") || n.equals("thumbs down") || n.equals("-1")) {
      return OptionalInt.of(1);
    }
    return OptionalInt.empty();
  }
}

package dev.tier0.connector.slack;

import java.time.Duration;
import org.springframework.core.env.Environment;

/**
 * The effective settings: {@link SlackProperties} with the standard environment variables filled
 * in. Read straight from the {@link Environment} so that the "is Slack on?" decision can be made
 * before any bean exists.
 */
record SlackSettings(
    String signingSecret,
    String botToken,
    String appToken,
    String agentsChannel,
    String apiUrl,
    int maxBodyBytes,
    int workers,
    int queueCapacity,
    Duration userCacheTtl,
    Duration dedupeTtl) {

  static SlackSettings of(SlackProperties p, Environment env) {
    return new SlackSettings(
        first(p.signingSecret(), env.getProperty("SLACK_SIGNING_SECRET")),
        first(p.botToken(), env.getProperty("SLACK_BOT_TOKEN")),
        first(p.appToken(), env.getProperty("SLACK_APP_TOKEN")),
        first(p.agentsChannel(), null),
        stripSlash(first(p.apiUrl(), "https://slack.com")),
        p.maxBodyBytes() > 0 ? p.maxBodyBytes() : 524288,
        Math.max(1, p.workers()),
        Math.max(1, p.queueCapacity()),
        p.userCacheTtl() == null ? Duration.ofHours(1) : p.userCacheTtl(),
        p.dedupeTtl() == null ? Duration.ofHours(1) : p.dedupeTtl());
  }

  /** What is missing for the connector to run, or null when it can run. */
  static String missing(Environment env) {
    String bot = setting(env, "helpdesk.slack.bot-token", "SLACK_BOT_TOKEN");
    String secret = setting(env, "helpdesk.slack.signing-secret", "SLACK_SIGNING_SECRET");
    String app = setting(env, "helpdesk.slack.app-token", "SLACK_APP_TOKEN");
    if (bot == null) {
      return "SLACK_BOT_TOKEN is not set";
    }
    if (secret == null && app == null) {
      return "neither SLACK_SIGNING_SECRET (Events API) nor SLACK_APP_TOKEN (Socket Mode) is set";
    }
    return null;
  }

  boolean socketMode() {
    return appToken != null;
  }

  boolean eventsApi() {
    return signingSecret != null;
  }

  boolean hasAgentsChannel() {
    return agentsChannel != null;
  }

  private static String setting(Environment env, String property, String variable) {
    return first(env.getProperty(property), env.getProperty(variable));
  }

  private static String first(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a.strip();
    }
    return b != null && !b.isBlank() ? b.strip() : null;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}

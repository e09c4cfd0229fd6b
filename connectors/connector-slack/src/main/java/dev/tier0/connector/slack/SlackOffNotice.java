package dev.tier0.connector.slack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says once, at start, that Slack is off and why, instead of failing the application. */
@Component
@Conditional(SlackEnabled.Not.class)
class SlackOffNotice {
  private static final Logger log = LoggerFactory.getLogger(SlackOffNotice.class);

  SlackOffNotice(Environment env) {
    log.info(
        "Slack channel is off: {}. Set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (and optionally"
            + " SLACK_APP_TOKEN for Socket Mode) to turn it on.",
        SlackSettings.missing(env));
  }
}

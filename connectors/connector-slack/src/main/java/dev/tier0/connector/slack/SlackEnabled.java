package dev.tier0.connector.slack;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when Slack has the settings it needs (a bot token and a way to receive events). */
final class SlackEnabled implements Condition {
  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return SlackSettings.missing(context.getEnvironment()) == null;
  }

  /** The opposite, for the bean that says Slack is off. */
  static final class Not implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return SlackSettings.missing(context.getEnvironment()) != null;
    }
  }
}

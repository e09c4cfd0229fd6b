package dev.tier0.connector.slack;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Slack connector under {@code helpdesk.slack}. The secrets fall back to Slack's
 * standard environment variables ({@code SLACK_SIGNING_SECRET}, {@code SLACK_BOT_TOKEN}, {@code
 * SLACK_APP_TOKEN}) when not set here.
 *
 * @param signingSecret verifies that requests come from Slack; required for the Events API
 * @param botToken the bot's {@code xoxb-} token; required
 * @param appToken an {@code xapp-} token: when set, the connector also opens a Socket Mode
 *     connection
 * @param agentsChannel the channel id where hand-offs are posted for agents to claim, or empty
 * @param apiUrl the base URL of Slack's Web API (a loopback fake in tests)
 * @param maxBodyBytes the largest request body accepted on {@code /slack/events}
 * @param workers threads that handle events after they are acknowledged
 * @param queueCapacity events waiting for a worker before new ones are dropped with a warning
 * @param userCacheTtl how long a {@code users.info} answer is reused
 * @param dedupeTtl how long an event id is remembered to drop Slack's retries
 */
@ConfigurationProperties("helpdesk.slack")
public record SlackProperties(
    String signingSecret,
    String botToken,
    String appToken,
    String agentsChannel,
    @DefaultValue("https://slack.com") String apiUrl,
    @DefaultValue("524288") int maxBodyBytes,
    @DefaultValue("4") int workers,
    @DefaultValue("1000") int queueCapacity,
    @DefaultValue("1h") Duration userCacheTtl,
    @DefaultValue("1h") Duration dedupeTtl) {}

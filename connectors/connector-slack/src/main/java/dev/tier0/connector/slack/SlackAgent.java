package dev.tier0.connector.slack;

/**
 * An agent acting from Slack.
 *
 * @param slackUserId the agent's Slack user id
 * @param name the agent's real name, or null when Slack does not say
 * @param email the agent's e-mail address from Slack's profile, or null (needs {@code
 *     users:read.email})
 */
public record SlackAgent(String slackUserId, String name, String email) {}

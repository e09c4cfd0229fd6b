package dev.tier0.connector.slack;

/** Payloads shaped as Slack sends them, for both the Events API and Socket Mode. */
final class SlackPayloads {
  private SlackPayloads() {}

  static String dm(String eventId, String channel, String user, String text, String ts) {
    return event(
        eventId,
        "{\"type\":\"message\",\"channel\":\""
            + channel
            + "\",\"user\":\""
            + user
            + "\",\"text\":\""
            + text
            + "\",\"ts\":\""
            + ts
            + "\",\"event_ts\":\""
            + ts
            + "\",\"channel_type\":\"im\",\"client_msg_id\":\"5e4b5b2f-0000-4000-8000-"
            + eventId.hashCode()
            + "\"}");
  }

  static String event(String eventId, String event) {
    return "{\"token\":\"x\",\"team_id\":\"T1\",\"api_app_id\":\"A1\",\"event\":"
        + event
        + ",\"type\":\"event_callback\",\"event_id\":\""
        + eventId
        + "\",\"event_time\":1700000000,\"authorizations\":[{\"enterprise_id\":null,"
        + "\"team_id\":\"T1\",\"user_id\":\"UBOT\",\"is_bot\":true,\"is_enterprise_install\":false}],"
        + "\"is_ext_shared_channel\":false}";
  }

  static String blockAction(
      String channel,
      String messageTs,
      String threadTs,
      String actionId,
      String value,
      String label,
      String blocks) {
    return "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\",\"domain\":\"acme\"},"
        + "\"user\":{\"id\":\"U1\",\"username\":\"ada\",\"name\":\"ada\",\"team_id\":\"T1\"},"
        + "\"api_app_id\":\"A1\",\"token\":\"x\",\"container\":{\"type\":\"message\",\"message_ts\":\""
        + messageTs
        + "\",\"channel_id\":\""
        + channel
        + "\",\"is_ephemeral\":false"
        + (threadTs == null ? "" : ",\"thread_ts\":\"" + threadTs + "\"")
        + "},\"trigger_id\":\""
        + messageTs
        + ".trigger."
        + actionId.hashCode()
        + "\",\"channel\":{\"id\":\""
        + channel
        + "\",\"name\":\"directmessage\"},\"message\":{\"type\":\"message\",\"user\":\"UBOT\","
        + "\"bot_id\":\"B1\",\"text\":\"...\",\"ts\":\""
        + messageTs
        + "\",\"blocks\":"
        + blocks
        + "},\"response_url\":\"https://hooks.slack.com/actions/T1/1/x\",\"actions\":[{\"action_id\":\""
        + actionId
        + "\",\"block_id\":\"b1\",\"text\":{\"type\":\"plain_text\",\"text\":\""
        + label
        + "\",\"emoji\":true},\"value\":\""
        + value
        + "\",\"type\":\"button\",\"action_ts\":\"1548426417.840180\"}]}";
  }

  /** A Socket Mode envelope around a payload. */
  static String envelope(String envelopeId, String type, String payload, int retryAttempt) {
    return "{\"envelope_id\":\""
        + envelopeId
        + "\",\"payload\":"
        + payload
        + ",\"type\":\""
        + type
        + "\",\"accepts_response_payload\":"
        + !"events_api".equals(type)
        + (retryAttempt > 0
            ? ",\"retry_attempt\":" + retryAttempt + ",\"retry_reason\":\"timeout\""
            : ",\"retry_attempt\":0,\"retry_reason\":\"\"")
        + "}";
  }

  /** A {@code /helpdesk} command as Socket Mode carries it: the form's fields as JSON. */
  static String slashCommand(String channel, String channelName, String text, String triggerId) {
    return "{\"token\":\"x\",\"team_id\":\"T1\",\"team_domain\":\"acme\",\"channel_id\":\""
        + channel
        + "\",\"channel_name\":\""
        + channelName
        + "\",\"user_id\":\"U1\",\"user_name\":\"ada\",\"command\":\"/helpdesk\",\"text\":\""
        + text
        + "\",\"api_app_id\":\"A1\",\"is_enterprise_install\":\"false\","
        + "\"response_url\":\"https://hooks.slack.com/commands/T1/1/x\",\"trigger_id\":\""
        + triggerId
        + "\"}";
  }
}

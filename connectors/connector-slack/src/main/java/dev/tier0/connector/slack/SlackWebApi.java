package dev.tier0.connector.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.model.User;
import com.slack.api.model.block.LayoutBlock;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few Web API methods the connector calls, with the bot token applied and failures logged
 * rather than thrown: a message that cannot be delivered is already in the transcript.
 */
final class SlackWebApi {
  private static final Logger log = LoggerFactory.getLogger(SlackWebApi.class);

  private final MethodsClient methods;
  private volatile String botUserId;

  SlackWebApi(MethodsClient methods) {
    this.methods = methods;
  }

  /** Posts a message; returns its {@code ts}, or empty when Slack refused it. */
  Optional<String> post(String channel, String threadTs, String text, List<LayoutBlock> blocks) {
    try {
      ChatPostMessageResponse r =
          methods.chatPostMessage(
              b -> b.channel(channel).threadTs(threadTs).text(text).blocks(blocks));
      if (!r.isOk()) {
        log.warn("chat.postMessage to {} failed: {}", channel, r.getError());
        return Optional.empty();
      }
      return Optional.ofNullable(r.getTs());
    } catch (IOException | SlackApiException | RuntimeException e) {
      log.warn("chat.postMessage to {} failed: {}", channel, e.toString());
      return Optional.empty();
    }
  }

  /** Replaces a message's text and blocks. */
  boolean update(String channel, String ts, String text, List<LayoutBlock> blocks) {
    try {
      ChatUpdateResponse r =
          methods.chatUpdate(b -> b.channel(channel).ts(ts).text(text).blocks(blocks));
      if (!r.isOk()) {
        log.warn("chat.update of {} in {} failed: {}", ts, channel, r.getError());
      }
      return r.isOk();
    } catch (IOException | SlackApiException | RuntimeException e) {
      log.warn("chat.update of {} in {} failed: {}", ts, channel, e.toString());
      return false;
    }
  }

  /** The user's profile, or empty when Slack does not give it. */
  Optional<User> user(String userId) {
    try {
      UsersInfoResponse r = methods.usersInfo(b -> b.user(userId));
      if (!r.isOk()) {
        log.warn("users.info for {} failed: {}", userId, r.getError());
        return Optional.empty();
      }
      return Optional.ofNullable(r.getUser());
    } catch (IOException | SlackApiException | RuntimeException e) {
      log.warn("users.info for {} failed: {}", userId, e.toString());
      return Optional.empty();
    }
  }

  /** The bot's own user id (asked once with {@code auth.test}), or null while Slack is unknown. */
  String botUserId() {
    String id = botUserId;
    if (id == null) {
      try {
        AuthTestResponse r = methods.authTest(b -> b);
        if (r.isOk()) {
          id = r.getUserId();
          botUserId = id;
        } else {
          log.warn("auth.test failed: {}", r.getError());
        }
      } catch (IOException | SlackApiException | RuntimeException e) {
        log.warn("auth.test failed: {}", e.toString());
      }
    }
    return id;
  }
}

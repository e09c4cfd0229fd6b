package dev.tier0.connector.slack;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.slack.api.app_backend.SlackSignature;
import com.slack.api.app_backend.slash_commands.SlashCommandPayloadDetector;
import com.slack.api.app_backend.util.JsonPayloadExtractor;
import com.slack.api.bolt.App;
import com.slack.api.bolt.jakarta_servlet.ServletAdapterOps;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.QueryStringParser;
import com.slack.api.bolt.util.SlackRequestParser;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /slack/events}: Slack's Events API, slash commands and interactivity, handed to the
 * Bolt app. Before Bolt sees a request this servlet bounds its size (413), checks Slack's signature
 * and timestamp with Bolt's verifier (401) and its JSON (400), so that bad input gets the desk's
 * JSON errors and never a 5xx. Bolt verifies the signature again in its own middleware.
 */
final class SlackEventsServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(SlackEventsServlet.class);

  private final transient App app;
  private final transient SlackRequestParser parser;
  private final transient SlackSignature.Verifier verifier;
  private final int maxBodyBytes;

  SlackEventsServlet(App app, String signingSecret, int maxBodyBytes) {
    this.app = app;
    this.parser = new SlackRequestParser(app.config());
    this.verifier =
        signingSecret == null
            ? null
            : new SlackSignature.Verifier(new SlackSignature.Generator(signingSecret));
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (req.getContentLengthLong() > maxBodyBytes) {
      error(resp, 413, "too_large", "The request body is larger than " + maxBodyBytes + " bytes.");
      return;
    }
    byte[] bytes = read(req.getInputStream());
    if (bytes == null) {
      error(resp, 413, "too_large", "The request body is larger than " + maxBodyBytes + " bytes.");
      return;
    }
    String body = new String(bytes, StandardCharsets.UTF_8);
    String timestamp = req.getHeader(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP);
    String signature = req.getHeader(SlackSignature.HeaderNames.X_SLACK_SIGNATURE);
    if (verifier == null
        || timestamp == null
        || signature == null
        || !isValid(timestamp, body, signature)) {
      error(
          resp,
          401,
          "bad_signature",
          "The request is not signed by Slack, or its timestamp is more than five minutes off.");
      return;
    }
    String problem = malformed(body);
    if (problem != null) {
      error(resp, 400, "malformed", problem);
      return;
    }
    Request<?> slackRequest;
    try {
      slackRequest =
          parser.parse(
              SlackRequestParser.HttpRequest.builder()
                  .requestUri(req.getRequestURI())
                  .queryString(QueryStringParser.toMap(req.getQueryString()))
                  .headers(new RequestHeaders(ServletAdapterOps.toHeaderMap(req)))
                  .requestBody(body)
                  .remoteAddress(req.getRemoteAddr())
                  .build());
    } catch (RuntimeException e) {
      error(resp, 400, "malformed", "The request is not a payload Slack sends.");
      return;
    }
    if (slackRequest == null) {
      // a kind of request this desk does not handle: acknowledged and ignored
      ServletAdapterOps.writeResponse(resp, Response.ok());
      return;
    }
    Response slackResponse;
    try {
      slackResponse = app.run(slackRequest);
    } catch (Exception e) {
      log.error("Slack request failed: {}", e.toString(), e);
      error(resp, 500, "internal", "The request could not be handled.");
      return;
    }
    if (slackResponse.getStatusCode() == 401) {
      error(resp, 401, "bad_signature", "The request is not signed by Slack.");
      return;
    }
    ServletAdapterOps.writeResponse(resp, slackResponse);
  }

  private boolean isValid(String timestamp, String body, String signature) {
    try {
      return verifier.isValid(timestamp, body, signature, System.currentTimeMillis());
    } catch (RuntimeException e) {
      // e.g. a timestamp that is not a number
      return false;
    }
  }

  /** Null when the body is well-formed for Slack, otherwise a sentence saying what is wrong. */
  private static String malformed(String body) {
    String trimmed = body.strip();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      return malformedJson(trimmed);
    }
    String json;
    try {
      json = new JsonPayloadExtractor().extractIfExists(body);
    } catch (RuntimeException e) {
      return "The payload parameter is not valid URL encoding.";
    }
    if (json != null) {
      return malformedJson(json);
    }
    if (new SlashCommandPayloadDetector().isCommand(body) || body.startsWith("ssl_check=")) {
      return null;
    }
    return "The body is neither JSON nor a form Slack sends.";
  }

  private static String malformedJson(String json) {
    try {
      JsonElement element = JsonParser.parseString(json);
      if (!element.isJsonObject()) {
        return "The JSON body is not an object.";
      }
      JsonElement type = element.getAsJsonObject().get("type");
      if (type == null || !type.isJsonPrimitive()) {
        return "The JSON body has no type.";
      }
      if ("event_callback".equals(type.getAsString())) {
        JsonElement event = element.getAsJsonObject().get("event");
        if (event == null
            || !event.isJsonObject()
            || event.getAsJsonObject().get("type") == null
            || !event.getAsJsonObject().get("type").isJsonPrimitive()) {
          return "The event callback has no event type.";
        }
      }
      return null;
    } catch (JsonParseException | IllegalStateException | StackOverflowError e) {
      return "The body is not valid JSON.";
    }
  }

  private byte[] read(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBodyBytes, 16 * 1024));
    byte[] buffer = new byte[8192];
    int total = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      total += n;
      if (total > maxBodyBytes) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static void error(HttpServletResponse resp, int status, String code, String message)
      throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.getWriter().write("{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}");
  }
}

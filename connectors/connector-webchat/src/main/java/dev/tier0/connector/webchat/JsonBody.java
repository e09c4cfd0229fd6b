package dev.tier0.connector.webchat;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON object read from a request under a size limit, with typed field access that refuses bad
 * input with the API's error codes. Reading the body here rather than through message converters
 * keeps every refusal inside the connector's own error vocabulary.
 */
final class JsonBody {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final JsonNode root;

  private JsonBody(JsonNode root) {
    this.root = root;
  }

  /** Reads and parses the request body, refusing wrong types, oversized and malformed bodies. */
  static JsonBody read(HttpServletRequest request, int maxBytes) {
    requireJson(request.getContentType());
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    byte[] bytes = readAtMost(request, maxBytes);
    if (bytes.length == 0) {
      throw ApiException.badRequest("malformed_json", "The request body is empty; send JSON.");
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JacksonException e) {
      throw ApiException.badRequest("malformed_json", "The request body is not valid JSON.");
    }
    if (root == null || !root.isObject()) {
      throw ApiException.badRequest("invalid_body", "The request body must be a JSON object.");
    }
    return new JsonBody(root);
  }

  /** An optional string field: null when absent or null, refused when of another type. */
  String string(String field, int maxLength) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isString()) {
      throw ApiException.badRequest("invalid_field", "The field '" + field + "' must be a string.");
    }
    String value = node.stringValue();
    if (value.length() > maxLength) {
      throw ApiException.badRequest(
          "invalid_field",
          "The field '" + field + "' is longer than " + maxLength + " characters.");
    }
    return value;
  }

  /** A required string field. */
  String requiredString(String field, int maxLength) {
    String value = string(field, maxLength);
    if (value == null) {
      throw ApiException.badRequest("missing_field", "The field '" + field + "' is required.");
    }
    return value;
  }

  private static void requireJson(String contentType) {
    MediaType type = null;
    if (contentType != null) {
      try {
        type = MediaType.parseMediaType(contentType);
      } catch (InvalidMediaTypeException e) {
        type = null;
      }
    }
    boolean json =
        type != null
            && "application".equals(type.getType())
            && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
    if (!json) {
      throw new ApiException(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported_media_type",
          "Send the request body as application/json.");
    }
  }

  private static byte[] readAtMost(HttpServletRequest request, int maxBytes) {
    try (InputStream in = request.getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 8192));
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (out.size() + n > maxBytes) {
          throw tooLarge(maxBytes);
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw ApiException.badRequest("unreadable_body", "The request body could not be read.");
    }
  }

  private static ApiException tooLarge(int maxBytes) {
    return new ApiException(
        HttpStatus.PAYLOAD_TOO_LARGE,
        "body_too_large",
        "The request body is larger than " + (maxBytes / 1024) + " KB.");
  }
}

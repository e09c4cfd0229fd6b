package dev.tier0.connector.webchat;

import org.springframework.http.HttpStatus;

/** A refused request: its status, stable code, human message and optional retry delay. */
final class ApiException extends RuntimeException {
  private final HttpStatus status;
  private final String code;
  private final long retryAfterSeconds;

  ApiException(HttpStatus status, String code, String message) {
    this(status, code, message, 0);
  }

  ApiException(HttpStatus status, String code, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  HttpStatus status() {
    return status;
  }

  String code() {
    return code;
  }

  /** Seconds to wait before retrying, or 0 when the header is not wanted. */
  long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  static ApiException badRequest(String code, String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, code, message);
  }
}

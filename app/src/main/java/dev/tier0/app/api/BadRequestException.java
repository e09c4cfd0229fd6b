package dev.tier0.app.api;

/** Bad input: answered 400 with the code and message. */
public class BadRequestException extends RuntimeException {
  private final String code;

  public BadRequestException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}

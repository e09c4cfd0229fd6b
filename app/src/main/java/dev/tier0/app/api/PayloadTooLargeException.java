package dev.tier0.app.api;

/** Input over a size limit: answered 413. */
public class PayloadTooLargeException extends BadRequestException {
  public PayloadTooLargeException(String code, String message) {
    super(code, message);
  }
}

package dev.tier0.app.api;

import dev.tier0.bot.ConversationNotFoundException;
import dev.tier0.bot.InvalidMessageException;
import dev.tier0.bot.spi.ConversationStore.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure of an API call into the JSON error of CONTRACT.md section 2. Bad input gets a
 * 4xx with a sentence a person understands; only our own faults are 5xx. Module-specific handlers
 * (connectors) take precedence over this one.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ApiErrorHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

  static ResponseEntity<ApiError> error(HttpStatusCode status, String code, String message) {
    return ResponseEntity.status(status).body(new ApiError(code, message));
  }

  @ExceptionHandler(PayloadTooLargeException.class)
  ResponseEntity<ApiError> tooLarge(PayloadTooLargeException e) {
    return error(HttpStatus.CONTENT_TOO_LARGE, e.code(), e.getMessage());
  }

  @ExceptionHandler(BadRequestException.class)
  ResponseEntity<ApiError> badRequest(BadRequestException e) {
    return error(HttpStatus.BAD_REQUEST, e.code(), e.getMessage());
  }

  @ExceptionHandler(InvalidMessageException.class)
  ResponseEntity<ApiError> invalidMessage(InvalidMessageException e) {
    return error(
        e.tooLarge() ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST,
        e.code(),
        e.getMessage());
  }

  @ExceptionHandler(ConversationNotFoundException.class)
  ResponseEntity<ApiError> unknownConversation(ConversationNotFoundException e) {
    return error(HttpStatus.NOT_FOUND, "unknown_conversation", e.getMessage());
  }

  @ExceptionHandler(dev.tier0.handoff.TicketException.class)
  ResponseEntity<ApiError> ticket(dev.tier0.handoff.TicketException e) {
    return error(HttpStatusCode.valueOf(e.status()), e.code(), e.getMessage());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
    return error(
        HttpStatus.BAD_REQUEST,
        "malformed_json",
        "The request body is not valid JSON of the expected shape.");
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
    return error(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "Send the body as application/json.");
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
    return error(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "This endpoint answers JSON.");
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
    return error(
        HttpStatus.METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This endpoint does not accept " + e.getMethod() + ".");
  }

  @ExceptionHandler({
    MissingServletRequestParameterException.class,
    MethodArgumentTypeMismatchException.class
  })
  ResponseEntity<ApiError> parameter(Exception e) {
    return error(
        HttpStatus.BAD_REQUEST, "invalid_parameter", "A request parameter is missing or invalid.");
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ApiError> notFound(NoResourceFoundException e) {
    return error(HttpStatus.NOT_FOUND, "not_found", "There is nothing at this address.");
  }

  @ExceptionHandler(StoreUnavailableException.class)
  ResponseEntity<ApiError> storeDown(StoreUnavailableException e) {
    log.warn("Store unavailable: {}", e.getMessage());
    return error(
        HttpStatus.SERVICE_UNAVAILABLE,
        "store_unavailable",
        "The help desk cannot reach its storage right now; nothing was lost. Please retry in a"
            + " minute.");
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ApiError> unexpected(Exception e) {
    log.error("Unexpected error", e);
    return error(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal_error",
        "Something went wrong on our side. Please retry; if it keeps happening, tell IT.");
  }
}

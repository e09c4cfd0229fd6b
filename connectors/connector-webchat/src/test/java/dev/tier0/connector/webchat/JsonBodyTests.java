package dev.tier0.connector.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

class JsonBodyTests {

  @Test
  void refusesAnOversizedBodyWhoseLengthIsNotDeclared() {
    MockHttpServletRequest request = chunked("{\"text\":\"" + "a".repeat(70_000) + "\"}");
    assertThatThrownBy(() -> JsonBody.read(request, 65_536))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
              assertThat(e.code()).isEqualTo("body_too_large");
            });
  }

  @Test
  void readsABodyUpToTheLimitWhoseLengthIsNotDeclared() {
    MockHttpServletRequest request = chunked("{\"text\":\"" + "a".repeat(60_000) + "\"}");
    assertThat(JsonBody.read(request, 65_536).string("text", 100_000)).hasSize(60_000);
  }

  @Test
  void acceptsJsonWithACharsetAndVendorJson() {
    MockHttpServletRequest request = chunked("{\"text\":\"hi\"}");
    request.setContentType("application/vnd.tier0+json; charset=UTF-8");
    assertThat(JsonBody.read(request, 1000).string("text", 10)).isEqualTo("hi");
  }

  @Test
  void refusesAnUnparseableContentType() {
    MockHttpServletRequest request = chunked("{}");
    request.setContentType(";;;===");
    assertThatThrownBy(() -> JsonBody.read(request, 1000))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("unsupported_media_type"));
  }

  @Test
  void refusesAStringOverItsLength() {
    MockHttpServletRequest request = chunked("{\"userId\":\"" + "u".repeat(201) + "\"}");
    assertThatThrownBy(() -> JsonBody.read(request, 1000).string("userId", 200))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_field"));
  }

  /** A request without a declared length, as sent with chunked transfer encoding. */
  private static MockHttpServletRequest chunked(String body) {
    MockHttpServletRequest request =
        new MockHttpServletRequest("POST", "/api/v1/conversations") {
          @Override
          public long getContentLengthLong() {
            return -1;
          }

          @Override
          public int getContentLength() {
            return -1;
          }
        };
    request.setContentType("application/json");
    request.setContent(body.getBytes(StandardCharsets.UTF_8));
    return request;
  }
}

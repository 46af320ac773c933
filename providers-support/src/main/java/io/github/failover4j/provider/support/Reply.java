package io.github.failover4j.provider.support;

import java.util.Optional;
import java.util.function.UnaryOperator;
import okhttp3.Headers;

/**
 * An API's answer, read whole: the providers' documents are small, and a failure is described
 * after the connection is released.
 */
public final class Reply {
  private final int status;
  private final String body;
  private final Headers headers;
  private final String requestIdLabel;
  private final Optional<String> requestId;

  Reply(int status, String body, Headers headers, String requestIdLabel, Optional<String> requestId) {
    this.status = status;
    this.body = body;
    this.headers = headers;
    this.requestIdLabel = requestIdLabel;
    this.requestId = requestId;
  }

  /**
   * Returns the HTTP status.
   *
   * @return e.g. {@code 200}
   */
  public int status() {
    return status;
  }

  /**
   * Returns the body.
   *
   * @return its text, empty if none
   */
  public String body() {
    return body;
  }

  /**
   * Returns the response headers.
   *
   * @return the headers
   */
  public Headers headers() {
    return headers;
  }

  /**
   * Tells whether the call succeeded.
   *
   * @return true for a 2xx status
   */
  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /**
   * Returns the provider's id of the request, which its support (or a cloud's operators) ask for.
   *
   * @return the value of the header {@link HttpExchange.Builder#requestId} names, if present
   */
  public Optional<String> requestId() {
    return requestId;
  }

  /**
   * Describes a failed call for an exception message, e.g. {@code HTTP 423 locked: The item is
   * locked (correlation id 8f3c…)}: the provider's error name, its explanation shortened, and the
   * request id. The secrets are removed from the whole: an error body may quote a request.
   *
   * @param name the provider's name of the error, e.g. {@code locked}
   * @param message the provider's explanation, possibly empty
   * @param redact removes the secrets from a text
   * @return the description, without secrets
   */
  public String describe(String name, String message, UnaryOperator<String> redact) {
    String shown = ErrorText.shorten(message, redact);
    return redact.apply("HTTP " + status + " " + name + (shown.isEmpty() ? "" : ": " + shown)
        + requestId.map(id -> " (" + requestIdLabel + " " + id + ")").orElse(""));
  }
}

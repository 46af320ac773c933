package io.github.failover4j.provider.support.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Answers each request with one canned answer and checks the exchange against an OpenAPI
 * description: for a test that the check finds what it should, so that a fake without violations
 * means something.
 */
public final class CannedDispatcher extends Dispatcher {
  /** Checks one exchange. */
  @FunctionalInterface
  public interface Check {
    /**
     * Checks an exchange.
     *
     * @param request what was sent
     * @param status the canned status
     * @param body the canned body
     * @return the violations, one line each; empty if none
     */
    List<String> violations(RecordedRequest request, int status, String body);
  }

  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private final int status;
  private final String body;
  private final Check check;

  /**
   * Creates the dispatcher.
   *
   * @param status the status of every answer
   * @param body the body of every answer
   * @param check the check of each exchange
   */
  public CannedDispatcher(int status, String body, Check check) {
    this.status = status;
    this.body = body;
    this.check = check;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    violations.addAll(check.violations(request, status, body));
    return new MockResponse.Builder().code(status).body(body).build();
  }

  /**
   * Sends one request to a server answering with this dispatcher.
   *
   * @param path the request's path and query, e.g. {@code /v1/floating_ips/4711}
   * @param request the request, without its URL
   * @return the violations the exchange showed
   * @throws IOException if the exchange failed
   */
  public List<String> exchange(String path, Request.Builder request) throws IOException {
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(this);
      server.start();
      try (Response response = new OkHttpClient().newCall(request.url(server.url(path)).build()).execute()) {
        response.body().string();
      }
    }
    return List.copyOf(violations);
  }
}

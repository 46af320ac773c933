package io.github.failover4j.provider.hetzner;

import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The Hetzner Cloud metadata service: {@code GET /hetzner/v1/metadata/instance-id} answers the
 * server's id as plain text, without credentials.
 */
final class FakeMetadata extends Dispatcher {
  private final AtomicInteger requests = new AtomicInteger();
  private volatile String instanceId;
  private volatile int status = 200;

  FakeMetadata(long instanceId) {
    this.instanceId = Long.toString(instanceId);
  }

  /** Answers this text instead of an id, with this status. */
  void answer(int newStatus, String text) {
    status = newStatus;
    instanceId = text;
  }

  /** Returns how many requests it has answered. */
  int requests() {
    return requests.get();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    requests.incrementAndGet();
    if (!request.getMethod().equals("GET") || !request.getUrl().encodedPath().equals("/hetzner/v1/metadata/instance-id")) {
      return new MockResponse.Builder().code(404).body("not found").build();
    }
    if (request.getHeaders().get("Authorization") != null) {
      return new MockResponse.Builder().code(400).body("the metadata service takes no credentials").build();
    }
    return new MockResponse.Builder().code(status).setHeader("Content-Type", "text/plain").body(instanceId).build();
  }
}

package io.github.failover4j.provider.openstack;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Nova's metadata service for one instance: {@code /openstack/latest/meta_data.json} with the
 * fields Nova's documentation shows. It is described by no OpenAPI file; the fields beside
 * {@code uuid} are there so that a mover reading only {@code uuid} is shown to ignore the rest.
 */
final class FakeMetadata extends Dispatcher {
  private volatile String uuid;
  private volatile int status = 200;

  FakeMetadata(String uuid) {
    this.uuid = uuid;
  }

  /** Answers with another status from now on, e.g. 404 off OpenStack or 503. */
  void status(int value) {
    status = value;
  }

  /** Answers with another instance id from now on (a malformed one, for a test). */
  void uuid(String value) {
    uuid = value;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    if (!request.getUrl().encodedPath().equals("/openstack/latest/meta_data.json") || status != 200) {
      return new MockResponse.Builder().code(status == 200 ? 404 : status).body("<html>Not Found</html>").build();
    }
    String body = """
        {"uuid": "%s", "meta": {}, "public_keys": {"ops": "ssh-ed25519 AAAAC3Nza ops"}, "keys": [],
         "hostname": "web-srv-1.novalocal", "name": "web-srv-1", "launch_index": 0,
         "availability_zone": "nova", "random_seed": "c2VlZA==", "project_id": "3b1f9c2d8e7a4b6c9d0e1f2a3b4c5d6e",
         "devices": [], "dedicated_cpus": []}""".formatted(uuid);
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
  }
}

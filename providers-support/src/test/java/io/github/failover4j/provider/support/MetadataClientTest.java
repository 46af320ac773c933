package io.github.failover4j.provider.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.testkit.TestMoverCall;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class MetadataClientTest {
  private static final String OTHERWISE = "on a host that is not an instance, set instance to its id";

  private final MockWebServer server = new MockWebServer();
  private final HttpExchange http = HttpExchange.builder("failover4j-provider-test",
      LoggerFactory.getLogger(MetadataClientTest.class)).build();
  private MetadataClient metadata;

  @BeforeEach
  void start() throws Exception {
    server.start();
    metadata = new MetadataClient(http, server.url("/"), Duration.ofSeconds(5));
  }

  @AfterEach
  void close() {
    http.close();
    server.close();
  }

  private String instanceId() throws IpMoverException {
    return metadata.openStackInstanceId(TestMoverCall.within(Duration.ofMinutes(1)), OTHERWISE);
  }

  private String what() {
    return "read this instance's id from the metadata service " + server.url("/openstack/latest/meta_data.json")
        + " (" + OTHERWISE + ")";
  }

  @Test
  void theInstanceIdIsMetaDataJsonsUuidInLowerCase() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .body("{\"random_seed\":\"x\",\"uuid\":\"D8E02D56-2648-49A3-BF97-6BE8F1204F38\",\"name\":\"web-1\"}").build());
    assertEquals("d8e02d56-2648-49a3-bf97-6be8f1204f38", instanceId());
    assertEquals("application/json", server.takeRequest().getHeaders().get("Accept"));
  }

  @Test
  void aServerErrorIsRetryable() {
    server.enqueue(new MockResponse.Builder().code(503).build());
    IpMoverException e = assertThrows(IpMoverException.class, this::instanceId);
    assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
    assertEquals(what() + ": HTTP 503", e.getMessage());
  }

  @Test
  void anythingButAnInstanceIdIsPermanent() {
    server.enqueue(new MockResponse.Builder().code(404).body("{\"uuid\":\"d8e02d56-2648-49a3-bf97-6be8f1204f38\"}")
        .build());
    server.enqueue(new MockResponse.Builder().body("{\"uuid\":\"web-1\"}").build());
    server.enqueue(new MockResponse.Builder().body("<html/>").build());
    for (String shown : new String[] {"HTTP 404 without a uuid", "HTTP 200 uuid web-1", "HTTP 200 without a uuid"}) {
      IpMoverException e = assertThrows(IpMoverException.class, this::instanceId);
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertEquals(what() + ": " + shown + " (expected: the instance's id)", e.getMessage());
    }
  }

  @Test
  void anotherDocumentIsReadAsItIs() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).body("not found").build());
    Reply reply = metadata.get(TestMoverCall.within(Duration.ofMinutes(1)), metadata.url("hetzner", "v1", "metadata",
        "instance-id"), "read this server's id");
    assertEquals(404, reply.status());
    assertEquals("/hetzner/v1/metadata/instance-id", server.takeRequest().getUrl().encodedPath());
  }
}

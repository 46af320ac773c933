package io.github.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.FailoverGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code metrics} key, and the endpoint on loopback scraped as Prometheus would. */
class MetricsEndpointTest {
  private static final String SECRET = "s3cr3tpw";
  private static final String GROUPS = """
      groups:
        - name: web
          interface: lo
          vrid: 51
          version: 2
          priority: 150
          authPassword: "%s"
          virtualIps: ["192.0.2.10/24"]
      """.formatted(SECRET);

  @TempDir
  Path dir;

  @Test
  void theAddressIsReadAsAMapOrAlone() throws IOException {
    assertEquals(Optional.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9405)),
        load("metrics: {address: \"127.0.0.1:9405\"}\n").metrics());
    assertEquals(Optional.of(new InetSocketAddress(InetAddress.getByName("::1"), 9405)),
        load("metrics: \"[::1]:9405\"\n").metrics());
    assertEquals(Optional.empty(), load("").metrics(), "absent: no endpoint");
  }

  @Test
  void everyProblemOfTheKeyIsListedWithTheOthers() throws IOException {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> load("""
        metrics: {address: "localhost:9405", path: /stats}
        logLevel: loud
        """));
    assertEquals(List.of(
        "logLevel: \"loud\" (expected: one of error, warn, info, debug, trace)",
        "metrics.path: unknown key",
        "metrics.address: \"localhost:9405\" (expected: an IP address and a port, e.g. 127.0.0.1:9405 or"
            + " [::1]:9405; a name is not looked up)"), e.problems());

    // the address alone is reported as the map's own value
    assertEquals(List.of("metrics: port 70000 of \"127.0.0.1:70000\" (expected: 1..65535)"),
        assertThrows(ConfigurationException.class, () -> load("metrics: 127.0.0.1:70000\n")).problems());
    assertEquals(List.of("metrics: \"::1:9405\" (expected: an IP address and a port, e.g. 127.0.0.1:9405"
        + " or [::1]:9405)"), assertThrows(ConfigurationException.class, () -> load("metrics: \"::1:9405\"\n"))
        .problems());
    assertEquals(List.of("metrics.address: missing"),
        assertThrows(ConfigurationException.class, () -> load("metrics: {}\n")).problems());
  }

  @Test
  void servesTheGroupsAndTheJvmOnLoopbackWithoutSecrets() throws Exception {
    FailoverGroup group = load("").groups().get(0).group();
    try (MetricsEndpoint endpoint = MetricsEndpoint.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      assertEquals(InetAddress.getLoopbackAddress(), endpoint.address().getAddress());
      endpoint.started(group);

      Response scrape = request(endpoint, "GET", MetricsEndpoint.PATH);
      assertEquals(200, scrape.status());
      assertTrue(scrape.contentType().startsWith("text/plain; version=0.0.4"), scrape.contentType());
      List<String> lines = scrape.body().lines().toList();
      assertTrue(lines.contains("failover4j_group_role{group=\"web\",role=\"initialize\"} 1.0"), scrape.body());
      assertTrue(lines.contains("failover4j_group_role{group=\"web\",role=\"master\"} 0.0"), scrape.body());
      assertTrue(lines.contains("failover4j_group_priority{group=\"web\"} 150.0"), scrape.body());
      assertTrue(lines.contains("failover4j_adverts_sent_total{group=\"web\"} 0.0"), scrape.body());
      assertTrue(lines.contains("failover4j_adverts_dropped_total{group=\"web\",reason=\"auth-mismatch\"} 0.0"),
          scrape.body());
      assertTrue(lines.contains("failover4j_mover_state{group=\"web\",mover=\"local\",state=\"idle\"} 1.0"),
          scrape.body());
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("jvm_memory_used_bytes{")), "JVM memory");
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("jvm_threads_live_threads ")), "JVM threads");
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("jvm_gc_")), "JVM GC");
      assertFalse(scrape.body().contains(SECRET), "the VRRPv2 password must not be in the metrics");

      assertEquals(404, request(endpoint, "GET", "/").status());
      assertEquals(405, request(endpoint, "POST", MetricsEndpoint.PATH).status());

      // a reload closed it: its meters go, the JVM's stay
      endpoint.stopped(group);
      String after = request(endpoint, "GET", MetricsEndpoint.PATH).body();
      assertFalse(after.contains("group=\"web\""), after);
      assertTrue(after.contains("jvm_memory_used_bytes{"), after);
    }
  }

  @Test
  void aTakenPortIsAnIoErrorAndTheGroupsRunOn() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
      assertThrows(IOException.class, () -> MetricsEndpoint.open(address));
      assertEquals(Optional.empty(), MetricsEndpoint.open(Optional.of(address), new RunningGroups()));
    }
  }

  private record Response(int status, String contentType, String body) {}

  private static Response request(MetricsEndpoint endpoint, String method, String path) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + endpoint.address().getPort()
        + path).toURL().openConnection();
    try {
      connection.setRequestMethod(method);
      int status = connection.getResponseCode();
      String body = status == 200 ? new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
      return new Response(status, String.valueOf(connection.getContentType()), body);
    } finally {
      connection.disconnect();
    }
  }

  private AgentConfig load(String top) throws IOException {
    Path file = Files.writeString(dir.resolve("agent.yaml"), top + GROUPS);
    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    return AgentConfig.load(file);
  }
}

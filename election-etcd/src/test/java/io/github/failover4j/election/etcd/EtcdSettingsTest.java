package io.github.failover4j.election.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.spi.ElectionConfig;
import io.github.failover4j.spi.ElectionContext;
import io.github.failover4j.spi.ElectionProvider;
import io.github.failover4j.spi.LeaseTiming;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings' checks and the lease's times: no server. */
class EtcdSettingsTest {
  private final EtcdElectionProvider provider = new EtcdElectionProvider();

  @TempDir
  Path dir;

  private static ElectionConfig config(Map<String, String> values) {
    return new ElectionConfig(values);
  }

  @Test
  void serviceLoaderFindsItByName() {
    assertTrue(ServiceLoader.load(ElectionProvider.class).stream().map(ServiceLoader.Provider::get)
        .anyMatch(p -> p.name().equals("etcd")), "an ElectionProvider named etcd");
  }

  @Test
  void defaultsNeedOnlyEndpoints() {
    assertEquals(List.of(), provider.validate(config(Map.of("endpoints", "http://10.0.0.5:2379"))));
    EtcdSettings settings = EtcdSettings.read(config(Map.of("endpoints", "http://10.0.0.5:2379")), new ArrayList<>());
    assertEquals("/failover4j", settings.prefix());
    assertEquals(Duration.ofSeconds(5), settings.ttl());
  }

  @Test
  void everyProblemIsListedAtOnce() throws Exception {
    Path readable = Files.writeString(dir.resolve("password"), "secret-value-123\n");
    Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-r--r--"));
    List<String> problems = provider.validate(config(Map.of(
        "endpoints", "ftp://x, http://10.0.0.5:2379/v3",
        "ttl", "1s",
        "renewEvery", "often",
        "prefix", "failover4j",
        "tls.cert", dir.resolve("missing.pem").toString(),
        "username", "me",
        "passwordFile", readable.toString(),
        "timeout", "3s")));
    assertEquals(List.of(
        "timeout: unknown key (expected: one of endpoints, margin, passwordFile, prefix, renewEvery, tls.ca,"
            + " tls.cert, tls.key, ttl, username)",
        "passwordFile: " + readable + " is readable by every user (expected: chmod o-r, e.g. 0600 or 0640)",
        "endpoints: ftp://x (expected: a client URL such as https://10.0.0.5:2379)",
        "endpoints: http://10.0.0.5:2379/v3 (expected: a client URL such as https://10.0.0.5:2379)",
        "prefix: failover4j (expected: a key path such as /failover4j)",
        "ttl: 1s (expected: whole seconds, 2s..1h, such as 5s)",
        "renewEvery: often (expected: a duration such as 1500ms, 2s or 1m)",
        "tls.key: missing (expected: with tls.cert, the client's PKCS#8 key file)",
        "tls.cert: " + dir.resolve("missing.pem") + " cannot be read (NoSuchFileException)"), problems);
    for (String problem : problems) {
      assertFalse(problem.contains("secret-value-123"), "a problem quotes the password");
    }
  }

  @Test
  void aPasswordIsSentOverHttpsOrToLoopbackOnly() throws Exception {
    Path password = Files.writeString(dir.resolve("password"), "pw\n");
    Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
    Map<String, String> auth = Map.of("username", "me", "passwordFile", password.toString());
    assertEquals(List.of("endpoints: http://10.0.0.5:2379/ (expected: https, as a password is sent; http only to a"
        + " loopback address)"), provider.validate(config(with(auth, "endpoints", "http://10.0.0.5:2379"))));
    assertEquals(List.of(), provider.validate(config(with(auth, "endpoints", "https://10.0.0.5:2379"))));
    assertEquals(List.of(), provider.validate(config(with(auth, "endpoints", "http://127.0.0.1:2379"))));
    assertEquals(List.of("username: missing (expected: with passwordFile, etcd's user name)"),
        provider.validate(config(Map.of("endpoints", "http://127.0.0.1:2379", "passwordFile", password.toString()))));
  }

  @Test
  void aKeyReadableByEveryUserOrNotPkcs8IsRefusedWithoutQuotingIt() throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "no certificate here");
    Path key = Files.writeString(dir.resolve("key.pem"),
        "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END RSA PRIVATE KEY-----\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    Map<String, String> tls = Map.of("endpoints", "https://10.0.0.5:2379", "tls.cert", cert.toString(), "tls.key",
        key.toString());
    assertEquals(List.of("tls.cert: " + cert + " holds no certificate (expected: PEM, BEGIN CERTIFICATE)",
        "tls.key: " + key + " is readable by every user (expected: chmod o-r, e.g. 0600 or 0640)"),
        provider.validate(config(tls)));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    List<String> problems = provider.validate(config(tls));
    assertEquals("tls.key: " + key + " holds no unencrypted PKCS#8 key (expected: BEGIN PRIVATE KEY; convert with"
        + " openssl pkcs8 -topk8 -nocrypt)", problems.get(1));
    assertFalse(String.join("\n", problems).contains("c2VjcmV0"), "a problem quotes the key");
  }

  @Test
  void tlsNeedsHttpsEndpoints() throws Exception {
    try (TestCertificates certificates = TestCertificates.make()) {
      assertEquals(List.of("endpoints: http://10.0.0.5:2379/ (expected: https, as tls is set)"),
          provider.validate(config(Map.of("endpoints", "http://10.0.0.5:2379", "tls.ca", certificates.ca().toString(),
              "tls.cert", certificates.clientCert().toString(), "tls.key", certificates.clientKey().toString()))));
    }
  }

  @Test
  void theTimingFollowsTheTtl() {
    LeaseTiming five = timing(Map.of());
    assertEquals(new LeaseTiming(Duration.ofSeconds(5), Duration.ofSeconds(5).dividedBy(3), Duration.ofSeconds(4)),
        five, "ttl 5s: renew every ttl/3, margin ttl/5");
    assertEquals(Duration.ofMillis(1500), timing(Map.of("ttl", "2s")).renewDeadline(), "ttl 2s: margin 500ms at least");
    assertEquals(new LeaseTiming(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(7)),
        timing(Map.of("ttl", "10s", "renewEvery", "1s", "margin", "3s")), "set explicitly");
    assertEquals(List.of("renewEvery: 4000 ms (expected: more than 0 and less than renewDeadline, 4000 ms) with ttl 5s"),
        provider.validate(config(Map.of("endpoints", "http://127.0.0.1:2379", "renewEvery", "4s"))));
    assertEquals(List.of("renewDeadline: 5000 ms (expected: less than the lease's duration, 5000 ms) with ttl 5s"),
        provider.validate(config(Map.of("endpoints", "http://127.0.0.1:2379", "margin", "0ms", "renewEvery", "1s"))));
  }

  @Test
  void createRefusesBadSettingsWithEveryProblem() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> provider.create(
        new ElectionContext("web", "a", config(Map.of("ttl", "0s")))));
    assertEquals(2, e.problems().size(), () -> "problems: " + e.problems());
  }

  private LeaseTiming timing(Map<String, String> values) {
    List<String> problems = new ArrayList<>();
    EtcdSettings settings = EtcdSettings.read(config(with(values, "endpoints", "http://127.0.0.1:2379")), problems);
    assertEquals(List.of(), problems);
    return settings.timing(settings.ttl());
  }

  private static Map<String, String> with(Map<String, String> values, String key, String value) {
    Map<String, String> all = new HashMap<>(values);
    all.put(key, value);
    return all;
  }
}

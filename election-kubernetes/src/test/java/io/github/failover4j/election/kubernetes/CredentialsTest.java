package io.github.failover4j.election.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.provider.support.testing.LogCapture;
import io.github.failover4j.provider.support.testing.SecretLeaks;
import io.github.failover4j.spi.Candidate;
import io.github.failover4j.spi.ElectionConfig;
import io.github.failover4j.spi.ElectionContext;
import io.github.failover4j.spi.ElectionException;
import io.github.failover4j.spi.LeaseStore;
import io.github.failover4j.testkit.TestMoverCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credential sources over TLS with a test CA, and the settings' checks. */
class CredentialsTest {
  private static final String TOKEN = "sa-token-aaaaaaaaaaaaaaaaaaaa";
  private static final String ROTATED = "sa-token-bbbbbbbbbbbbbbbbbbbb";
  private static final Candidate SELF = new Candidate("node-a", 100, false);

  private final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("test CA")
      .build();
  private final HeldCertificate serverCertificate = new HeldCertificate.Builder().addSubjectAlternativeName(
      "localhost").signedBy(ca).build();
  private final FakeApiServer api = new FakeApiServer();
  private final MockWebServer server = new MockWebServer();
  @TempDir
  Path dir;

  private void startTls(boolean clientCertificates) throws IOException {
    HandshakeCertificates.Builder handshake = new HandshakeCertificates.Builder().heldCertificate(serverCertificate);
    if (clientCertificates) {
      handshake.addTrustedCertificate(ca.certificate());
    }
    server.useHttps(handshake.build().sslSocketFactory());
    if (clientCertificates) {
      server.requestClientAuth();
      api.requireClientCertificate();
    }
    server.setDispatcher(api);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Path secretFile(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private Path serviceAccount() throws IOException {
    Path sa = Files.createDirectories(dir.resolve("sa"));
    secretFile("sa/token", TOKEN);
    Files.writeString(sa.resolve("ca.crt"), ca.certificatePem());
    Files.writeString(sa.resolve("namespace"), "ha\n");
    return sa;
  }

  private Map<String, String> podEnvironment() {
    return Map.of("KUBERNETES_SERVICE_HOST", "localhost", "KUBERNETES_SERVICE_PORT",
        Integer.toString(server.getPort()));
  }

  @Test
  void foundByServiceLoader() {
    assertTrue(ServiceLoader.load(io.github.failover4j.spi.ElectionProvider.class).stream()
        .anyMatch(p -> p.get().name().equals("kubernetes")));
  }

  @Test
  void inClusterCredentialsWithARotatedToken() throws Exception {
    startTls(false);
    Path sa = serviceAccount();
    api.acceptTokens(TOKEN);
    KubernetesElectionProvider provider = new KubernetesElectionProvider(podEnvironment());
    ElectionContext context = new ElectionContext("web", "node-a",
        new ElectionConfig(Map.of("serviceAccountDir", sa.toString())));
    assertEquals("ha", provider.settings(context).namespace(), "the pod's namespace");
    try (LeaseStore store = provider.create(context)) {
      assertTrue(store.campaign(ample(), SELF).heldBy("node-a"));

      // the kubelet rotates the token: the old one is refused from now on
      api.acceptTokens(ROTATED);
      secretFile("sa/token", ROTATED);
      Files.setLastModifiedTime(sa.resolve("token"), FileTime.from(Instant.now().plusSeconds(60)));
      assertTrue(store.campaign(ample(), SELF).heldBy("node-a"), "the rotated token was read");
    }
    assertTrue(api.lease("ha", "web").isPresent());
  }

  @Test
  void aTokenReadableByEveryUserIsRefusedWithTheFix() throws Exception {
    Path sa = serviceAccount();
    Files.setPosixFilePermissions(sa.resolve("token"), PosixFilePermissions.fromString("rw-r--r--"));
    List<String> problems = new KubernetesElectionProvider(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1",
        "KUBERNETES_SERVICE_PORT", "443")).validate(new ElectionConfig(Map.of("serviceAccountDir", sa.toString())));

    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("readable by every user") && problems.get(0).contains("runAsUser"),
        problems.get(0));
  }

  @Test
  void kubeconfigWithATokenAndItsCaInline() throws Exception {
    startTls(false);
    api.acceptTokens(TOKEN);
    Path kubeconfig = secretFile("config", kubeconfig("token: " + TOKEN));
    try (LeaseStore store = new KubernetesElectionProvider(Map.of()).create(new ElectionContext("web", "node-a",
        new ElectionConfig(Map.of("kubeconfig", kubeconfig.toString()))))) {
      assertTrue(store.campaign(ample(), SELF).heldBy("node-a"));
    }
    assertTrue(api.lease("ops", "web").isPresent(), "the context's namespace");
  }

  @Test
  void kubeconfigWithAClientCertificateAndAPkcs1Key() throws Exception {
    startTls(true);
    HeldCertificate client = new HeldCertificate.Builder().rsa2048().commonName("system:node:a").signedBy(ca).build();
    secretFile("client.key", client.privateKeyPkcs1Pem());
    Files.writeString(dir.resolve("client.crt"), client.certificatePem());
    Path kubeconfig = secretFile("config", kubeconfig("client-certificate: client.crt\n    client-key: client.key"));
    try (LeaseStore store = new KubernetesElectionProvider(Map.of()).create(new ElectionContext("web", "node-a",
        new ElectionConfig(Map.of("kubeconfig", kubeconfig.toString()))))) {
      assertTrue(store.campaign(ample(), SELF).heldBy("node-a"));
    }
  }

  /** As {@code openssl ecparam -genkey} writes it: the curve's parameters, then the SEC1 key. */
  @Test
  void kubeconfigWithAClientCertificateAndASec1EcKey() throws Exception {
    startTls(true);
    HeldCertificate client = new HeldCertificate.Builder().ecdsa256().commonName("node-a").signedBy(ca).build();
    // SEC1 names its curve in the key itself (PKCS#8 keeps it outside, in the algorithm)
    PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(client.keyPair().getPrivate().getEncoded());
    byte[] sec1 = new ECPrivateKey(256, ECPrivateKey.getInstance(pkcs8.parsePrivateKey()).getKey(),
        pkcs8.getPrivateKeyAlgorithm().getParameters()).getEncoded();
    secretFile("client.key", "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
        + "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(sec1)
        + "\n-----END EC PRIVATE KEY-----\n");
    Files.writeString(dir.resolve("client.crt"), client.certificatePem());
    Path kubeconfig = secretFile("config", kubeconfig("client-certificate: client.crt\n    client-key: client.key"));
    try (LeaseStore store = new KubernetesElectionProvider(Map.of()).create(new ElectionContext("web", "node-a",
        new ElectionConfig(Map.of("kubeconfig", kubeconfig.toString()))))) {
      assertTrue(store.campaign(ample(), SELF).heldBy("node-a"));
    }
  }

  @Test
  void kubeconfigWithAClientCertificateAndAPkcs8EcKeyInline() throws Exception {
    startTls(true);
    HeldCertificate client = new HeldCertificate.Builder().ecdsa256().commonName("node-a").signedBy(ca).build();
    Path kubeconfig = secretFile("config", kubeconfig("client-certificate-data: " + base64(client.certificatePem())
        + "\n    client-key-data: " + base64(client.privateKeyPkcs8Pem())));
    try (LeaseStore store = new KubernetesElectionProvider(Map.of()).create(new ElectionContext("web", "node-a",
        new ElectionConfig(Map.of("kubeconfig", kubeconfig.toString()))))) {
      assertTrue(store.campaign(ample(), SELF).heldBy("node-a"));
    }
  }

  @Test
  void everyProblemOfTheSettingsAtOnce() throws Exception {
    Path kubeconfig = dir.resolve("config");
    Files.writeString(kubeconfig, kubeconfig("token: " + TOKEN + "\n    exec: {command: aws}")
        .replace("clusters:", "clusters:\n- name: other\n  cluster: {server: 'https://x', insecure-skip-tls-verify: true}"));
    Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-r--r--"));
    List<String> problems = new KubernetesElectionProvider(Map.of()).validate(new ElectionConfig(Map.of(
        "kubeconfig", kubeconfig.toString(), "duration", "15.5s", "renew", "20s", "retryPeriod", "soon",
        "lease", "Web_VIP", "namespace", "Kube System", "tls", "x")));

    assertEquals(List.of(
        "tls: unknown key (expected: one of context, duration, kubeconfig, lease, namespace, renew, retryPeriod,"
            + " serviceAccountDir)",
        "retryPeriod: soon (expected: a duration such as 2s, 500ms or 1m30s)",
        "duration: 15.5s (expected: whole seconds, 2s..1h: the Lease's leaseDurationSeconds)",
        "renew: 20s (expected: less than duration, 15.5s: the difference is the safety margin)",
        "lease: Web_VIP (expected: a Lease name of at most 63 lower-case letters, digits, '-' and '.', starting and"
            + " ending with a letter or digit; set lease)",
        "kubeconfig " + kubeconfig + ", context test, user admin: exec is not supported (expected: token, tokenFile or"
            + " a client certificate; for a cloud's exec plugin, give this node a service account token in a"
            + " tokenFile instead)",
        "kubeconfig " + kubeconfig + ", context test, user admin: holds a token and " + kubeconfig
            + " is readable by every user (expected: chmod o-r, e.g. 0600 or 0640)",
        "namespace: Kube System (expected: a namespace's name: at most 63 lower-case letters, digits and '-')"),
        problems);
  }

  @Test
  void notInAPodAndNoKubeconfig() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> new KubernetesElectionProvider(
        Map.of()).create(new ElectionContext("web", "node-a", new ElectionConfig(Map.of()))));
    assertTrue(e.problems().get(0).startsWith("kubeconfig: not set, and not in a pod"), e.problems().toString());
  }

  @Test
  void secretsShowNowhere() throws Exception {
    startTls(false);
    api.acceptTokens(TOKEN);
    LogCapture.clear();
    Path kubeconfig = secretFile("config", kubeconfig("token: " + TOKEN));
    KubernetesElectionProvider provider = new KubernetesElectionProvider(Map.of());
    ElectionContext context = new ElectionContext("web", "node-a",
        new ElectionConfig(Map.of("kubeconfig", kubeconfig.toString())));
    List<String> shown = new ArrayList<>();
    try (LeaseStore store = provider.create(context)) {
      store.campaign(ample(), SELF); // logs that it took the Lease
      api.failNext(1, 500); // the fake echoes the Authorization header in its message
      ElectionException e = assertThrows(ElectionException.class, () -> store.campaign(ample(), SELF));
      assertTrue(e.getMessage().contains("(Bearer ****)"), e.getMessage());
      shown.add(e.getMessage());
      shown.add(e.toString());
      shown.add(store.toString());
      shown.add(provider.settings(context).toString());
      shown.add(context.toString());
    }
    // a kubeconfig whose YAML is broken after the token: its error does not quote it
    Files.writeString(kubeconfig, "users:\n- user: {token: " + TOKEN + "\n  ][");
    shown.addAll(provider.validate(context.config()));
    SecretLeaks.assertNowhere(TOKEN, shown);
  }

  private String kubeconfig(String user) {
    return """
        apiVersion: v1
        kind: Config
        current-context: test
        clusters:
        - name: fake
          cluster:
            server: %s
            certificate-authority-data: %s
        contexts:
        - name: test
          context: {cluster: fake, user: admin, namespace: ops}
        users:
        - name: admin
          user:
            %s
        """.formatted(server.getStarted() ? server.url("/").toString() : "https://localhost:6443",
        base64(ca.certificatePem()), user);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** A call of 5 s, far more than the fake needs. */
  private static TestMoverCall ample() {
    return TestMoverCall.within(Duration.ofSeconds(5));
  }
}

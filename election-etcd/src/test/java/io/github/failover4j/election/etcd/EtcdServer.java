package io.github.failover4j.election.etcd;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * A real etcd (Debian's etcd-server, {@code /usr/bin/etcd}) for a test: one member on 127.0.0.1,
 * free ports, a data directory of its own; {@link #close()} stops it by its PID (SIGTERM, then
 * SIGKILL) and deletes the directory, whatever the test did. Skipped when etcd is missing, unless
 * {@code FAILOVER4J_REQUIRE_NETNS=1} (CI), where that fails.
 */
final class EtcdServer implements AutoCloseable {
  private static final Path ETCD = Path.of("/usr/bin/etcd");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final Path dir;
  private final String url;
  private final SSLSocketFactory tls;

  private EtcdServer(Process process, Path dir, String url, SSLSocketFactory tls) {
    this.process = process;
    this.dir = dir;
    this.url = url;
    this.tls = tls;
  }

  /**
   * Starts a plain-http etcd.
   *
   * @return the server, healthy
   * @throws Exception if it does not start
   */
  static EtcdServer start() throws Exception {
    return start(null);
  }

  /**
   * Starts an etcd; with certificates, it serves https and asks clients for a certificate signed
   * by the test CA.
   *
   * @param certificates the server's certificates, or null for http
   * @param options more of etcd's options, e.g. {@code --auth-token-ttl 1}
   * @return the server, healthy
   * @throws Exception if it does not start
   */
  static EtcdServer start(TestCertificates certificates, String... options) throws Exception {
    requireEtcd();
    Path dir = Files.createTempDirectory("failover4j-etcd-");
    int client = freePort();
    int peer = freePort();
    String scheme = certificates == null ? "http" : "https";
    String url = scheme + "://127.0.0.1:" + client;
    List<String> command = new ArrayList<>(List.of(ETCD.toString(), "--name", "test",
        "--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", url, "--advertise-client-urls", url,
        "--listen-peer-urls", "http://127.0.0.1:" + peer,
        "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer,
        "--initial-cluster", "test=http://127.0.0.1:" + peer,
        "--log-outputs", "stderr", "--logger", "zap"));
    command.addAll(List.of(options));
    if (certificates != null) {
      command.addAll(List.of("--cert-file", certificates.serverCert().toString(),
          "--key-file", certificates.serverKey().toString(),
          "--trusted-ca-file", certificates.ca().toString(), "--client-cert-auth"));
    }
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("etcd.log").toFile())
        .start();
    EtcdServer server = new EtcdServer(process, dir, url, certificates == null ? null : certificates.clientSocketFactory());
    try {
      server.awaitHealthy();
      return server;
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  static void requireEtcd() {
    if (!Files.isExecutable(ETCD)) {
      String reason = ETCD + " is missing (apt-get install etcd-server)";
      if ("1".equals(System.getenv("FAILOVER4J_REQUIRE_NETNS"))) {
        throw new AssertionError(reason);
      }
      Assumptions.abort(reason);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitHealthy() throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited with " + process.exitValue() + ": " + log());
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) new URL(url + "/health").openConnection();
        if (connection instanceof HttpsURLConnection https) {
          https.setSSLSocketFactory(tls);
        }
        connection.setConnectTimeout(500);
        connection.setReadTimeout(500);
        if (connection.getResponseCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("etcd not healthy within " + START_TIMEOUT.toSeconds() + " s: " + log());
  }

  /**
   * Returns the client URL.
   *
   * @return e.g. {@code http://127.0.0.1:40123}
   */
  String url() {
    return url;
  }

  /**
   * Returns the port of the client URL.
   *
   * @return the port
   */
  int port() {
    return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
  }

  /**
   * Returns what etcd logged.
   *
   * @return the log, or why it cannot be read
   */
  String log() {
    try {
      return Files.readString(dir.resolve("etcd.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Stops etcd by its PID, SIGTERM then SIGKILL, and deletes its directory. */
  @Override
  public void close() throws IOException {
    try {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}

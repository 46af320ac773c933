package io.github.failover4j.election.etcd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * A test CA, and a server certificate for 127.0.0.1 and a client certificate signed by it, made
 * with {@code openssl} (EC P-256 keys, PKCS#8 PEM files, the keys readable by their owner only) in
 * a directory of their own, deleted by {@link #close()}.
 *
 * @param dir the files' directory
 */
record TestCertificates(Path dir) implements AutoCloseable {
  private static final Path OPENSSL = Path.of("/usr/bin/openssl");

  /**
   * Makes the certificates.
   *
   * @return them
   * @throws Exception if openssl fails
   */
  static TestCertificates make() throws Exception {
    if (!Files.isExecutable(OPENSSL)) {
      Assumptions.abort(OPENSSL + " is missing");
    }
    TestCertificates c = new TestCertificates(Files.createTempDirectory("failover4j-etcd-tls-"));
    try {
      c.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
          "-subj", "/CN=failover4j test CA", "-keyout", c.file("ca.key"), "-out", c.file("ca.pem"));
      // etcd's gateway dials its own gRPC server with this certificate: it must be a client's too
      c.signed("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth");
      c.signed("client", "/CN=failover4j", "extendedKeyUsage=clientAuth");
      for (String key : List.of("ca.key", "server.key", "client.key")) {
        Files.setPosixFilePermissions(c.dir.resolve(key), PosixFilePermissions.fromString("rw-------"));
      }
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
  }

  private void signed(String name, String subject, String extensions) throws Exception {
    Files.writeString(dir.resolve(name + ".ext"), extensions + "\n");
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", subject,
        "-keyout", file(name + ".key"), "-out", file(name + ".csr"));
    openssl("x509", "-req", "-in", file(name + ".csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"),
        "-CAcreateserial", "-days", "2", "-extfile", file(name + ".ext"), "-out", file(name + ".pem"));
  }

  private void openssl(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
    command.addAll(List.of(arguments));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("openssl.log").toFile())).start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("openssl " + String.join(" ", arguments) + " failed: "
          + Files.readString(dir.resolve("openssl.log")));
    }
  }

  private String file(String name) {
    return dir.resolve(name).toString();
  }

  Path ca() {
    return dir.resolve("ca.pem");
  }

  Path serverCert() {
    return dir.resolve("server.pem");
  }

  Path serverKey() {
    return dir.resolve("server.key");
  }

  Path clientCert() {
    return dir.resolve("client.pem");
  }

  Path clientKey() {
    return dir.resolve("client.key");
  }

  /** A socket factory that trusts the test CA and shows the client certificate, for health checks. */
  SSLSocketFactory clientSocketFactory() {
    List<String> problems = new ArrayList<>();
    Optional<EtcdTls> tls = EtcdTls.read(Optional.of(ca()), Optional.of(clientCert()), Optional.of(clientKey()), problems);
    return tls.orElseThrow(() -> new IllegalStateException(problems.toString())).socketFactory();
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

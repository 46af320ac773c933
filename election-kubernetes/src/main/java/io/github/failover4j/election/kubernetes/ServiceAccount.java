package io.github.failover4j.election.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * In-cluster credentials, as a pod has them: the API server from {@code KUBERNETES_SERVICE_HOST}
 * and {@code KUBERNETES_SERVICE_PORT}, and in the service account's directory the token (which the
 * kubelet rotates), the cluster's CA ({@code ca.crt}) and the pod's namespace.
 */
final class ServiceAccount {
  /** Where the kubelet mounts a pod's service account. */
  static final Path DEFAULT_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  /** Said when the projected token is readable by every user: the kubelet's default mode is 0644. */
  private static final String MODE_HINT = "; give the pod a securityContext.runAsUser (the kubelet then writes the"
      + " token 0600) or mount a projected service account token with defaultMode 0400";

  private ServiceAccount() {}

  /**
   * Reads the pod's credentials.
   *
   * @param dir the service account's directory
   * @param environment the process's environment
   * @param problems where problems are added
   * @return the credentials, or empty if a problem was added
   */
  static Optional<Credentials> read(Path dir, Map<String, String> environment, List<String> problems) {
    String host = environment.get("KUBERNETES_SERVICE_HOST");
    String port = environment.get("KUBERNETES_SERVICE_PORT");
    if (host == null || host.isBlank() || port == null || port.isBlank()) {
      problems.add("kubeconfig: not set, and not in a pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are"
          + " not both set (expected: the path of a kubeconfig, or in-cluster credentials)");
      return Optional.empty();
    }
    HttpUrl server = server(host.strip(), port.strip(), problems);
    int before = problems.size();
    var token = Credentials.tokenFile("serviceAccountDir", dir.resolve("token"), MODE_HINT, problems);
    var ca = Credentials.certificates("serviceAccountDir", dir.resolve("ca.crt"), problems);
    Optional<String> namespace = namespace(dir.resolve("namespace"), problems);
    if (server == null || problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new Credentials(
        new ApiAccess(server, ca, token, Optional.empty(), "in-cluster service account " + dir), namespace));
  }

  private static HttpUrl server(String host, String port, List<String> problems) {
    try {
      return new HttpUrl.Builder().scheme("https").host(host).port(Integer.parseInt(port)).build();
    } catch (IllegalArgumentException e) {
      problems.add("KUBERNETES_SERVICE_HOST/PORT: " + host + " " + port + " (expected: the API server's address and"
          + " port, as the kubelet sets them)");
      return null;
    }
  }

  private static Optional<String> namespace(Path file, List<String> problems) {
    try {
      return Optional.of(Files.readString(file).strip()).filter(s -> !s.isEmpty());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      problems.add("serviceAccountDir: " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
      return Optional.empty();
    }
  }
}

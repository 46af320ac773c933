package io.github.failover4j.election.kubernetes;

import io.github.failover4j.spi.ElectionConfig;
import io.github.failover4j.spi.LeaseTiming;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A Kubernetes election's settings, checked with every problem collected: the Lease, its times
 * (client-go's defaults: 15 s, 10 s, 2 s) and the credentials. Reading them reads the credential
 * files, never the network.
 *
 * @param namespace the Lease's namespace
 * @param lease the Lease's name
 * @param timing the lease's duration, renewal period and renew deadline
 * @param access the API server and the credentials
 */
record KubernetesSettings(String namespace, String lease, LeaseTiming timing, ApiAccess access) {
  static final Duration DEFAULT_DURATION = Duration.ofSeconds(15);
  static final Duration DEFAULT_RENEW = Duration.ofSeconds(10);
  static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);
  static final Set<String> KEYS = Set.of("namespace", "lease", "duration", "renew", "retryPeriod", "kubeconfig",
      "context", "serviceAccountDir");

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile(DNS_LABEL + "(\\." + DNS_LABEL + ")*");
  private static final int LABEL_VALUE_MAX = 63;

  /**
   * Reads the settings.
   *
   * @param group the group's name, the Lease's unless {@code lease} is set
   * @param config the settings
   * @param environment the process's environment (in-cluster credentials)
   * @param problems where every problem is added
   * @return the settings, or empty if a problem was added
   */
  static Optional<KubernetesSettings> read(String group, ElectionConfig config, Map<String, String> environment,
      List<String> problems) {
    int before = problems.size();
    for (String key : new TreeSet<>(config.keys())) {
      if (!KEYS.contains(key)) {
        problems.add(key + ": unknown key (expected: one of " + String.join(", ", new TreeSet<>(KEYS)) + ")");
      }
    }
    Duration duration = duration(config, "duration", DEFAULT_DURATION, problems);
    Duration renew = duration(config, "renew", DEFAULT_RENEW, problems);
    Duration retryPeriod = duration(config, "retryPeriod", DEFAULT_RETRY_PERIOD, problems);
    LeaseTiming timing = timing(duration, renew, retryPeriod, problems);
    String lease = config.get("lease").orElse(group);
    if (lease.length() > LABEL_VALUE_MAX || !DNS_SUBDOMAIN.matcher(lease).matches()) {
      problems.add("lease: " + lease + (config.get("lease").isEmpty() ? " (the group's name)" : "") + " (expected: a"
          + " Lease name of at most 63 lower-case letters, digits, '-' and '.', starting and ending with a letter or"
          + " digit; set lease)");
    }
    Optional<Credentials> credentials = credentials(config, environment, problems);
    String namespace = config.get("namespace")
        .or(() -> credentials.flatMap(Credentials::namespace)).orElse("default");
    if (namespace.length() > LABEL_VALUE_MAX || !DNS_LABEL.matcher(namespace).matches()) {
      problems.add("namespace: " + namespace + " (expected: a namespace's name: at most 63 lower-case letters, digits"
          + " and '-')");
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new KubernetesSettings(namespace, lease, timing, credentials.get().access()));
  }

  private static Optional<Credentials> credentials(ElectionConfig config, Map<String, String> environment,
      List<String> problems) {
    Optional<Path> kubeconfig = path(config, "kubeconfig", problems);
    Optional<Path> serviceAccountDir = path(config, "serviceAccountDir", problems);
    if (kubeconfig.isPresent()) {
      if (serviceAccountDir.isPresent()) {
        problems.add("serviceAccountDir: set with kubeconfig (expected: one of the two)");
      }
      return Kubeconfig.read(kubeconfig.get(), config.get("context"), problems);
    }
    if (config.get("context").isPresent()) {
      problems.add("context: set without kubeconfig (expected: a context of the kubeconfig file)");
    }
    if (config.get("kubeconfig").isPresent() || config.get("serviceAccountDir").isPresent() && serviceAccountDir.isEmpty()) {
      return Optional.empty(); // an invalid path, already reported
    }
    return ServiceAccount.read(serviceAccountDir.orElse(ServiceAccount.DEFAULT_DIR), environment, problems);
  }

  private static Optional<Path> path(ElectionConfig config, String key, List<String> problems) {
    Optional<String> value = config.get(key);
    try {
      return value.filter(v -> !v.isBlank()).map(Path::of);
    } catch (InvalidPathException e) {
      problems.add(key + ": " + value.get() + " (expected: a file's path)");
      return Optional.empty();
    }
  }

  private static Duration duration(ElectionConfig config, String key, Duration fallback, List<String> problems) {
    Optional<String> value = config.get(key);
    if (value.isEmpty()) {
      return fallback;
    }
    Optional<Duration> d = GoDuration.parse(value.get()).filter(v -> !v.isZero());
    if (d.isEmpty()) {
      problems.add(key + ": " + value.get() + " (expected: a duration such as " + GoDuration.text(fallback) + ", 500ms"
          + " or 1m30s)");
      return fallback;
    }
    return d.get();
  }

  /** client-go's rules: duration > renew > retryPeriod; the Lease holds whole seconds. */
  private static LeaseTiming timing(Duration duration, Duration renew, Duration retryPeriod, List<String> problems) {
    List<String> found = new ArrayList<>();
    if (duration.toNanos() % 1_000_000_000L != 0 || duration.getSeconds() < 2 || duration.toHours() > 1) {
      found.add("duration: " + GoDuration.text(duration) + " (expected: whole seconds, 2s..1h: the Lease's"
          + " leaseDurationSeconds)");
    }
    if (renew.compareTo(duration) >= 0) {
      found.add("renew: " + GoDuration.text(renew) + " (expected: less than duration, " + GoDuration.text(duration)
          + ": the difference is the safety margin)");
    }
    if (retryPeriod.compareTo(renew) >= 0 || retryPeriod.toMillis() < 100) {
      found.add("retryPeriod: " + GoDuration.text(retryPeriod) + " (expected: 100ms or more and less than renew, "
          + GoDuration.text(renew) + ")");
    }
    problems.addAll(found);
    return found.isEmpty() ? new LeaseTiming(duration, retryPeriod, renew)
        : new LeaseTiming(DEFAULT_DURATION, DEFAULT_RETRY_PERIOD, DEFAULT_RENEW);
  }
}

package io.github.failover4j.election.kubernetes;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.spi.ElectionConfig;
import io.github.failover4j.spi.ElectionContext;
import io.github.failover4j.spi.ElectionProvider;
import io.github.failover4j.spi.LeaseStore;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code kubernetes} election: a group's leadership from a {@code coordination.k8s.io/v1}
 * Lease, with client-go's leader election rules (a holder, a lease duration, optimistic concurrency
 * on the resourceVersion). Settings, all optional:
 *
 * <table>
 * <caption>settings</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code namespace}</td><td>the pod's, else {@code default}</td><td>the Lease's namespace</td></tr>
 * <tr><td>{@code lease}</td><td>the group's name</td><td>the Lease's name</td></tr>
 * <tr><td>{@code duration}</td><td>{@code 15s}</td><td>leaseDurationSeconds: after it without a
 * renewal seen, another candidate may take the Lease</td></tr>
 * <tr><td>{@code renew}</td><td>{@code 10s}</td><td>how long the holder keeps the addresses while
 * renewals fail (less than {@code duration})</td></tr>
 * <tr><td>{@code retryPeriod}</td><td>{@code 2s}</td><td>how often the holder renews and the others
 * try</td></tr>
 * <tr><td>{@code kubeconfig}</td><td>in-cluster credentials</td><td>a kubeconfig file</td></tr>
 * <tr><td>{@code context}</td><td>its current-context</td><td>the kubeconfig's context</td></tr>
 * <tr><td>{@code serviceAccountDir}</td><td>{@code /var/run/secrets/kubernetes.io/serviceaccount}</td>
 * <td>the pod's token, CA and namespace</td></tr>
 * </table>
 */
public final class KubernetesElectionProvider implements ElectionProvider {
  private final Map<String, String> environment;

  /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
  public KubernetesElectionProvider() {
    this(System.getenv());
  }

  KubernetesElectionProvider(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public List<String> validate(ElectionConfig config) {
    List<String> problems = new ArrayList<>();
    // the group's name is not known here: a missing lease name is checked against a valid one
    KubernetesSettings.read("failover4j", config, environment, problems);
    return problems;
  }

  @Override
  public LeaseStore create(ElectionContext context) {
    return create(context, Clock.systemUTC());
  }

  LeaseStore create(ElectionContext context, Clock wall) {
    KubernetesSettings settings = settings(context);
    try {
      return new KubernetesLeaseStore(settings, context.candidate(), settings.access().httpClient(), System::nanoTime,
          wall);
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException("kubernetes election of group " + context.group(), List.of(
          "credentials: " + settings.access() + " refused by the JDK (" + e.getClass().getSimpleName() + ")"));
    }
  }

  /**
   * Reads a group's settings.
   *
   * @param context the group and its settings
   * @return the settings
   * @throws ConfigurationException listing every problem
   */
  KubernetesSettings settings(ElectionContext context) {
    List<String> problems = new ArrayList<>();
    return KubernetesSettings.read(context.group(), context.config(), environment, problems)
        .orElseThrow(() -> new ConfigurationException("kubernetes election of group " + context.group(), problems));
  }
}

package io.github.failover4j.spi;

import java.util.List;

/**
 * Makes {@link LeaseStore}s of one kind (etcd, a Kubernetes Lease, ...), found by
 * {@link java.util.ServiceLoader} and chosen by name, as {@link IpMoverProvider}s are. A group whose
 * election is not VRRP gets its leadership from the store this provider makes; its checks, movers,
 * notify hooks and status work as with VRRP.
 */
public interface ElectionProvider {
  /**
   * Returns the name groups choose this provider by.
   *
   * @return e.g. {@code etcd}, {@code kubernetes}
   */
  String name();

  /**
   * Checks a store's settings without making it and without any network call: what
   * {@code FailoverGroup.Builder.build()} and the agent's {@code --check-config} report. Secret
   * files (keys, tokens) may be read to say that one is missing or readable by every user, never
   * sent.
   *
   * @param config the settings
   * @return every problem, each as {@code key: value (expected: ...)}; empty if none (the default)
   */
  default List<String> validate(ElectionConfig config) {
    return List.of();
  }

  /**
   * Makes the store of one group's election. Makes no network call: the first one is the group's
   * first {@link LeaseStore#campaign}.
   *
   * @param context the group, this candidate and the settings
   * @return the store
   * @throws io.github.failover4j.ConfigurationException listing every problem of the settings
   */
  LeaseStore create(ElectionContext context);
}

package io.github.failover4j.internal;

import io.github.failover4j.spi.ElectionProvider;
import java.util.Set;

/**
 * Finds election providers (etcd, Kubernetes, your own) by name through
 * {@link java.util.ServiceLoader}, as {@link IpMovers} finds IP movers, with the same errors.
 */
public final class Elections {
  private static final NamedProviders<ElectionProvider> PROVIDERS = new NamedProviders<>(ElectionProvider.class,
      "election", ElectionProvider::name, Set.of("etcd", "kubernetes"), "failover4j-election-");

  private Elections() {}

  /**
   * Returns the provider of a name.
   *
   * @param name e.g. {@code etcd}
   * @return the provider
   * @throws IllegalArgumentException naming the problem, e.g. {@code unknown election "etdc"
   *     (available: etcd, kubernetes)}
   */
  public static ElectionProvider byName(String name) {
    return PROVIDERS.byName(name);
  }
}

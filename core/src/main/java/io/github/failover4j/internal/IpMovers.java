package io.github.failover4j.internal;

import io.github.failover4j.spi.IpMoverProvider;
import java.util.Set;

/**
 * Finds IP mover providers by name through {@link java.util.ServiceLoader}, from the caller's
 * context class loader and failover4j's own. Never falls back to anything: an unknown name, a
 * missing provider module, or two providers with one name is an error that says so.
 */
public final class IpMovers {
  private static final NamedProviders<IpMoverProvider> PROVIDERS = new NamedProviders<>(IpMoverProvider.class,
      "ip mover", IpMoverProvider::name, Set.of("ovh", "hetzner", "openstack"), "failover4j-provider-");

  private IpMovers() {}

  /**
   * Returns the provider of a name.
   *
   * @param name e.g. {@code local}
   * @return the provider
   * @throws IllegalArgumentException naming the problem, e.g. {@code unknown ip mover "hetzer"
   *     (available: local, ovh)}
   */
  public static IpMoverProvider byName(String name) {
    return PROVIDERS.byName(name);
  }
}

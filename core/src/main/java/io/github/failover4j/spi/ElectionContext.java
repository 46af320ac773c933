package io.github.failover4j.spi;

/**
 * What an {@link ElectionProvider} makes a {@link LeaseStore} for.
 *
 * @param group the group's name: the store derives its key or Lease name from it unless its
 *     settings name one
 * @param candidate this node's identity among the group's candidates (unique per group: a host
 *     name by default); it is what other nodes see as the holder
 * @param config the provider's settings
 */
public record ElectionContext(String group, String candidate, ElectionConfig config) {
  /**
   * Checks the parts.
   *
   * @param group the group's name
   * @param candidate this node's identity
   * @param config the settings
   */
  public ElectionContext {
    java.util.Objects.requireNonNull(group, "group");
    java.util.Objects.requireNonNull(config, "config");
    if (candidate == null || candidate.isBlank()) {
      throw new IllegalArgumentException("candidate: empty (expected: this node's identity)");
    }
  }
}

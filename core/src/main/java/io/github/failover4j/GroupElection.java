package io.github.failover4j;

import io.github.failover4j.group.ElectionSettings;
import io.github.failover4j.internal.Elections;
import io.github.failover4j.spi.ElectionConfig;
import io.github.failover4j.spi.ElectionContext;
import io.github.failover4j.spi.ElectionProvider;
import io.github.failover4j.spi.LeaseStore;
import io.github.failover4j.vrrp.VrrpConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A group's election other than VRRP, as its builder checked it: the provider found by name, its
 * settings, and this node's identity among the candidates. The store is made at start.
 */
final class GroupElection {
  /** Options that only VRRP reads: refused with an election rather than silently ignored. */
  private static final List<String> VRRP_ONLY = List.of("vrid", "version", "advertInterval", "preemptDelay",
      "advertiseOnLowerPriority", "checkTtl", "unicastSource", "unicastPeers", "authPassword", "checksum");

  private final ElectionProvider provider;
  private final ElectionConfig config;
  private final String candidate;

  private GroupElection(ElectionProvider provider, ElectionConfig config, String candidate) {
    this.provider = provider;
    this.config = config;
    this.candidate = candidate;
  }

  /**
   * Checks a group's election, adding every problem.
   *
   * @param providerName the provider asked for; null for VRRP
   * @param config its settings
   * @param candidate this node's identity; null for the host name
   * @param context the group's name (null if not set), options set, priority and sync group
   * @param problems where problems go
   * @return the election, if one was asked for and has no problem
   */
  static Optional<GroupElection> check(String providerName, ElectionConfig config, String candidate,
      BuilderFacts context, List<String> problems) {
    if (providerName == null) {
      if (candidate != null) {
        problems.add("candidate: set without an election (expected: election(...) too; VRRP has no candidates)");
      }
      return Optional.empty();
    }
    int before = problems.size();
    VRRP_ONLY.stream().filter(context.set()::contains).forEach(option -> problems.add(option
        + ": set with an election (expected: none; the " + providerName + " election, not VRRP, elects the group)"));
    if (context.name() == null) {
      problems.add("name: missing (expected: a name; with an election it names the group's key or Lease)");
    }
    if (context.priority() == VrrpConfig.OWNER_PRIORITY) {
      problems.add("priority: 255 with an election (expected: 1..254; a lease has no address owner)");
    }
    if (context.syncGroup()) {
      problems.add("syncGroup: set with an election (expected: none; sync groups move VRRP groups only)");
    }
    String id = candidate;
    if (id == null) {
      try {
        id = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        problems.add("candidate: missing, and the host name cannot be read (expected: this node's identity)");
      }
    } else if (id.isBlank()) {
      problems.add("candidate: blank (expected: this node's identity, unique among the group's candidates)");
    }
    ElectionProvider provider = null;
    try {
      provider = Elections.byName(providerName);
      ElectionProvider found = provider;
      found.validate(config).forEach(p -> problems.add("election: " + found.name() + ": " + p));
    } catch (IllegalArgumentException e) {
      problems.add("election: " + e.getMessage());
    }
    return problems.size() > before ? Optional.empty() : Optional.of(new GroupElection(provider, config, id));
  }

  /** What the builder tells about the group, for the checks. */
  record BuilderFacts(String name, Set<String> set, int priority, boolean syncGroup) {}

  /**
   * Makes the group's store; no network call.
   *
   * @param group the group's name
   * @return the store
   * @throws ConfigurationException listing the settings' problems the provider found only now
   */
  LeaseStore create(String group) {
    return provider.create(new ElectionContext(group, candidate, config));
  }

  /**
   * Returns the election as the group's logic takes it.
   *
   * @param store the store made by {@link #create}
   * @return the settings, with the store's times
   */
  ElectionSettings settings(LeaseStore store) {
    return new ElectionSettings(provider.name(), candidate, store.timing());
  }
}

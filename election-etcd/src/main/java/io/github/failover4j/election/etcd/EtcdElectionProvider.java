package io.github.failover4j.election.etcd;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.spi.ElectionConfig;
import io.github.failover4j.spi.ElectionContext;
import io.github.failover4j.spi.ElectionProvider;
import io.github.failover4j.spi.LeaseStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code etcd} election: a group's leader holds a key attached to its etcd lease, through
 * etcd's v3 JSON gateway. Settings (see the module's README): {@code endpoints} (required),
 * {@code prefix}, {@code ttl}, {@code renewEvery}, {@code margin}, {@code tls.ca},
 * {@code tls.cert}, {@code tls.key}, {@code username}, {@code passwordFile}.
 */
public final class EtcdElectionProvider implements ElectionProvider {
  /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
  public EtcdElectionProvider() {}

  @Override
  public String name() {
    return "etcd";
  }

  @Override
  public List<String> validate(ElectionConfig config) {
    List<String> problems = new ArrayList<>();
    EtcdSettings.read(config, problems);
    return List.copyOf(problems);
  }

  @Override
  public LeaseStore create(ElectionContext context) {
    List<String> problems = new ArrayList<>();
    EtcdSettings settings = EtcdSettings.read(context.config(), problems);
    if (!problems.isEmpty()) {
      throw new ConfigurationException("etcd election of group " + context.group(), problems);
    }
    return new EtcdLeaseStore(context, settings);
  }
}

package io.github.failover4j.provider.openstack;

import io.github.failover4j.spi.IpMover;
import io.github.failover4j.testkit.IpMoverContract;
import java.util.HashSet;
import java.util.Set;

/**
 * What the two modes' contract fixtures share: the fake cloud, and the contract's failures mapped
 * onto Neutron's answers to the next request, whatever it is.
 */
abstract class ContractWorld implements IpMoverContract.Fixture {
  final OpenStackHarness cloud;
  private final IpMover mover;

  ContractWorld(OpenStackHarness cloud, IpMover mover) {
    this.cloud = cloud;
    this.mover = mover;
  }

  @Override
  public IpMover mover() {
    return mover;
  }

  @Override
  public boolean inject(IpMoverContract.Failure failure) {
    FakeNeutron neutron = cloud.neutron;
    switch (failure) {
      case TRANSIENT -> neutron.fail("*", ".*", 503, "HTTPServiceUnavailable", "The server is currently unavailable.");
      case RATE_LIMITED -> neutron.fail("*", ".*", 429, "HTTPTooManyRequests", "Too many requests", "Retry-After", "2");
      case BUSY -> neutron.fail("*", ".*", 409, "IpAddressGenerationFailure", "No more IP addresses available.");
      case UNAUTHORIZED -> {
        // the token refused, and a new one too: the credentials were revoked
        neutron.fail("*", ".*", 401, "Unauthorized", "The request you have made requires authentication.");
        cloud.keystone.refuseNext(1);
      }
      case NOT_FOUND -> neutron.fail("*", ".*", 404, "FloatingIPNotFound", "Floating IP could not be found");
      case HANG -> neutron.hang("*", ".*");
      default -> {
        return false;
      }
    }
    return true;
  }

  @Override
  public Set<String> secrets() {
    Set<String> secrets = new HashSet<>(Set.of(FakeKeystone.PASSWORD));
    if (cloud.keystone.lastToken() != null) {
      secrets.add(cloud.keystone.lastToken());
    }
    return secrets;
  }

  @Override
  public void close() {
    cloud.close();
  }
}

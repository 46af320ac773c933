package io.github.failover4j.provider.openstack;

import static io.github.failover4j.provider.openstack.OpenStackHarness.OTHER_PORT;
import static io.github.failover4j.provider.openstack.OpenStackHarness.SELF_PORT;
import static io.github.failover4j.provider.openstack.OpenStackHarness.VIP;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.testkit.IpMoverContract;

/**
 * The IP mover contract, kept by the allowed-address-pairs mode: "held" is "allowed on the port",
 * the other node being one whose port allows the address when this one's does not.
 */
class AllowedAddressPairsContractTest extends IpMoverContract {
  @Override
  protected Fixture fixture() {
    OpenStackHarness cloud = new OpenStackHarness();
    return new ContractWorld(cloud, cloud.pairsMover()) {
      @Override
      public void assign(Holder holder) {
        cloud.neutron.pairs(SELF_PORT, holder.isSelf() ? new String[] {"10.0.0.50", VIP} : new String[] {"10.0.0.50"});
        cloud.neutron.pairs(OTHER_PORT, holder.state() == Holder.State.OTHER ? new String[] {VIP} : new String[0]);
      }

      @Override
      public Holder truth() {
        if (cloud.neutron.pairs(SELF_PORT).contains(VIP)) {
          return Holder.self();
        }
        return cloud.neutron.pairs(OTHER_PORT).contains(VIP) ? Holder.other(OTHER_NODE) : Holder.nobody();
      }
    };
  }
}

package io.github.failover4j.provider.openstack;

import static io.github.failover4j.provider.openstack.OpenStackHarness.FIP;
import static io.github.failover4j.provider.openstack.OpenStackHarness.OTHER_PORT;
import static io.github.failover4j.provider.openstack.OpenStackHarness.SELF_PORT;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.testkit.IpMoverContract;
import java.util.Map;
import java.util.Optional;

/** The IP mover contract, kept by the floating-ip mode. */
class FloatingIpContractTest extends IpMoverContract {
  @Override
  protected Fixture fixture() {
    OpenStackHarness cloud = new OpenStackHarness();
    Map<String, String> settings = cloud.settings("floating-ip");
    settings.put("pollInterval", "100ms");
    return new ContractWorld(cloud, cloud.mover(settings, OpenStackHarness.FIP_ADDRESS + "/32")) {
      @Override
      public void assign(Holder holder) {
        cloud.neutron.associate(FIP, switch (holder.state()) {
          case SELF -> SELF_PORT;
          case OTHER -> OTHER_PORT;
          default -> null;
        });
      }

      @Override
      public Holder truth() {
        Optional<String> port = cloud.neutron.holder(FIP);
        return port.isEmpty() ? Holder.nobody() : port.get().equals(SELF_PORT) ? Holder.self() : Holder.other(OTHER_NODE);
      }
    };
  }
}

package io.github.failover4j.provider.hetzner;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.testkit.IpMoverContract;
import io.github.failover4j.testkit.TestMoverContext;
import java.util.Map;
import java.util.Set;

/**
 * The alias-ip mover keeps the IP mover contract, against the fake Hetzner Cloud API: both servers
 * keep unrelated aliases throughout, which every move must leave in place.
 */
class HetznerAliasIpContractTest extends IpMoverContract {
  private static final long NETWORK = 7578;
  private static final long SELF = 11;
  private static final long OTHER = 12;
  private static final String VIP = "10.0.1.1";

  @Override
  protected Fixture fixture() {
    CloudHarness h = new CloudHarness();
    h.cloud.server(SELF, NETWORK, "10.0.1.2", "10.0.1.20").server(OTHER, NETWORK, "10.0.1.3", "10.0.1.30");
    Map<String, String> settings = h.settings("alias-ip");
    settings.put("network", Long.toString(NETWORK));
    settings.put("server", Long.toString(SELF));
    settings.put("pollInterval", "100ms");
    IpMover mover = h.provider().create(TestMoverContext.of(MoverConfig.of(settings), VIP + "/32"));
    return new Fixture() {
      @Override
      public IpMover mover() {
        return mover;
      }

      @Override
      public void assign(Holder holder) {
        boolean self = holder.state() == Holder.State.SELF;
        boolean other = holder.state() == Holder.State.OTHER;
        h.cloud.server(SELF, NETWORK, "10.0.1.2", self ? new String[] {"10.0.1.20", VIP} : new String[] {"10.0.1.20"});
        h.cloud.server(OTHER, NETWORK, "10.0.1.3", other ? new String[] {VIP, "10.0.1.30"} : new String[] {"10.0.1.30"});
      }

      @Override
      public Holder truth() {
        if (!h.cloud.aliases(SELF, NETWORK).contains("10.0.1.20") || !h.cloud.aliases(OTHER, NETWORK).contains("10.0.1.30")) {
          throw new AssertionError("an unrelated alias was lost: " + h.cloud.aliases(SELF, NETWORK) + ", "
              + h.cloud.aliases(OTHER, NETWORK));
        }
        boolean self = h.cloud.aliases(SELF, NETWORK).contains(VIP);
        boolean other = h.cloud.aliases(OTHER, NETWORK).contains(VIP);
        if (self && other) {
          throw new AssertionError(VIP + " on both servers");
        }
        return self ? Holder.self() : other ? Holder.other(OTHER_NODE) : Holder.nobody();
      }

      @Override
      public boolean inject(Failure failure) {
        return ContractFailures.inject(h.cloud, failure);
      }

      @Override
      public Set<String> secrets() {
        return Set.of(FakeCloud.TOKEN);
      }

      @Override
      public void close() {
        h.close();
      }
    };
  }
}

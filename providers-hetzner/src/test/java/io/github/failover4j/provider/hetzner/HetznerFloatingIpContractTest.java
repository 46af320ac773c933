package io.github.failover4j.provider.hetzner;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.testkit.IpMoverContract;
import io.github.failover4j.testkit.TestMoverContext;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The floating-ip mover keeps the IP mover contract, against the fake Hetzner Cloud API. */
class HetznerFloatingIpContractTest extends IpMoverContract {
  private static final long FLOATING_IP = 4711;
  private static final long SELF = 11;
  private static final long OTHER = 12;

  @Override
  protected Fixture fixture() {
    CloudHarness h = new CloudHarness();
    h.cloud.server(SELF).server(OTHER).floatingIp(FLOATING_IP, "203.0.113.7", null);
    h.cloud.runningPolls(1);
    Map<String, String> settings = h.settings("floating-ip");
    settings.put("server", Long.toString(SELF));
    settings.put("pollInterval", "100ms");
    IpMover mover = h.provider().create(TestMoverContext.of(MoverConfig.of(settings), "203.0.113.7/32"));
    return new Fixture() {
      @Override
      public IpMover mover() {
        return mover;
      }

      @Override
      public void assign(Holder holder) {
        h.cloud.floatingIp(FLOATING_IP, "203.0.113.7", switch (holder.state()) {
          case SELF -> SELF;
          case OTHER -> OTHER;
          default -> null;
        });
      }

      @Override
      public Holder truth() {
        Optional<Long> server = h.cloud.holder(FLOATING_IP);
        return server.isEmpty() ? Holder.nobody() : server.get() == SELF ? Holder.self() : Holder.other(OTHER_NODE);
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

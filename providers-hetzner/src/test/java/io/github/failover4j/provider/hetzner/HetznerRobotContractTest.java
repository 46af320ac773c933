package io.github.failover4j.provider.hetzner;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.testkit.IpMoverContract;
import io.github.failover4j.testkit.TestMoverContext;
import java.util.Optional;
import java.util.Set;

/** The robot mover keeps the IP mover contract, against the fake Robot webservice. */
class HetznerRobotContractTest extends IpMoverContract {
  private static final String IP = "203.0.113.50";

  @Override
  protected Fixture fixture() {
    RobotHarness h = new RobotHarness();
    h.robot.failover(IP, RobotHarness.PEER, null);
    IpMover mover = h.provider().create(TestMoverContext.of(MoverConfig.of(h.settings()), IP + "/32"));
    return new Fixture() {
      @Override
      public IpMover mover() {
        return mover;
      }

      @Override
      public void assign(Holder holder) {
        h.robot.failover(IP, RobotHarness.PEER, switch (holder.state()) {
          case SELF -> RobotHarness.SELF;
          case OTHER -> RobotHarness.PEER;
          default -> null;
        });
      }

      @Override
      public Holder truth() {
        Optional<String> route = h.robot.route(IP);
        return route.isEmpty() ? Holder.nobody()
            : route.get().equals(RobotHarness.SELF) ? Holder.self() : Holder.other(OTHER_NODE);
      }

      @Override
      public boolean inject(Failure failure) {
        return ContractFailures.inject(h.robot, failure);
      }

      @Override
      public Set<String> secrets() {
        return Set.of(FakeRobot.PASSWORD);
      }

      @Override
      public void close() {
        h.close();
      }
    };
  }
}

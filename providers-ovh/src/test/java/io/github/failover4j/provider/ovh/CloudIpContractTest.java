package io.github.failover4j.provider.ovh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.testkit.IpMoverContract;
import io.github.failover4j.testkit.TestMoverCall;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The IP mover contract, for a Public Cloud additional IP with signed requests. */
class CloudIpContractTest extends IpMoverContract {
  private OvhWorld world;

  @Override
  protected Fixture fixture() {
    world = new OvhWorld(OvhWorld.Mode.CLOUD_IP, false);
    return world;
  }

  /**
   * Replaces the kit's test: OVH offers no detach for a Public Cloud additional IP, so a release
   * must fail PERMANENT and leave the IP where it is, rather than pretend.
   */
  @Override
  @Test
  public void releaseLetsGoOfHeldAddresses() throws Exception {
    world.assign(Holder.self());
    IpMoverException e = assertThrows(IpMoverException.class,
        () -> world.mover().release(TestMoverCall.within(Duration.ofSeconds(30))));
    assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
    assertEquals(Holder.State.SELF, world.truth().state());
  }
}

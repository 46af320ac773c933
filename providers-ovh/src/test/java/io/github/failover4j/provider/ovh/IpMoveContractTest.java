package io.github.failover4j.provider.ovh;

import io.github.failover4j.testkit.IpMoverContract;

/** The IP mover contract, for an additional IP moved with /ip/{ip}/move, with signed requests. */
class IpMoveContractTest extends IpMoverContract {
  @Override
  protected Fixture fixture() {
    return new OvhWorld(OvhWorld.Mode.IP_MOVE, false);
  }
}

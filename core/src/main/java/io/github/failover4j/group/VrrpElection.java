package io.github.failover4j.group;

import io.github.failover4j.vrrp.VrrpAction;
import io.github.failover4j.vrrp.VrrpState;
import io.github.failover4j.vrrp.VrrpStateMachine;
import java.util.List;

/** Leadership by VRRP: the state machine of the {@code vrrp} module, which knows nothing of core. */
record VrrpElection(VrrpStateMachine machine) implements Election {
  @Override
  public List<VrrpAction> start(long now) {
    return machine.start(now);
  }

  @Override
  public List<VrrpAction> onTimer(long now) {
    return machine.onTimer(now);
  }

  @Override
  public List<VrrpAction> onFault(long now) {
    return machine.onFault(now);
  }

  @Override
  public List<VrrpAction> onRecovered(long now) {
    return machine.onRecovered(now);
  }

  @Override
  public List<VrrpAction> shutdown(long now) {
    return machine.shutdown(now);
  }

  @Override
  public List<VrrpAction> yieldMaster(long now) {
    return machine.yieldMaster(now);
  }

  @Override
  public void setPriority(long now, int priority) {
    machine.setPriority(now, priority);
  }

  @Override
  public int priority() {
    return machine.priority();
  }

  @Override
  public VrrpState state() {
    return machine.state();
  }

  @Override
  public long nextDeadlineNanos() {
    return machine.nextDeadlineNanos();
  }
}

package io.github.failover4j.group;

import io.github.failover4j.vrrp.VrrpAction;
import io.github.failover4j.vrrp.VrrpState;
import java.util.List;

/**
 * Where a group's leadership comes from: VRRP advertisements ({@link VrrpElection}) or a store's
 * lease ({@link LeaseElection}). {@link GroupLogic} drives either the same way — its faults, checks,
 * demotions and movers do not care which — and performs the actions they return.
 */
interface Election {
  List<VrrpAction> start(long now);

  List<VrrpAction> onTimer(long now);

  List<VrrpAction> onFault(long now);

  List<VrrpAction> onRecovered(long now);

  List<VrrpAction> shutdown(long now);

  List<VrrpAction> yieldMaster(long now);

  void setPriority(long now, int priority);

  int priority();

  VrrpState state();

  long nextDeadlineNanos();
}

package io.github.failover4j.group;

import io.github.failover4j.MoverOptions;
import io.github.failover4j.MoverState;
import io.github.failover4j.spi.Holder;

/**
 * What a {@link MoverLogic} asks of the driver that runs it: the Linux driver runs operations on a
 * mover thread against the real provider, the testkit's simulation against a simulated cloud in
 * virtual time. Called on the driving thread; must not block.
 */
public interface MoverOutput {
  /**
   * Starts an operation; its result comes back through {@link MoverLogic#completed}.
   *
   * @param id the operation's identity, to hand back with its result
   * @param step what to call on the mover
   * @param current the holder last seen, for a claim
   * @param deadline the ticker reading by which the operation must have returned
   */
  void start(long id, MoverStep step, Holder current, long deadline);

  /**
   * Cancels the operation in flight; its result still comes back (as cancelled, or as done if it
   * finished first).
   *
   * @param id the operation's identity
   */
  void cancel(long id);

  /**
   * Reports a change of the mover's state.
   *
   * @param from the old state
   * @param to the new one
   * @param detail why, in words, without secrets
   */
  void changed(MoverState from, MoverState to, String detail);

  /**
   * Reports that the provider shows the addresses on another node while the group is MASTER.
   *
   * @param holder the other node
   * @param action what the policy does about it; for {@link MoverOptions.OnSplitBrain#STEP_DOWN}
   *     the group must step down
   */
  void splitBrain(Holder holder, MoverOptions.OnSplitBrain action);

  /**
   * Reports that the claim has failed for the configured time, or no longer applies: the group
   * applies (or lifts) its claim-failure policy (a demotion or a fault).
   *
   * @param failing true when the policy starts to apply, false when it is lifted
   * @param why in words, without secrets
   */
  void claimFailing(boolean failing, String why);
}

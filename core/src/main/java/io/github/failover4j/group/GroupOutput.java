package io.github.failover4j.group;

import io.github.failover4j.Tracked;
import io.github.failover4j.TrackState;
import io.github.failover4j.vrrp.AdvertisementView;
import io.github.failover4j.vrrp.VrrpDecodeException;
import java.util.OptionalLong;

/**
 * What a {@link GroupLogic} asks of the driver that runs it: the Linux engine sends on a raw
 * socket and moves addresses on its interface, the testkit's simulation on its simulated network.
 * Called on the driving thread, which must not block in these methods.
 */
public interface GroupOutput {
  /**
   * Sends an advertisement to every destination of the group.
   *
   * @param priority the priority to advertise; 0 to release
   * @return false if it could not be sent (counted as a send error)
   */
  boolean send(int priority);

  /**
   * Asks the group's movers to hold the virtual addresses.
   *
   * @param fencingToken the token of the lease the group holds, for the movers' calls; empty under VRRP
   */
  void claim(OptionalLong fencingToken);

  /** Asks the group's movers to give the virtual addresses up. */
  void release();

  /**
   * Asks the group's movers to announce the addresses again (ARP / NA), or for a cloud to re-check
   * who holds them, if they hold them.
   */
  void reannounce();

  /**
   * Tells the group's movers that, not MASTER, it heard another master (once per role change):
   * that master's claim moves the addresses, so a pending cloud release is called off.
   */
  void masterHeard();

  /**
   * Asks for a lease store call (groups elected by a lease only): made off the driving thread, one
   * at a time, answered with {@link GroupLogic#onLeaseView} or {@link GroupLogic#onLeaseFailure}.
   *
   * @param request the call
   */
  void lease(LeaseRequest request);

  /**
   * Reports a role change. Called before the new role is published: a listener that sees the new
   * role must not then hear of the change.
   *
   * @param transition the facts
   */
  void transitioned(RoleTransition transition);

  /**
   * Reports a change of the effective priority.
   *
   * @param from the old priority
   * @param to the new one
   * @param reason why, in words
   */
  void priorityChanged(int from, int to, String reason);

  /**
   * Reports a change of a tracked check, interface or file.
   *
   * @param tracked what is tracked
   * @param state its new state
   * @param effect its effect on the group now ("fault", "-60", "+0", …)
   */
  void trackChanged(Tracked tracked, TrackState state, String effect);

  /**
   * Reports a packet the codec refused; counted already.
   *
   * @param now the driver's ticker reading
   * @param problem what was wrong with it
   */
  void dropped(long now, VrrpDecodeException problem);

  /**
   * Reports an advertisement the group refused or doubts; counted already.
   *
   * @param now the driver's ticker reading
   * @param problem a fixed description of the problem (no allocation)
   * @param advert the advertisement, valid during the call only
   */
  void doubted(long now, Problem problem, AdvertisementView advert);

  /** Kinds of advertisements a group refuses or doubts. */
  enum Problem {
    /** A multicast advertisement reached a unicast group, or the other way round: dropped. */
    WRONG_DESTINATION,
    /** A unicast advertisement from an address that is not a peer: dropped. */
    NOT_FROM_PEER,
    /** An advertisement whose virtual addresses differ from the group's: accepted, worth a warning. */
    ADDRESS_LIST_MISMATCH
  }
}

package io.github.failover4j.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.failover4j.vrrp.VrrpAction.ClaimAddresses;
import io.github.failover4j.vrrp.VrrpAction.Reannounce;
import io.github.failover4j.vrrp.VrrpAction.ReleaseAddresses;
import io.github.failover4j.vrrp.VrrpAction.SendAdvertisement;
import io.github.failover4j.vrrp.VrrpAction.Transition;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The state table of RFC 9568 §6.4 (see reference/vrrp-protocol.md §6), one test per row, with
 * explicit times. The router under test is 10.0.0.2, VRRPv3, priority 100, interval 100 ms, so
 * Skew_Time = 156/256 × 100 ms = 60.9375 ms and Master_Down_Interval = 360.9375 ms.
 */
class VrrpStateMachineTest {
  static final long T0 = 5_000_000_000L;
  static final long INTERVAL = ms(100);
  static final long SKEW = 60_937_500L;
  static final long DOWN = 3 * INTERVAL + SKEW;
  static final InetAddress SELF = ip("10.0.0.2");
  static final InetAddress LOWER_IP = ip("10.0.0.1");
  static final InetAddress HIGHER_IP = ip("10.0.0.3");
  static final List<InetAddress> VIPS = List.of(ip("192.0.2.10"));

  static final Transition TO_BACKUP_AT_STARTUP =
      new Transition(VrrpState.INITIALIZE, VrrpState.BACKUP, TransitionCause.STARTUP);

  static VrrpConfig.Builder config() {
    return VrrpConfig.builder(51).advertInterval(Duration.ofMillis(100)).addresses(VIPS);
  }

  static VrrpAdvertisement advert(int priority) {
    return advert(priority, 10);
  }

  static VrrpAdvertisement advert(int priority, int intervalCentis) {
    return new VrrpAdvertisement(VrrpVersion.V3, 51, priority, intervalCentis, VIPS, VrrpAuth.none());
  }

  static VrrpStateMachine started(VrrpConfig.Builder config) {
    VrrpStateMachine machine = new VrrpStateMachine(config.build(), SELF);
    machine.start(T0);
    return machine;
  }

  /** A router that became MASTER at T0 + DOWN, having heard nobody. */
  static VrrpStateMachine master(VrrpConfig.Builder config) {
    VrrpStateMachine machine = started(config);
    machine.onTimer(machine.nextDeadlineNanos());
    assertEquals(VrrpState.MASTER, machine.state());
    return machine;
  }

  @Nested
  class Initialize {
    @Test
    void ownerStartsAsMasterAndAdvertisesAtOnce() {
      VrrpStateMachine machine = new VrrpStateMachine(config().priority(255).build(), SELF);

      assertEquals(List.of(new SendAdvertisement(255), new ClaimAddresses(),
              new Transition(VrrpState.INITIALIZE, VrrpState.MASTER, TransitionCause.STARTUP)),
          machine.start(T0));
      assertEquals(VrrpState.MASTER, machine.state());
      assertEquals(T0 + INTERVAL, machine.nextDeadlineNanos());
    }

    @Test
    void othersStartAsBackupWithTheDownTimerSet() {
      VrrpStateMachine machine = new VrrpStateMachine(config().build(), SELF);

      assertEquals(List.of(TO_BACKUP_AT_STARTUP), machine.start(T0));
      assertEquals(VrrpState.BACKUP, machine.state());
      assertEquals(T0 + DOWN, machine.nextDeadlineNanos());
    }

    @Test
    void advertisementsBeforeStartAreIgnored() {
      VrrpStateMachine machine = new VrrpStateMachine(config().build(), SELF);

      assertEquals(List.of(), receive(machine, T0, HIGHER_IP, advert(200)));
      assertEquals(VrrpStateMachine.NO_DEADLINE, machine.nextDeadlineNanos());
    }
  }

  @Nested
  class Backup {
    @Test
    void shutdownCancelsTheDownTimer() {
      VrrpStateMachine machine = started(config());

      assertEquals(List.of(new Transition(VrrpState.BACKUP, VrrpState.INITIALIZE, TransitionCause.SHUTDOWN)),
          machine.shutdown(T0 + ms(10)));
      assertEquals(VrrpStateMachine.NO_DEADLINE, machine.nextDeadlineNanos());
    }

    @Test
    void downTimerFiringMakesItMaster() {
      VrrpStateMachine machine = started(config());

      assertEquals(List.of(), machine.onTimer(T0 + DOWN - 1));
      assertEquals(List.of(new SendAdvertisement(100), new ClaimAddresses(),
              new Transition(VrrpState.BACKUP, VrrpState.MASTER, TransitionCause.MASTER_DOWN)),
          machine.onTimer(T0 + DOWN));
      assertEquals(T0 + DOWN + INTERVAL, machine.nextDeadlineNanos());
    }

    @Test
    void priorityZeroSetsTheDownTimerToSkewTime() {
      VrrpStateMachine machine = started(config());
      receive(machine, T0 + ms(50), HIGHER_IP, advert(200));

      assertEquals(List.of(), receive(machine, T0 + ms(120), HIGHER_IP, advert(0)));
      assertEquals(T0 + ms(120) + SKEW, machine.nextDeadlineNanos());
      assertEquals(List.of(new SendAdvertisement(100), new ClaimAddresses(),
              new Transition(VrrpState.BACKUP, VrrpState.MASTER, TransitionCause.MASTER_RELEASED)),
          machine.onTimer(T0 + ms(120) + SKEW));
    }

    @Test
    void higherOrEqualPriorityResetsTheDownTimer() {
      VrrpStateMachine machine = started(config());

      assertEquals(List.of(), receive(machine, T0 + ms(30), LOWER_IP, advert(100)));
      assertEquals(T0 + ms(30) + DOWN, machine.nextDeadlineNanos());
      assertEquals(List.of(), receive(machine, T0 + ms(130), HIGHER_IP, advert(200)));
      assertEquals(T0 + ms(130) + DOWN, machine.nextDeadlineNanos());
      assertEquals(Optional.of(new MasterInfo(HIGHER_IP, 200, 10)), machine.master());
      assertEquals(T0 + ms(130), machine.lastAdvertNanos());
    }

    @Test
    void adoptsTheMastersIntervalAndRecomputesSkewTime() {
      VrrpStateMachine machine = started(config());

      receive(machine, T0, HIGHER_IP, advert(200, 20)); // 200 ms: skew 121.875 ms
      assertEquals(121_875_000L, machine.skewTimeNanos());
      assertEquals(T0 + ms(600) + 121_875_000L, machine.nextDeadlineNanos());

      receive(machine, T0 + ms(200), HIGHER_IP, advert(200, 5)); // 50 ms: skew 30.46875 ms
      assertEquals(30_468_750L, machine.skewTimeNanos());
      assertEquals(T0 + ms(200) + ms(150) + 30_468_750L, machine.nextDeadlineNanos());
    }

    @Test
    void preemptIgnoresALowerPriorityMasterAndTakesOver() {
      VrrpStateMachine machine = started(config());

      assertEquals(List.of(), receive(machine, T0 + ms(100), LOWER_IP, advert(50)));
      assertEquals(T0 + DOWN, machine.nextDeadlineNanos()); // unchanged since start
      assertEquals(List.of(new SendAdvertisement(100), new ClaimAddresses(),
              new Transition(VrrpState.BACKUP, VrrpState.MASTER, TransitionCause.PREEMPTION)),
          machine.onTimer(T0 + DOWN));
    }

    @Test
    void noPreemptFollowsALowerPriorityMaster() {
      VrrpStateMachine machine = started(config().preempt(false));

      receive(machine, T0 + ms(100), LOWER_IP, advert(50));
      assertEquals(T0 + ms(100) + DOWN, machine.nextDeadlineNanos());
      assertEquals(Optional.of(new MasterInfo(LOWER_IP, 50, 10)), machine.master());
    }

    @Test
    void preemptDelayToleratesALowerPriorityMasterThatLong() {
      VrrpStateMachine machine = started(config().preemptDelay(Duration.ofSeconds(300)));
      long firstHeard = T0 + ms(100);

      // heard every interval: followed for 300 s from the first advertisement
      long t = firstHeard;
      for (; t < firstHeard + Duration.ofSeconds(300).toNanos(); t += INTERVAL) {
        receive(machine, t, LOWER_IP, advert(50));
        assertEquals(t + DOWN, machine.nextDeadlineNanos());
      }
      long lastFollowed = t - INTERVAL;
      // then ignored: its down timer runs out
      receive(machine, t, LOWER_IP, advert(50));
      assertEquals(lastFollowed + DOWN, machine.nextDeadlineNanos());
      assertEquals(new Transition(VrrpState.BACKUP, VrrpState.MASTER, TransitionCause.PREEMPTION),
          machine.onTimer(lastFollowed + DOWN).get(2));
    }

    @Test
    void aHigherPriorityMasterEndsThePreemptDelay() {
      VrrpStateMachine machine = started(config().preemptDelay(Duration.ofSeconds(10)));
      receive(machine, T0, LOWER_IP, advert(50));
      receive(machine, T0 + ms(9_000), HIGHER_IP, advert(200));
      // a new lower-priority master gets a fresh delay
      receive(machine, T0 + ms(9_100), LOWER_IP, advert(50));
      receive(machine, T0 + ms(15_000), LOWER_IP, advert(50));
      assertEquals(T0 + ms(15_000) + DOWN, machine.nextDeadlineNanos());
    }

    @Test
    void itsOwnAdvertisementsAreIgnored() {
      VrrpStateMachine machine = started(config());

      receive(machine, T0 + ms(100), SELF, advert(100));
      assertEquals(T0 + DOWN, machine.nextDeadlineNanos());
    }
  }

  @Nested
  class Master {
    static final long BECAME_MASTER = T0 + DOWN;

    @Test
    void shutdownSendsPriorityZeroAndReleases() {
      VrrpStateMachine machine = master(config());

      assertEquals(List.of(new SendAdvertisement(0), new ReleaseAddresses(),
              new Transition(VrrpState.MASTER, VrrpState.INITIALIZE, TransitionCause.SHUTDOWN)),
          machine.shutdown(BECAME_MASTER + ms(10)));
      assertEquals(VrrpStateMachine.NO_DEADLINE, machine.nextDeadlineNanos());
    }

    @Test
    void adverTimerSendsAndRearms() {
      VrrpStateMachine machine = master(config());

      assertEquals(List.of(), machine.onTimer(BECAME_MASTER + INTERVAL - 1));
      assertEquals(List.of(new SendAdvertisement(100)), machine.onTimer(BECAME_MASTER + INTERVAL));
      // a late wake-up keeps the schedule's cadence
      assertEquals(List.of(new SendAdvertisement(100)), machine.onTimer(BECAME_MASTER + 2 * INTERVAL + ms(3)));
      assertEquals(BECAME_MASTER + 3 * INTERVAL, machine.nextDeadlineNanos());
    }

    @Test
    void aStallSendsOnceInsteadOfABurst() {
      VrrpStateMachine machine = master(config());

      assertEquals(List.of(new SendAdvertisement(100)), machine.onTimer(BECAME_MASTER + ms(2_000)));
      assertEquals(BECAME_MASTER + ms(2_000) + INTERVAL, machine.nextDeadlineNanos());
    }

    @Test
    void priorityZeroIsAnsweredAtOnce() {
      VrrpStateMachine machine = master(config());

      assertEquals(List.of(new SendAdvertisement(100)),
          receive(machine, BECAME_MASTER + ms(30), LOWER_IP, advert(0)));
      assertEquals(BECAME_MASTER + ms(30) + INTERVAL, machine.nextDeadlineNanos());
    }

    @Test
    void higherPriorityMakesItBackupFollowingThatMastersInterval() {
      VrrpStateMachine machine = master(config());
      long now = BECAME_MASTER + ms(30);

      assertEquals(List.of(new ReleaseAddresses(),
              new Transition(VrrpState.MASTER, VrrpState.BACKUP, TransitionCause.HIGHER_PRIORITY)),
          receive(machine, now, LOWER_IP, advert(101, 20)));
      assertEquals(now + ms(600) + 121_875_000L, machine.nextDeadlineNanos());
      assertEquals(Optional.of(new MasterInfo(LOWER_IP, 101, 20)), machine.master());
    }

    @Test
    void equalPriorityFromAHigherAddressWins() {
      VrrpStateMachine machine = master(config());

      assertEquals(VrrpState.BACKUP, transitionOf(receive(machine, BECAME_MASTER + 1, HIGHER_IP, advert(100))));
    }

    @Test
    void equalPriorityFromALowerAddressLoses() {
      VrrpStateMachine machine = master(config());

      assertEquals(List.of(new SendAdvertisement(100), new Reannounce()),
          receive(machine, BECAME_MASTER + 1, LOWER_IP, advert(100)));
      assertEquals(VrrpState.MASTER, machine.state());
    }

    @Test
    void addressesCompareUnsigned() {
      VrrpStateMachine machine = master(config()); // 10.0.0.2 loses to 200.0.0.1 (0xc8 > 0x0a)

      assertEquals(VrrpState.BACKUP, transitionOf(receive(machine, BECAME_MASTER + 1, ip("200.0.0.1"), advert(100))));
    }

    @Test
    void lowerPriorityIsAnsweredAtOnceAndReannouncedRfc9568() {
      VrrpStateMachine machine = master(config());

      assertEquals(List.of(new SendAdvertisement(100), new Reannounce()),
          receive(machine, BECAME_MASTER + ms(30), HIGHER_IP, advert(99)));
      assertEquals(BECAME_MASTER + INTERVAL, machine.nextDeadlineNanos()); // the schedule is kept
    }

    @Test
    void lowerPriorityIsOnlyReannouncedRfc5798() {
      VrrpStateMachine machine = master(config().advertiseOnLowerPriority(false));

      assertEquals(List.of(new Reannounce()), receive(machine, BECAME_MASTER + ms(30), HIGHER_IP, advert(99)));
    }

    @Test
    void followsItselfAsMaster() {
      assertEquals(Optional.of(new MasterInfo(SELF, 100, 10)), master(config()).master());
    }
  }

  /** What a caller steers besides packets and timers: dynamic priority, sync groups, yielding. */
  @Nested
  class Steering {
    @Test
    void aMasterAdvertisesANewPriorityFromItsNextAdvertisement() {
      VrrpStateMachine machine = master(config());
      machine.setPriority(T0 + DOWN + ms(10), 40);

      assertEquals(40, machine.priority());
      assertEquals(List.of(new SendAdvertisement(40)), machine.onTimer(T0 + DOWN + INTERVAL));
      assertEquals(List.of(new SendAdvertisement(0), new ReleaseAddresses(),
              new Transition(VrrpState.MASTER, VrrpState.INITIALIZE, TransitionCause.SHUTDOWN)),
          machine.shutdown(T0 + DOWN + INTERVAL + 1));
    }

    @Test
    void aBackupRaisedAboveItsMasterPreemptsWhenTheDownTimerOfItsLastHigherAdvertRunsOut() {
      VrrpStateMachine machine = started(config());
      receive(machine, T0, HIGHER_IP, advert(150));
      machine.setPriority(T0 + ms(50), 200);
      // the master's 150 is now lower: its advertisements no longer hold the down timer back
      for (long t = T0 + INTERVAL; t < T0 + DOWN; t += INTERVAL) {
        assertEquals(List.of(), receive(machine, t, HIGHER_IP, advert(150)));
      }
      // the timer the last advertisement of a higher priority set (at T0) runs on, as in keepalived
      assertEquals(T0 + DOWN, machine.nextDeadlineNanos());
      assertEquals(List.of(new SendAdvertisement(200), new ClaimAddresses(),
              new Transition(VrrpState.BACKUP, VrrpState.MASTER, TransitionCause.PREEMPTION)),
          machine.onTimer(T0 + DOWN));
    }

    @Test
    void aMasterLoweredBelowABackupIsPreemptedByIt() {
      VrrpStateMachine machine = master(config());
      machine.setPriority(T0 + DOWN + 1, 20);

      assertEquals(VrrpState.BACKUP,
          transitionOf(receive(machine, T0 + DOWN + ms(20), LOWER_IP, advert(50))));
    }

    @Test
    void theOwnersPriorityCannotChangeAndNoOtherMayReach255() {
      VrrpStateMachine owner = started(config().priority(255));
      assertThrows(IllegalStateException.class, () -> owner.setPriority(T0, 200));
      VrrpStateMachine other = started(config());
      assertThrows(IllegalArgumentException.class, () -> other.setPriority(T0, 255));
      assertThrows(IllegalArgumentException.class, () -> other.setPriority(T0, 0));
    }

    @Test
    void aHeldBackupWantsMasterUntilItHearsAMasterItFollows() {
      VrrpStateMachine machine = started(config());
      assertEquals(false, machine.wantsMaster(T0 + DOWN - 1));
      assertEquals(true, machine.wantsMaster(T0 + DOWN));

      machine.holdBackup(T0 + DOWN);
      assertEquals(VrrpState.BACKUP, machine.state());
      assertEquals(T0 + 2 * DOWN, machine.nextDeadlineNanos());
      assertEquals(true, machine.wantsMaster(T0 + DOWN + 1));
      receive(machine, T0 + DOWN + ms(10), LOWER_IP, advert(50)); // lower: would be preempted, still wanting
      assertEquals(true, machine.wantsMaster(T0 + DOWN + ms(11)));
      receive(machine, T0 + DOWN + ms(20), HIGHER_IP, advert(200));
      assertEquals(false, machine.wantsMaster(T0 + DOWN + ms(21)));
    }

    @Test
    void takeOverMakesABackupMasterAtOnce() {
      VrrpStateMachine machine = started(config());

      assertEquals(List.of(new SendAdvertisement(100), new ClaimAddresses(),
              new Transition(VrrpState.BACKUP, VrrpState.MASTER, TransitionCause.TAKEOVER)),
          machine.takeOver(T0 + ms(5)));
      assertEquals(T0 + ms(5) + INTERVAL, machine.nextDeadlineNanos());
    }

    @Test
    void yieldSendsPriorityZeroReleasesAndWaitsAsBackup() {
      VrrpStateMachine machine = master(config());
      long now = T0 + DOWN + ms(30);

      assertEquals(List.of(new SendAdvertisement(0), new ReleaseAddresses(),
              new Transition(VrrpState.MASTER, VrrpState.BACKUP, TransitionCause.YIELD)),
          machine.yieldMaster(now));
      assertEquals(now + DOWN, machine.nextDeadlineNanos());
      assertThrows(IllegalStateException.class, () -> machine.yieldMaster(now));
    }

    @Test
    void theMasterEpochCountsChangesOfTheFollowedMasterOnly() {
      VrrpStateMachine machine = started(config());
      long before = machine.masterEpoch();
      receive(machine, T0, HIGHER_IP, advert(200));
      long first = machine.masterEpoch();
      receive(machine, T0 + INTERVAL, HIGHER_IP, advert(200));
      assertEquals(first, machine.masterEpoch());
      receive(machine, T0 + 2 * INTERVAL, HIGHER_IP, advert(201));
      assertEquals(true, before != first && first != machine.masterEpoch());
      assertEquals(Optional.of(new MasterInfo(HIGHER_IP, 201, 10)), machine.master());
    }
  }

  @Nested
  class Owner {
    @Test
    void anOwnerWithALowerAddressYieldsToAnotherOwnerThenPreemptsEvenWithNoPreempt() {
      VrrpStateMachine machine = new VrrpStateMachine(config().priority(255).preempt(false).build(), SELF);
      machine.start(T0);

      receive(machine, T0 + ms(10), HIGHER_IP, advert(255));
      assertEquals(VrrpState.BACKUP, machine.state());
      receive(machine, T0 + ms(110), LOWER_IP, advert(254)); // ignored: the owner preempts
      assertEquals(new Transition(VrrpState.BACKUP, VrrpState.MASTER, TransitionCause.PREEMPTION),
          machine.onTimer(T0 + ms(10) + 3 * INTERVAL + INTERVAL / 256).get(2));
    }
  }

  @Nested
  class Timing {
    @Test
    void v2SkewTimeIsInSecondsWhateverTheInterval() {
      VrrpStateMachine machine = started(config().version(VrrpVersion.V2).advertInterval(Duration.ofSeconds(3)));

      assertEquals(609_375_000L, machine.skewTimeNanos()); // (256 - 100) / 256 s
      assertEquals(9_609_375_000L, machine.masterDownIntervalNanos());
    }

    @Test
    void v2KeepsItsOwnIntervalWhenFollowing() {
      VrrpStateMachine machine = started(config().version(VrrpVersion.V2).advertInterval(Duration.ofSeconds(1)));
      receive(machine, T0, HIGHER_IP,
          new VrrpAdvertisement(VrrpVersion.V2, 51, 200, 200, VIPS, VrrpAuth.none()));

      assertEquals(3_609_375_000L, machine.masterDownIntervalNanos());
    }

    @Test
    void workedNumbersOfTheReference() {
      // v2, priority 100, 1 s: 0.609 s and 3.609 s
      VrrpStateMachine v2 = started(config().version(VrrpVersion.V2).advertInterval(Duration.ofSeconds(1)));
      assertEquals(609_375_000L, v2.skewTimeNanos());
      assertEquals(3_609_375_000L, v2.masterDownIntervalNanos());
      // v3, priority 200, 1000 ms: 218.75 ms and 3218.75 ms (FRR shows 210 and 3210: whole centiseconds)
      VrrpStateMachine v3 = started(config().priority(200).advertInterval(Duration.ofSeconds(1)));
      assertEquals(218_750_000L, v3.skewTimeNanos());
      assertEquals(3_218_750_000L, v3.masterDownIntervalNanos());
    }
  }

  @Nested
  class Fault {
    @Test
    void aMasterReleasesOnFault() {
      VrrpStateMachine machine = master(config());

      assertEquals(List.of(new SendAdvertisement(0), new ReleaseAddresses(),
              new Transition(VrrpState.MASTER, VrrpState.FAULT, TransitionCause.FAULT)),
          machine.onFault(T0 + ms(500)));
      assertEquals(VrrpStateMachine.NO_DEADLINE, machine.nextDeadlineNanos());
      assertEquals(List.of(), receive(machine, T0 + ms(510), HIGHER_IP, advert(200)));
    }

    @Test
    void recoveringStartsAgainAsBackup() {
      VrrpStateMachine machine = started(config());
      machine.onFault(T0 + ms(10));

      assertEquals(List.of(new Transition(VrrpState.FAULT, VrrpState.BACKUP, TransitionCause.RECOVERED)),
          machine.onRecovered(T0 + ms(20)));
      assertEquals(T0 + ms(20) + DOWN, machine.nextDeadlineNanos());
    }

    @Test
    void anOwnerRecoversAsMaster() {
      VrrpStateMachine machine = new VrrpStateMachine(config().priority(255).build(), SELF);
      machine.onFault(T0); // started with its link down

      assertEquals(List.of(new SendAdvertisement(255), new ClaimAddresses(),
              new Transition(VrrpState.FAULT, VrrpState.MASTER, TransitionCause.RECOVERED)),
          machine.onRecovered(T0 + ms(20)));
    }
  }

  @Nested
  class IllegalUse {
    @Test
    void startingTwiceThrows() {
      VrrpStateMachine machine = started(config());
      assertThrows(IllegalStateException.class, () -> machine.start(T0 + 1));
    }

    @Test
    void recoveringWithoutAFaultThrows() {
      VrrpStateMachine machine = started(config());
      assertThrows(IllegalStateException.class, () -> machine.onRecovered(T0 + 1));
    }

    @Test
    void aSecondFaultThrows() {
      VrrpStateMachine machine = started(config());
      machine.onFault(T0 + 1);
      assertThrows(IllegalStateException.class, () -> machine.onFault(T0 + 2));
    }

    @Test
    void shuttingDownBeforeStartThrows() {
      VrrpStateMachine machine = new VrrpStateMachine(config().build(), SELF);
      assertThrows(IllegalStateException.class, () -> machine.shutdown(T0));
    }

    @Test
    void anotherVridThrows() {
      VrrpStateMachine machine = started(config());
      VrrpAdvertisement other = new VrrpAdvertisement(VrrpVersion.V3, 52, 100, 10, VIPS, VrrpAuth.none());
      assertThrows(IllegalArgumentException.class, () -> receive(machine, T0, HIGHER_IP, other));
    }

    @Test
    void aPrimaryAddressOfTheWrongFamilyThrows() {
      assertThrows(IllegalArgumentException.class, () -> new VrrpStateMachine(config().build(), ip("fe80::1")));
    }
  }

  /** Delivers an advertisement as the codec would: read into a view, from a source to the group. */
  static List<VrrpAction> receive(VrrpStateMachine machine, long now, InetAddress source, VrrpAdvertisement advert) {
    return machine.onAdvertisement(now, AdvertisementView.of(advert, source, advert.family().vrrpGroup()));
  }

  static VrrpState transitionOf(List<VrrpAction> actions) {
    return actions.stream().filter(Transition.class::isInstance).map(a -> ((Transition) a).to()).findFirst()
        .orElseThrow();
  }

  static long ms(long millis) {
    return millis * 1_000_000L;
  }

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}

package io.github.failover4j.group;

import io.github.failover4j.Tracked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.Announcements;
import io.github.failover4j.GroupStatus;
import io.github.failover4j.MoverOptions;
import io.github.failover4j.Role;
import io.github.failover4j.RoleChange;
import io.github.failover4j.TrackState;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.check.Check;
import io.github.failover4j.vrrp.AdvertisementView;
import io.github.failover4j.vrrp.VrrpConfig;
import io.github.failover4j.vrrp.VrrpDecodeException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The pure group logic with a recording output: what it asks of a driver, and when. */
class GroupLogicTest {
  private static final long SECOND = 1_000_000_000L;
  private static final InetAddress SELF = address("10.0.0.1");
  private static final InetAddress PEER = address("10.0.0.2");
  private static final InetAddress STRANGER = address("10.0.0.9");
  private static final InetAddress VIP = address("10.0.0.200");

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Records what the logic asks, one line each; a lease group's store calls also as requests. */
  static final class Recorder implements GroupOutput {
    final List<String> asked = new ArrayList<>();
    final List<LeaseRequest> requests = new ArrayList<>();

    @Override
    public boolean send(int priority) {
      asked.add("send " + priority);
      return true;
    }

    @Override
    public void lease(LeaseRequest request) {
      asked.add(request.kind() + " " + request.self().priority());
      requests.add(request);
    }

    @Override
    public void claim(OptionalLong fencingToken) {
      asked.add(fencingToken.isPresent() ? "claim for term " + fencingToken.getAsLong() : "claim");
    }

    @Override
    public void release() {
      asked.add("release");
    }

    @Override
    public void reannounce() {
      asked.add("reannounce");
    }

    @Override
    public void masterHeard() {
      asked.add("master heard");
    }

    @Override
    public void transitioned(RoleTransition t) {
      asked.add(t.from() + "->" + t.to() + " " + t.cause() + ": " + t.reason());
    }

    @Override
    public void priorityChanged(int from, int to, String reason) {
      asked.add("priority " + from + "->" + to + " (" + reason + ")");
    }

    @Override
    public void trackChanged(Tracked tracked, TrackState state, String effect) {
      asked.add("track " + tracked.name() + " " + state + " " + effect);
    }

    @Override
    public void dropped(long now, VrrpDecodeException problem) {
      asked.add("dropped " + problem.reason());
    }

    @Override
    public void doubted(long now, Problem problem, AdvertisementView advert) {
      asked.add("doubted " + problem);
    }
  }

  private final Recorder out = new Recorder();

  private static VrrpConfig vrrp(int priority) {
    return VrrpConfig.builder(7).priority(priority).addresses(List.of(VIP)).build();
  }

  private static GroupSettings settings(int priority, List<InetAddress> peers, List<Tracked> tracked) {
    return new GroupSettings("web", "eth0", Optional.empty(), vrrp(priority),
        List.of(new VirtualIp(VIP, 24, Optional.empty())), Optional.empty(), peers, true, Announcements.DEFAULT,
        tracked, Optional.empty());
  }

  private static Tracked check(int weight) {
    return new Tracked.OfCheck(Check.builder("nginx").tcp("127.0.0.1", 80).build(), weight, false);
  }

  private GroupLogic master(GroupSettings settings) {
    GroupLogic logic = new GroupLogic(settings, SELF, out);
    logic.start(0, true);
    for (int i = 0; i < settings.tracked().size(); i++) {
      logic.onTracked(0, i, TrackState.HEALTHY, 0, "ok");
    }
    logic.onTimer(logic.deadline());
    assertEquals(Role.MASTER, logic.telemetry().role());
    out.asked.clear();
    return logic;
  }

  @Test
  void aFailingWeightZeroCheckSendsPriorityZeroReleasesAndHoldsFaultUntilItRecovers() {
    GroupLogic logic = master(settings(150, List.of(), List.of(check(0))));
    logic.onTracked(11 * SECOND, 0, TrackState.FAILING, 0, "connection refused");
    assertEquals(List.of("track nginx FAILING fault", "send 0", "release",
        "MASTER->FAULT CHECK_FAILED: check nginx failing"), out.asked);
    assertEquals(List.of("check nginx failing"), logic.telemetry().status(11 * SECOND, 0, List.of()).faults());
    long deadline = logic.deadline();
    logic.onTimer(20 * SECOND);
    assertEquals(4, out.asked.size(), "FAULT sends nothing: " + out.asked + " deadline " + deadline);

    logic.onTracked(21 * SECOND, 0, TrackState.HEALTHY, 0, "ok");
    assertEquals("FAULT->BACKUP RECOVERED: check nginx healthy", out.asked.get(5));
    assertEquals(List.of(), logic.telemetry().status(21 * SECOND, 0, List.of()).faults());
  }

  @Test
  void aGroupWaitsForTheFirstResultOfAWeightZeroCheckBeforeItStarts() {
    GroupLogic logic = new GroupLogic(settings(150, List.of(), List.of(check(0))), SELF, out);
    logic.start(0, true);
    assertEquals(List.of(), out.asked, "nothing before the check's first result");
    assertEquals(Role.INITIALIZE, logic.telemetry().role());
    logic.onTracked(SECOND, 0, TrackState.FAILING, 0, "refused");
    assertEquals(List.of("track nginx FAILING fault", "release", "INITIALIZE->FAULT CHECK_FAILED: check nginx failing"),
        out.asked);
  }

  @Test
  void weightsChangeTheAdvertisedPriorityFromTheNextAdvertisement() {
    GroupLogic logic = master(settings(150, List.of(), List.of(check(-60))));
    logic.onTracked(SECOND, 0, TrackState.FAILING, 0, "refused");
    assertEquals(List.of("track nginx FAILING -60", "priority 150->90 (check nginx failing)"), out.asked);
    out.asked.clear();
    logic.onTimer(logic.deadline());
    assertEquals(List.of("send 90"), out.asked);
    GroupStatus status = logic.telemetry().status(2 * SECOND, 0, List.of());
    assertEquals(90, status.priority());
    assertEquals(150, status.basePriority());
    assertEquals(90, status.master().orElseThrow().priority());
  }

  @Test
  void demotionAddsToWeightsAndStaysWithinOneTo254() {
    GroupLogic logic = master(settings(100, List.of(), List.of(check(-60))));
    logic.onTracked(SECOND, 0, TrackState.FAILING, 0, "refused");
    logic.onDemotion(SECOND, 200, "maintenance");
    assertEquals(1, logic.priority());
    logic.onDemotion(SECOND, 0, "maintenance over");
    assertEquals(40, logic.priority());
  }

  @Test
  void theLinkGoingDownIsAFaultOfItsOwn() {
    GroupLogic logic = master(settings(100, List.of(), List.of(check(0))));
    logic.onLink(SECOND, false);
    logic.onTracked(SECOND, 0, TrackState.FAILING, 0, "refused");
    logic.onLink(2 * SECOND, true);
    assertEquals(Role.FAULT, logic.telemetry().role(), "the check still holds it in FAULT");
    assertEquals(List.of("check nginx failing"), logic.telemetry().status(2 * SECOND, 0, List.of()).faults());
    assertTrue(out.asked.contains("MASTER->FAULT INTERFACE_DOWN: interface eth0 down"), out.asked.toString());
  }

  @Test
  void unicastAdvertisementsAreAcceptedFromPeersOnlyAndMulticastOnesNotAtAll() {
    GroupLogic logic = new GroupLogic(settings(100, List.of(PEER), List.of()), SELF, out);
    logic.start(0, true);
    logic.onAdvertisement(SECOND, AdvertisementView.of(vrrp(200).advertisement(200), STRANGER, SELF));
    logic.onAdvertisement(SECOND, AdvertisementView.of(vrrp(200).advertisement(200), PEER,
        vrrp(200).family().vrrpGroup()));
    logic.onAdvertisement(SECOND, AdvertisementView.of(vrrp(200).advertisement(200), PEER, SELF));
    // the one accepted advertisement is a master's: a pending cloud release is called off
    assertEquals(List.of("release", "INITIALIZE->BACKUP STARTED: started", "doubted NOT_FROM_PEER",
        "doubted WRONG_DESTINATION", "master heard"), out.asked);
    GroupStatus status = logic.telemetry().status(SECOND, 0, List.of());
    assertEquals(1, status.counters().notFromPeer());
    assertEquals(1, status.counters().wrongDestination());
    assertEquals(1, status.counters().advertsReceived());
    assertEquals(PEER, status.master().orElseThrow().address());
  }

  @Test
  void theOwnerIgnoresWeightsAndStaysAt255() {
    GroupLogic logic = master(settings(255, List.of(), List.of(check(0))));
    logic.onDemotion(SECOND, 50, "maintenance");
    assertEquals(255, logic.priority());
    logic.onTracked(SECOND, 0, TrackState.FAILING, 0, "refused");
    assertEquals(Role.FAULT, logic.telemetry().role(), "weight 0 still means FAULT");
  }

  @Test
  void aTransitionCarriesTheCoreCauseAndItsWords() {
    GroupLogic logic = new GroupLogic(settings(100, List.of(), List.of()), SELF, out);
    logic.start(0, true);
    logic.onTimer(logic.deadline());
    String last = out.asked.get(out.asked.size() - 1);
    assertTrue(last.startsWith("BACKUP->MASTER " + RoleChange.Cause.MASTER_DOWN + ": no master heard in "), last);
  }

  @Test
  void aBackupTellsItsMoversOncePerRoleThatAMasterIsHeard() {
    GroupLogic logic = new GroupLogic(settings(100, List.of(), List.of()), SELF, out);
    logic.start(0, true);
    for (int i = 1; i <= 3; i++) {
      logic.onAdvertisement(i * SECOND, AdvertisementView.of(vrrp(200).advertisement(200), PEER,
          vrrp(200).family().vrrpGroup()));
    }
    assertEquals(1, out.asked.stream().filter("master heard"::equals).count(), out.asked.toString());
    // a priority-0 release is not a master to follow
    Recorder quiet = new Recorder();
    GroupLogic released = new GroupLogic(settings(100, List.of(), List.of()), SELF, quiet);
    released.start(0, true);
    released.onAdvertisement(SECOND, AdvertisementView.of(vrrp(200).advertisement(0), PEER,
        vrrp(200).family().vrrpGroup()));
    assertFalse(quiet.asked.contains("master heard"), quiet.asked.toString());
  }

  @Test
  void aMoverWhoseClaimKeepsFailingFaultsTheGroupWithThatPolicyAndDemotesItWithTheOther() {
    GroupLogic logic = master(settings(150, List.of(), List.of()));
    MoverOptions fault = MoverOptions.builder().onClaimFailure(MoverOptions.OnClaimFailure.FAULT).build();
    logic.onMoverFailing(SECOND, "hetzner", true, fault, "mover hetzner: claim failing for 30000 ms");
    assertEquals(Role.FAULT, logic.telemetry().role());
    assertTrue(out.asked.contains("MASTER->FAULT MOVER_FAILED: mover hetzner cannot claim"), out.asked.toString());
    logic.onMoverFailing(2 * SECOND, "hetzner", false, fault, "lifted");
    assertEquals(Role.BACKUP, logic.telemetry().role());

    GroupLogic demoted = master(settings(150, List.of(), List.of()));
    MoverOptions demote = MoverOptions.builder().onClaimFailure(MoverOptions.OnClaimFailure.DEMOTE).demoteBy(60)
        .build();
    demoted.onMoverFailing(SECOND, "hetzner", true, demote, "failing");
    assertEquals(90, demoted.priority());
    assertEquals(Role.MASTER, demoted.telemetry().role(), "a demotion steers through the priority only");
    demoted.onMoverFailing(2 * SECOND, "hetzner", false, demote, "claim succeeded");
    assertEquals(150, demoted.priority());
  }

  @Test
  void aSplitBrainStepDownSendsPriorityZeroAndBecomesBackup() {
    GroupLogic logic = master(settings(150, List.of(), List.of()));
    logic.onSplitBrain(SECOND, "mover hetzner found the addresses on server 7");
    assertEquals(List.of("send 0", "release", "MASTER->BACKUP SPLIT_BRAIN: mover hetzner found the addresses on server 7"),
        out.asked);
  }

  @Test
  void aYieldSendsPriorityZeroReleasesAndStaysInTheElectionAsBackup() {
    GroupLogic logic = master(settings(150, List.of(), List.of()));
    assertTrue(logic.yieldMaster(SECOND, "yield requested"));
    assertEquals(List.of("send 0", "release", "MASTER->BACKUP YIELDED: yield requested"), out.asked);
    assertEquals(Role.BACKUP, logic.telemetry().role());
    out.asked.clear();
    assertFalse(logic.yieldMaster(2 * SECOND, "again"), "only a MASTER yields");
    assertEquals(List.of(), out.asked);
    logic.onTimer(logic.deadline());
    assertEquals(Role.MASTER, logic.telemetry().role(), "alone, it takes over again after Master_Down_Interval");
  }

  @Test
  void aGroupNotStartedDoesNotYield() {
    GroupLogic logic = new GroupLogic(settings(150, List.of(), List.of()), SELF, out);
    assertFalse(logic.yieldMaster(0, "yield requested"));
    assertEquals(List.of(), out.asked);
  }
}

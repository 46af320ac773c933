package io.github.failover4j.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.Announcements;
import io.github.failover4j.ElectionStatus;
import io.github.failover4j.Role;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.spi.Candidate;
import io.github.failover4j.spi.ElectionException;
import io.github.failover4j.spi.LeaseTiming;
import io.github.failover4j.spi.LeaseView;
import io.github.failover4j.vrrp.VrrpConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A group elected by a lease, its store answered by hand: what it asks, and when. */
class LeaseElectionTest {
  private static final long MS = 1_000_000L;
  private static final LeaseTiming TIMING = new LeaseTiming(Duration.ofSeconds(3), Duration.ofMillis(500),
      Duration.ofSeconds(2));
  private static final InetAddress VIP = InetAddress.getLoopbackAddress();

  private final GroupLogicTest.Recorder out = new GroupLogicTest.Recorder();

  private static GroupSettings settings(int priority) {
    return new GroupSettings("web", "eth0", Optional.empty(),
        VrrpConfig.builder(1).priority(priority).addresses(List.of(VIP)).build(),
        List.of(new VirtualIp(VIP, 32, Optional.empty())), Optional.empty(), List.of(), true, Announcements.DEFAULT,
        List.of(), Optional.empty(), Optional.of(new ElectionSettings("etcd", "a", TIMING)));
  }

  private static LeaseView view(Optional<Candidate> holder, long revision, Candidate... others) {
    return new LeaseView(holder, holder.isPresent() ? 7 : 0, revision, List.of(others));
  }

  private LeaseRequest last() {
    return out.requests.get(out.requests.size() - 1);
  }

  /** Answers the last request at {@code now}, sent at {@code sent}. */
  private void answer(GroupLogic logic, long now, long sent, LeaseView view) {
    logic.onLeaseView(now, last().id(), sent, view, TIMING);
  }

  /** Started, observed a free lease, campaigned at 10 ms (sent) and won at 20 ms. */
  private GroupLogic master(int priority) {
    GroupLogic logic = new GroupLogic(settings(priority), VIP, out);
    logic.start(0, true);
    assertEquals(LeaseRequest.Kind.OBSERVE, last().kind());
    assertEquals(-1, last().sinceRevision(), "the first watch returns at once");
    answer(logic, 5 * MS, 0, view(Optional.empty(), 1));
    assertEquals(LeaseRequest.Kind.CAMPAIGN, last().kind(), "nobody holds it, nobody outranks: campaign");
    answer(logic, 20 * MS, 10 * MS, view(Optional.of(new Candidate("a", priority, true)), 2));
    assertEquals(Role.MASTER, logic.telemetry().role());
    out.asked.clear();
    return logic;
  }

  @Test
  void aWonCampaignClaimsAndRenewsEveryPeriodFromItsSendTime() {
    GroupLogic logic = new GroupLogic(settings(150), VIP, out);
    logic.start(0, true);
    answer(logic, 5 * MS, 0, view(Optional.empty(), 1));
    answer(logic, 20 * MS, 10 * MS, view(Optional.of(new Candidate("a", 150, true)), 2));
    assertEquals(List.of("release", "INITIALIZE->BACKUP STARTED: started", "OBSERVE 150", "CAMPAIGN 150",
        "claim for term 7", "BACKUP->MASTER LEASE_ACQUIRED: took the lease (fencing token 7)"), out.asked);
    assertEquals(510 * MS, logic.deadline(), "the next renewal: sent + renewEvery");
    logic.onTimer(510 * MS);
    assertEquals(LeaseRequest.Kind.CAMPAIGN, last().kind());
    assertEquals(1010 * MS, last().deadlineNanos(), "a renewal is cancelled after a renewal period");
    ElectionStatus status = logic.telemetry().status(1000 * MS, 0, List.of()).election().orElseThrow();
    assertEquals(Optional.of(Duration.ofMillis(1010)), status.leaseLeft(), "valid until sent + renewDeadline");
    assertEquals(7, status.fencingToken());
    assertEquals("etcd", status.store());
  }

  @Test
  void failedRenewalsKeepTheAddressesUntilTheRenewDeadlineThenReleaseThem() {
    GroupLogic logic = master(150);
    for (long t = 510; t < 2010; t += 500) {
      logic.onTimer(t * MS);
      logic.onLeaseFailure((t + 100) * MS, last().id(), ElectionException.Kind.RETRYABLE, "etcd: unavailable");
      assertEquals(Role.MASTER, logic.telemetry().role(), "a failed renewal at " + t + " ms drops nothing");
    }
    assertEquals(2010 * MS, logic.deadline());
    logic.onTimer(2010 * MS);
    assertEquals(Role.BACKUP, logic.telemetry().role());
    assertTrue(out.asked.contains("release"), out.asked.toString());
    assertTrue(out.asked.contains("MASTER->BACKUP LEASE_LOST: lease not renewed for 2000.0 ms"), out.asked.toString());
  }

  @Test
  void aPreemptingHigherCandidateMakesTheHolderReleaseThenResignOnceItsMoversAreIdle() {
    GroupLogic logic = master(150);
    logic.onTimer(510 * MS);
    answer(logic, 520 * MS, 510 * MS, view(Optional.of(new Candidate("a", 150, true)), 3,
        new Candidate("b", 200, true)));
    assertEquals(List.of("CAMPAIGN 150", "release",
        "MASTER->BACKUP HIGHER_PRIORITY: candidate b with priority 200 preempts", "OBSERVE 150"), out.asked,
        "no resign while the addresses may still be here");
    logic.onMoversIdle(600 * MS);
    assertEquals(LeaseRequest.Kind.RESIGN, last().kind(), "the movers are idle: now the lease goes");
  }

  @Test
  void aFaultReleasesResignsAndPublishesPriorityZero() {
    GroupLogic logic = master(150);
    logic.onLink(100 * MS, false);
    assertEquals(List.of("release", "MASTER->FAULT INTERFACE_DOWN: interface eth0 down"), out.asked.subList(0, 2));
    logic.onMoversIdle(110 * MS);
    logic.onTimer(110 * MS);
    assertEquals(LeaseRequest.Kind.RESIGN, last().kind());
    logic.onLeaseView(120 * MS, last().id(), 110 * MS, view(Optional.empty(), 4), TIMING);
    assertEquals(LeaseRequest.Kind.OBSERVE, last().kind());
    assertEquals(0, last().self().priority(), "a candidate in FAULT publishes priority 0");
  }

  @Test
  void anOutrankedCandidateLetsTheHigherOneCampaignFirst() {
    GroupLogic logic = new GroupLogic(settings(100), VIP, out);
    logic.start(0, true);
    answer(logic, 5 * MS, 0, view(Optional.empty(), 1, new Candidate("b", 200, true)));
    assertEquals(LeaseRequest.Kind.OBSERVE, last().kind(), "b outranks it: it waits");
    long skew = TIMING.renewEvery().toNanos() * (256 - 100) / 256;
    assertEquals(5 * MS + skew, last().deadlineNanos(), "a watch until the skew has passed");
    answer(logic, 5 * MS + skew, 5 * MS, view(Optional.empty(), 1, new Candidate("b", 200, true)));
    assertEquals(LeaseRequest.Kind.CAMPAIGN, last().kind(), "b did not take it: now this one campaigns");
  }

  @Test
  void aStaleWatchAnswerIsIgnoredAfterANewPriorityWasPublished() {
    GroupLogic logic = new GroupLogic(settings(100), VIP, out);
    logic.start(0, true);
    answer(logic, 5 * MS, 0, view(Optional.of(new Candidate("b", 200, true)), 1, new Candidate("b", 200, true)));
    LeaseRequest watch = last();
    logic.onDemotion(10 * MS, 50, "maintenance");
    logic.onTimer(10 * MS);
    LeaseRequest republished = last();
    assertEquals(50, republished.self().priority(), "the watch is called off to publish the new priority");
    logic.onLeaseView(20 * MS, watch.id(), 5 * MS, view(Optional.empty(), 9), TIMING);
    assertEquals(republished, last(), "the old watch's answer is stale: no campaign on it");
  }
}

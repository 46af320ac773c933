package io.github.failover4j.provider.ovh;

import static io.github.failover4j.provider.ovh.OvhHarness.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ip-move mode: an additional IP moved to this dedicated server with /ip/{ip}/move. */
class IpMoveMoverTest {
  private static final String IP = "/1.0/ip/203.0.113.7%2F32";

  private final OvhHarness h = new OvhHarness().signed();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void observesWhichServiceItIsRoutedTo() throws Exception {
    try (IpMover mover = h.mover(h.moveSettings())) {
      assertEquals(Holder.nobody(), mover.observe(call()));
      h.fake.routeTo(FakeOvh.OTHER_SERVICE);
      assertEquals(Holder.other("service " + FakeOvh.OTHER_SERVICE), mover.observe(call()));
      h.fake.routeTo(FakeOvh.SELF_SERVICE);
      assertEquals(Holder.self(), mover.observe(call()));
    }
  }

  @Test
  void claimChecksPendingMovesThenMovesAndFollowsTheTaskUntilDone() throws Exception {
    h.fake.routeTo(FakeOvh.OTHER_SERVICE);
    h.fake.taskReads(2);
    try (IpMover mover = h.mover(h.moveSettings())) {
      mover.claim(call(), mover.observe(call()));
      assertEquals(Holder.self(), mover.observe(call()));
    }
    assertEquals(Optional.of(FakeOvh.SELF_SERVICE), h.fake.routedTo());
    assertEquals(List.of("POST " + IP + "/move {\"to\":\"" + FakeOvh.SELF_SERVICE + "\"}"), h.fake.writes());
    for (String status : List.of("init", "todo", "doing")) {
      assertEquals(1, h.fake.count("GET " + IP + "/task?function=genericMoveFloatingIp&status=" + status),
          h.fake.requests().toString());
    }
    assertEquals(4, h.fake.count("GET " + IP + "/task/4711"), h.fake.requests().toString());
  }

  @Test
  void claimDoesNothingWhenItIsRoutedHereAlready() throws Exception {
    h.fake.routeTo(FakeOvh.SELF_SERVICE);
    try (IpMover mover = h.mover(h.moveSettings())) {
      mover.claim(call(), Holder.unknown("test"));
    }
    assertEquals(List.of(), h.fake.writes());
    assertEquals(0, h.fake.count("GET " + IP + "/task"));
  }

  @Test
  void anotherMoveInProgressIsRetryableAndNothingIsWritten() throws Exception {
    h.fake.routeTo(FakeOvh.OTHER_SERVICE);
    h.fake.taskReads(5);
    long other = h.fake.startMove(FakeOvh.OTHER_SERVICE);
    try (IpMover mover = h.mover(h.moveSettings())) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.claim(call(), Holder.nobody()));
      assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
      assertTrue(e.getMessage().contains("another move is in progress, task " + other
          + " (genericMoveFloatingIp, doing, to " + FakeOvh.OTHER_SERVICE + ")"), e.getMessage());
    }
    assertEquals(List.of(), h.fake.writes());
  }

  @Test
  void aMoveThatEndedSinceItWasListedIsNoObstacle() throws Exception {
    // the other move is read once, and that read ends it (taskReads 1): it is done, not pending
    h.fake.startMove(FakeOvh.OTHER_SERVICE);
    try (IpMover mover = h.mover(h.moveSettings())) {
      mover.claim(call(), Holder.nobody());
    }
    assertEquals(Optional.of(FakeOvh.SELF_SERVICE), h.fake.routedTo());
    assertEquals(1, h.fake.writes().size(), h.fake.writes().toString());
  }

  @Test
  void itsOwnMoveThatEndedSinceItWasListedIsNotRepeated() throws Exception {
    h.fake.routeTo(FakeOvh.OTHER_SERVICE);
    h.fake.startMove(FakeOvh.SELF_SERVICE);
    try (IpMover mover = h.mover(h.moveSettings())) {
      mover.claim(call(), Holder.nobody());
    }
    assertEquals(Optional.of(FakeOvh.SELF_SERVICE), h.fake.routedTo());
    assertEquals(List.of(), h.fake.writes());
  }

  @Test
  void itsOwnMoveInProgressIsFollowedInsteadOfMovingTwice() throws Exception {
    h.fake.routeTo(FakeOvh.OTHER_SERVICE);
    h.fake.taskReads(3);
    long ours = h.fake.startMove(FakeOvh.SELF_SERVICE);
    try (IpMover mover = h.mover(h.moveSettings())) {
      mover.claim(call(), Holder.other("service " + FakeOvh.OTHER_SERVICE));
    }
    assertEquals("done", h.fake.taskStatus(ours));
    assertEquals(Optional.of(FakeOvh.SELF_SERVICE), h.fake.routedTo());
    assertEquals(List.of(), h.fake.writes());
  }

  @Test
  void aTaskEndingInCustomerErrorIsPermanentWithItsComment() throws Exception {
    h.fake.failNextTask("customerError", "Destination is not in the same region");
    try (IpMover mover = h.mover(h.moveSettings())) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.claim(call(), Holder.nobody()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().endsWith("task 4711 (genericMoveFloatingIp, customerError, to "
          + FakeOvh.SELF_SERVICE + ") ended: Destination is not in the same region"), e.getMessage());
    }
    assertEquals(Optional.empty(), h.fake.routedTo());
  }

  @Test
  void aTaskEndingInOvhErrorOrCancelledIsRetryable() throws Exception {
    try (IpMover mover = h.mover(h.moveSettings())) {
      for (String status : List.of("ovhError", "cancelled")) {
        h.fake.failNextTask(status, "Internal error");
        IpMoverException e = assertThrows(IpMoverException.class, () -> mover.claim(call(), Holder.nobody()));
        assertEquals(IpMoverException.Kind.RETRYABLE, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(status + ", to " + FakeOvh.SELF_SERVICE + ") ended: Internal error"),
            e.getMessage());
      }
      mover.claim(call(), Holder.nobody());
    }
    assertEquals(Optional.of(FakeOvh.SELF_SERVICE), h.fake.routedTo());
  }

  @Test
  void aDestinationOvhRefusesIsPermanent() throws Exception {
    Map<String, String> settings = h.moveSettings();
    settings.put("service", "ns0000000.ip-192-0-2.eu");
    try (IpMover mover = h.mover(settings)) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.claim(call(), Holder.nobody()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().contains("HTTP 400 Client::BadRequest"), e.getMessage());
    }
  }

  @Test
  void releaseParksTheIpWhenItIsStillHere() throws Exception {
    h.fake.routeTo(FakeOvh.SELF_SERVICE);
    try (IpMover mover = h.mover(h.moveSettings())) {
      mover.release(call());
      assertEquals(Holder.nobody(), mover.observe(call()));
    }
    assertEquals(List.of("POST " + IP + "/park"), h.fake.writes());
  }

  @Test
  void releaseLeavesAnIpRoutedElsewhereAlone() throws Exception {
    h.fake.routeTo(FakeOvh.OTHER_SERVICE);
    try (IpMover mover = h.mover(h.moveSettings())) {
      mover.release(call());
    }
    assertEquals(List.of(), h.fake.writes());
    assertEquals(Optional.of(FakeOvh.OTHER_SERVICE), h.fake.routedTo());
  }
}

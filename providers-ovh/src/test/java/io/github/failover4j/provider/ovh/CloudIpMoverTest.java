package io.github.failover4j.provider.ovh;

import static io.github.failover4j.provider.ovh.OvhHarness.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.testkit.TestMoverContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cloud-ip mode: a Public Cloud additional IP attached to this instance (seed 000's edge pair). */
class CloudIpMoverTest {
  private static final String ATTACH = "POST /1.0/cloud/project/" + FakeOvh.PROJECT + "/ip/failover/";

  private final OvhHarness h = new OvhHarness().signed();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void observesWhichInstanceItIsAttachedTo() throws Exception {
    try (IpMover mover = h.mover(h.cloudSettings())) {
      assertEquals(Holder.nobody(), mover.observe(call()));
      h.fake.attachTo(FakeOvh.OTHER_INSTANCE);
      assertEquals(Holder.other("instance " + FakeOvh.OTHER_INSTANCE), mover.observe(call()));
      h.fake.attachTo(FakeOvh.SELF_INSTANCE);
      assertEquals(Holder.self(), mover.observe(call()));
      // routed here but not settled: the claim is to wait for it
      h.fake.startAttach(FakeOvh.SELF_INSTANCE, 5);
      assertEquals(Holder.State.UNKNOWN, mover.observe(call()).state());
    }
  }

  @Test
  void findsTheIpByItsAddressOnceAndKeepsItsId() throws Exception {
    h.fake.cloudIp("99999999-0000-4000-8000-000000000009", "198.51.100.20", FakeOvh.OTHER_INSTANCE);
    try (IpMover mover = h.mover(h.cloudSettings())) {
      mover.observe(call());
      mover.observe(call());
    }
    assertEquals(1, h.fake.requests().stream()
        .filter(r -> r.equals("GET /1.0/cloud/project/" + FakeOvh.PROJECT + "/ip/failover")).count(),
        h.fake.requests().toString());
    assertEquals(1, h.fake.count("GET /1.0/cloud/project/" + FakeOvh.PROJECT + "/ip/failover/"));
  }

  @Test
  void claimAttachesItAndFollowsTheAttachUntilItIsOk() throws Exception {
    h.fake.attachTo(FakeOvh.OTHER_INSTANCE);
    h.fake.attachReads(3);
    try (IpMover mover = h.mover(h.cloudSettings())) {
      mover.claim(call(), mover.observe(call()));
      assertEquals(Optional.of(FakeOvh.SELF_INSTANCE), h.fake.attachedTo());
      assertEquals("ok", h.fake.cloudStatus());
      assertEquals(Holder.self(), mover.observe(call()));
    }
    List<String> writes = h.fake.writes();
    assertEquals(1, writes.size(), writes.toString());
    assertTrue(writes.get(0).startsWith(ATTACH) && writes.get(0).endsWith("/attach {\"instanceId\":\""
        + FakeOvh.SELF_INSTANCE + "\"}"), writes.toString());
  }

  @Test
  void claimDoesNothingWhenItIsAttachedHereAlready() throws Exception {
    h.fake.attachTo(FakeOvh.SELF_INSTANCE);
    try (IpMover mover = h.mover(h.cloudSettings())) {
      mover.claim(call(), Holder.unknown("test"));
    }
    assertEquals(List.of(), h.fake.writes());
  }

  @Test
  void claimLetsAnAttachInProgressEndThenAttaches() throws Exception {
    h.fake.startAttach(FakeOvh.OTHER_INSTANCE, 2);
    try (IpMover mover = h.mover(h.cloudSettings())) {
      mover.claim(call(), Holder.other("instance " + FakeOvh.OTHER_INSTANCE));
    }
    assertEquals(Optional.of(FakeOvh.SELF_INSTANCE), h.fake.attachedTo());
    assertEquals(1, h.fake.writes().size(), h.fake.writes().toString());
  }

  @Test
  void claimFollowsItsOwnAttachStillInProgressInsteadOfAttachingAgain() throws Exception {
    h.fake.startAttach(FakeOvh.SELF_INSTANCE, 2);
    try (IpMover mover = h.mover(h.cloudSettings())) {
      mover.claim(call(), Holder.unknown("pending"));
      assertEquals(Holder.self(), mover.observe(call()));
    }
    assertEquals(List.of(), h.fake.writes());
  }

  @Test
  void anAttachRefusedBecauseTheInstanceIsNotReadyIsRetryable() throws Exception {
    h.fake.notReady(1);
    try (IpMover mover = h.mover(h.cloudSettings())) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.claim(call(), Holder.nobody()));
      assertEquals(IpMoverException.Kind.RETRYABLE, e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("HTTP 400 Client::BadRequest: instance IP is not allocated yet"),
          e.getMessage());
      mover.claim(call(), Holder.nobody());
    }
    assertEquals(Optional.of(FakeOvh.SELF_INSTANCE), h.fake.attachedTo());
  }

  @Test
  void anAddressThatIsNotAnAdditionalIpOfTheProjectIsPermanent() throws Exception {
    Map<String, String> settings = h.cloudSettings();
    try (IpMover mover = h.provider().create(TestMoverContext.of(MoverConfig.of(settings), "198.51.100.9/32"))) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(call()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().contains("no additional IP 198.51.100.9/32 in Public Cloud project"), e.getMessage());
    }
  }

  @Test
  void anUnknownProjectIsPermanent() throws Exception {
    Map<String, String> settings = h.cloudSettings();
    settings.put("project", "0000000000000000000000000000beef");
    try (IpMover mover = h.mover(settings)) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(call()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().contains("HTTP 404 Client::NotFound"), e.getMessage());
    }
  }

  @Test
  void instanceAutoAsksTheMetadataServiceOnce() throws Exception {
    Map<String, String> settings = h.cloudSettings();
    settings.put("instance", "auto");
    settings.put("metadataUrl", h.fake.metadataUrl().toString());
    try (IpMover mover = h.mover(settings)) {
      assertEquals(Holder.nobody(), mover.observe(call()));
      mover.claim(call(), Holder.nobody());
      assertEquals(Holder.self(), mover.observe(call()));
    }
    assertEquals(Optional.of(FakeOvh.SELF_INSTANCE), h.fake.attachedTo());
    assertEquals(1, h.fake.count("GET /openstack/latest/meta_data.json"));
  }

  @Test
  void aMetadataDocumentWithoutAnInstanceIdIsPermanent() throws Exception {
    h.fake.metadataUuid("edge-1");
    Map<String, String> settings = h.cloudSettings();
    settings.put("instance", "auto");
    settings.put("metadataUrl", h.fake.metadataUrl().toString());
    try (IpMover mover = h.mover(settings)) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(call()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().contains("set instance to its id"), e.getMessage());
    }
  }

  @Test
  void releaseFailsPermanentlyWithoutARequest() throws Exception {
    h.fake.attachTo(FakeOvh.SELF_INSTANCE);
    try (IpMover mover = h.mover(h.cloudSettings())) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.release(call()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().contains("cannot detach"), e.getMessage());
    }
    assertEquals(List.of(), h.fake.requests());
    assertEquals(Optional.of(FakeOvh.SELF_INSTANCE), h.fake.attachedTo());
  }
}

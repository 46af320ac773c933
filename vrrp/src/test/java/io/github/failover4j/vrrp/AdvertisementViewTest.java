package io.github.failover4j.vrrp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link AdvertisementView}: what {@link VrrpCodec#read} leaves in it, and what it tells. */
class AdvertisementViewTest {
  private static final DecodeOptions PASSWORD = DecodeOptions.defaults().withAuth(VrrpAuth.password("s3cret"));

  /** One view for every golden vector and capture, in turn: v2 and v3, IPv4 and IPv6, 1 to 3 addresses. */
  @Test
  void aReusedViewHoldsWhatDecodeReturnsForEveryGoldenVectorAndCapture() throws Exception {
    AdvertisementView view = new AdvertisementView();
    for (Map.Entry<byte[], DecodeOptions> packet : goldenAndCaptured().entrySet()) {
      VrrpCodec.read(ByteBuffer.wrap(packet.getKey()), packet.getValue(), view);

      assertHolds(VrrpCodec.decode(ByteBuffer.wrap(packet.getKey()), packet.getValue()), view);
    }
  }

  @Test
  void aLongerMessageLeavesNothingBehindForAShorterOne() throws Exception {
    AdvertisementView view = new AdvertisementView();
    AdvertisementView fresh = new AdvertisementView();
    VrrpCodec.read(ByteBuffer.wrap(FuzzSeeds.packets().get("longest-v3-ipv6-255-addresses")), DecodeOptions.defaults(),
        view);
    assertEquals(255, view.addressCount());

    VrrpCodec.read(ByteBuffer.wrap(GoldenVectorsTest.V3_IPV4_UNICAST), DecodeOptions.defaults(), view);
    VrrpCodec.read(ByteBuffer.wrap(GoldenVectorsTest.V3_IPV4_UNICAST), DecodeOptions.defaults(), fresh);
    assertTrue(view.sameAs(fresh));
    assertTrue(view.addressesEqual(bytes("192.0.2.10", "192.0.2.11")));
    assertEquals(fresh.packet(), view.packet());
  }

  @Test
  void ofMakesTheViewOfAReceivedAdvertisement() throws Exception {
    AdvertisementView received = new AdvertisementView();
    VrrpCodec.read(ByteBuffer.wrap(GoldenVectorsTest.V2_PASSWORD), PASSWORD, received);
    AdvertisementView made = AdvertisementView.of(received.advertisement(), received.source(), received.destination());
    assertTrue(made.sameAs(received));
    assertHolds(received.packet(), made);

    for (byte[] golden : List.of(GoldenVectorsTest.V3_IPV4_UNICAST, GoldenVectorsTest.V3_IPV6_MULTICAST)) {
      VrrpPacket packet = VrrpCodec.decode(ByteBuffer.wrap(golden), DecodeOptions.defaults());
      made = AdvertisementView.of(packet.advertisement(), packet.source(), packet.destination());
      assertHolds(packet, made); // both golden vectors use the default form, PSEUDO_HEADER
    }
  }

  @Test
  void ofReportsTheDefaultFormWhereTheMessageAloneChecksOutToo() throws Exception {
    // 10.0.21.113 > 224.0.0.18, 12 bytes: 0x0a00 + 0x1571 + 0xe000 + 0x0012 + 0x0070 + 0x000c =
    // 0xffff, a pseudo-header that adds -0, so that the message alone checks out too
    InetAddress source = ip("10.0.21.113");
    InetAddress group = ip("224.0.0.18");
    VrrpAdvertisement ad = new VrrpAdvertisement(VrrpVersion.V3, 51, 150, 10, List.of(ip("10.77.0.200")),
        VrrpAuth.none());
    byte[] packet = VrrpCodec.encodePacket(ad, source, group, ChecksumMode.PSEUDO_HEADER, 255);
    assertEquals(ChecksumMode.MESSAGE_ONLY,
        VrrpCodec.decode(ByteBuffer.wrap(packet), DecodeOptions.defaults()).checksum());

    assertEquals(ChecksumMode.PSEUDO_HEADER, AdvertisementView.of(ad, source, group).checksum());
  }

  @Test
  void ofRejectsAddressesOfAnotherFamily() throws Exception {
    VrrpAdvertisement ad = VrrpCodec.decode(ByteBuffer.wrap(GoldenVectorsTest.V3_IPV4_MULTICAST),
        DecodeOptions.defaults()).advertisement();
    assertThrows(IllegalArgumentException.class, () -> AdvertisementView.of(ad, ip("fe80::1"), ip("224.0.0.18")));
  }

  @Test
  void sourceAndDestinationCompareByTheirBytes() throws Exception {
    AdvertisementView view = read(GoldenVectorsTest.V3_IPV4_UNICAST); // 10.66.0.1 > 10.66.0.2

    assertTrue(view.sourceEquals(bytes("10.66.0.1")[0]));
    assertFalse(view.sourceEquals(bytes("10.66.0.2")[0]));
    assertFalse(view.sourceEquals(bytes("::ffff:10.66.0.1")[0]));
    assertTrue(view.destinationEquals(bytes("10.66.0.2")[0]));
    assertFalse(view.destinationEquals(bytes("10.66.0.1")[0]));
    assertFalse(view.destinationEquals(bytes("224.0.0.18")[0]));
  }

  @Test
  void compareSourceToComparesUnsignedBytes() throws Exception {
    AdvertisementView view = read(GoldenVectorsTest.V3_IPV4_UNICAST); // from 10.66.0.1

    assertEquals(0, view.compareSourceTo(bytes("10.66.0.1")[0]));
    assertTrue(view.compareSourceTo(bytes("10.66.0.0")[0]) > 0);
    assertTrue(view.compareSourceTo(bytes("10.66.0.2")[0]) < 0);
    assertTrue(view.compareSourceTo(bytes("200.0.0.1")[0]) < 0); // 0xc8 is above 0x0a, not negative
    assertTrue(view.compareSourceTo(bytes("9.255.255.255")[0]) > 0);
  }

  @Test
  void copySourceCopiesTheFamilysLength() throws Exception {
    AdvertisementView view = read(GoldenVectorsTest.V3_IPV6_MULTICAST);
    byte[] target = new byte[17];
    target[16] = 0x55;

    view.copySource(target);
    byte[] expected = bytes("fe80::bc5c:11ff:fe3a:e099")[0];
    assertArrayEquals(expected, Arrays.copyOf(target, 16));
    assertEquals(0x55, target[16]);
    assertThrows(IndexOutOfBoundsException.class, () -> view.copySource(new byte[4]));
  }

  @Test
  void addressesEqualOnlyTheSameAddressesInTheSameOrder() throws Exception {
    AdvertisementView view = read(GoldenVectorsTest.V3_IPV4_UNICAST); // 192.0.2.10, 192.0.2.11

    assertTrue(view.addressesEqual(bytes("192.0.2.10", "192.0.2.11")));
    assertFalse(view.addressesEqual(bytes("192.0.2.11", "192.0.2.10")));
    assertFalse(view.addressesEqual(bytes("192.0.2.10")));
    assertFalse(view.addressesEqual(bytes("192.0.2.10", "192.0.2.11", "192.0.2.12")));
    assertFalse(view.addressesEqual(bytes("192.0.2.10", "192.0.2.12")));
    assertFalse(view.addressesEqual(bytes("192.0.2.10", "::ffff:192.0.2.11")));
    assertFalse(view.addressesEqual(new byte[0][]));
  }

  @Test
  void sameAsTellsARepeatFromAChange() throws Exception {
    byte[] packet = GoldenVectorsTest.V3_IPV4_RFC9568; // its checksum covers the message alone
    AdvertisementView first = read(packet);

    assertTrue(first.sameAs(read(packet.clone())));
    assertTrue(first.sameAs(first));
    byte[] fromOtherSource = packet.clone();
    fromOtherSource[15] = 2; // 10.77.0.2 sends the same message
    assertFalse(first.sameAs(read(fromOtherSource)));
    assertFalse(first.sameAs(read(GoldenVectorsTest.V3_IPV4_MULTICAST))); // the same fields, another form
    assertFalse(first.sameAs(new AdvertisementView()));
    VrrpAdvertisement ad = first.advertisement();
    AdvertisementView made = AdvertisementView.of(ad, first.source(), first.destination());
    assertTrue(made.sameAs(AdvertisementView.of(ad, first.source(), first.destination())));
    assertFalse(made.sameAs(AdvertisementView.of(ad.withPriority(151), first.source(), first.destination())));
  }

  @Test
  void aNewViewIsEmpty() {
    AdvertisementView view = new AdvertisementView();

    assertNull(view.family());
    assertNull(view.version());
    assertNull(view.checksum());
    assertEquals(0, view.vrid() + view.priority() + view.intervalCentis() + view.addressCount() + view.ttl());
    assertFalse(view.sourceEquals(new byte[4]));
    assertFalse(view.destinationEquals(new byte[4]));
    assertFalse(view.addressesEqual(new byte[][] {new byte[4]}));
    assertThrows(IllegalStateException.class, view::source);
    assertThrows(IllegalStateException.class, view::destination);
    assertThrows(IllegalStateException.class, view::advertisement);
    assertThrows(IllegalStateException.class, view::packet);
  }

  /**
   * The receive path allocates nothing once warm, whatever the packet: measured on this thread by
   * the JVM, with decode as the control that the measurement sees allocations at all.
   */
  @Test
  void readAllocatesNothingInSteadyState() throws Exception {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    List<ByteBuffer> packets = new ArrayList<>();
    List<DecodeOptions> options = new ArrayList<>();
    for (Map.Entry<byte[], DecodeOptions> packet : goldenAndCaptured().entrySet()) {
      packets.add(ByteBuffer.wrap(packet.getKey()));
      options.add(packet.getValue());
    }
    AdvertisementView view = new AdvertisementView();

    for (int warm = 0; warm < 100; warm++) {
      readAll(packets, options, view);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    readAll(packets, options, view);
    long read = threads.getCurrentThreadAllocatedBytes() - before;
    before = threads.getCurrentThreadAllocatedBytes();
    VrrpCodec.decode(packets.get(0), options.get(0));
    long decode = threads.getCurrentThreadAllocatedBytes() - before;

    assertEquals(0, read, "bytes allocated by " + packets.size() + " reads");
    assertTrue(decode > 0, "decode allocated nothing: the measurement is blind");
  }

  private static void readAll(List<ByteBuffer> packets, List<DecodeOptions> options, AdvertisementView view)
      throws VrrpDecodeException {
    for (int i = 0; i < packets.size(); i++) {
      VrrpCodec.read(packets.get(i), options.get(i), view);
    }
  }

  /** The view holds the packet decode returned: its getters, comparisons and builders all say so. */
  static void assertHolds(VrrpPacket expected, AdvertisementView view) {
    VrrpAdvertisement ad = expected.advertisement();
    assertEquals(expected, view.packet());
    assertEquals(ad, view.advertisement());
    assertEquals(expected.source(), view.source());
    assertEquals(expected.destination(), view.destination());
    assertEquals(ad.family(), view.family());
    assertEquals(ad.version(), view.version());
    assertEquals(ad.vrid(), view.vrid());
    assertEquals(ad.priority(), view.priority());
    assertEquals(ad.intervalCentis(), view.intervalCentis());
    assertEquals(ad.addresses().size(), view.addressCount());
    assertEquals(expected.ttl(), view.ttl());
    assertEquals(expected.checksum(), view.checksum());
    byte[] source = expected.source().getAddress();
    assertTrue(view.sourceEquals(source));
    assertEquals(0, view.compareSourceTo(source));
    byte[] copied = new byte[source.length];
    view.copySource(copied);
    assertArrayEquals(source, copied);
    assertTrue(view.destinationEquals(expected.destination().getAddress()));
    assertTrue(view.addressesEqual(ad.addresses().stream().map(InetAddress::getAddress).toArray(byte[][]::new)));
  }

  /** Every golden vector and captured packet, and the options its receiver needs. */
  private static Map<byte[], DecodeOptions> goldenAndCaptured() {
    Map<byte[], DecodeOptions> packets = new LinkedHashMap<>();
    for (byte[] golden : List.of(GoldenVectorsTest.V2_MULTICAST, GoldenVectorsTest.V3_IPV6_MULTICAST,
        GoldenVectorsTest.V3_IPV4_MULTICAST, GoldenVectorsTest.V3_IPV4_UNICAST, GoldenVectorsTest.V3_IPV4_RFC9568,
        GoldenVectorsTest.V3_IPV4_LEGACY_UNICAST)) {
      packets.put(golden, DecodeOptions.defaults());
    }
    packets.put(GoldenVectorsTest.V2_PASSWORD, PASSWORD);
    for (Captures.Packet captured : Captures.all()) {
      packets.put(captured.bytes(), captured.password() == null
          ? DecodeOptions.defaults()
          : DecodeOptions.defaults().withAuth(VrrpAuth.password(captured.password())));
    }
    return packets;
  }

  private static AdvertisementView read(byte[] packet) throws VrrpDecodeException {
    AdvertisementView view = new AdvertisementView();
    VrrpCodec.read(ByteBuffer.wrap(packet), packet == GoldenVectorsTest.V2_PASSWORD ? PASSWORD
        : DecodeOptions.defaults(), view);
    return view;
  }

  private static byte[][] bytes(String... literals) throws Exception {
    byte[][] addresses = new byte[literals.length][];
    for (int i = 0; i < literals.length; i++) {
      addresses[i] = literals[i].startsWith("::ffff:")
          ? ipv4Mapped(ip(literals[i].substring(7)).getAddress())
          : ip(literals[i]).getAddress();
    }
    return addresses;
  }

  /** InetAddress turns ::ffff:a.b.c.d into a.b.c.d: these are its 16 bytes. */
  private static byte[] ipv4Mapped(byte[] ipv4) {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(ipv4, 0, mapped, 12, 4);
    return mapped;
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal); // a literal: no lookup
  }
}

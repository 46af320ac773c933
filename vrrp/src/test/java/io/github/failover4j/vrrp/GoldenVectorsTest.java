package io.github.failover4j.vrrp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One annotated packet per kind: five sent by keepalived 2.2.7 (from the captures), and two built by
 * hand for the checksum forms keepalived 2.2.7 cannot send. Each decodes to the fields in its
 * comments and encodes back to its own bytes.
 */
class GoldenVectorsTest {

  /** v2-multicast#1: VRRPv2, multicast, no authentication. */
  static final byte[] V2_MULTICAST = Hex.parse("""
      45c0 0028 0001 0000 ff70 d044 0a4d 0001 e000 0012  # IPv4: ttl 255, proto 112, 10.77.0.1 > 224.0.0.18
      21        # version 2, type 1 (ADVERTISEMENT)
      33        # vrid 51
      96        # priority 150
      01        # 1 address
      00        # auth type 0 (none)
      01        # advertisement interval 1 s
      3db5      # checksum over the message only (RFC 3768)
      0a4d 00c8 # 10.77.0.200
      0000 0000 0000 0000  # authentication data, zero
      """);

  /** v2-pass-multicast#1: keepalived's auth_type PASS with password "s3cret". */
  static final byte[] V2_PASSWORD = Hex.parse("""
      45c0 0028 0001 0000 ff70 d04f 0a42 0001 e000 0012  # IPv4: 10.66.0.1 > 224.0.0.18
      21 33 96 01  # v2 ADVERTISEMENT, vrid 51, priority 150, 1 address
      01        # auth type 1 (simple text password)
      01        # 1 s
      49a5      # checksum, covering the password too
      c000 020a # 192.0.2.10
      7333 6372 6574 0000  # "s3cret", zero-padded to 8 bytes
      """);

  /** v3-multicast-adv0.1#1: VRRPv3 over IPv4 at 100 ms, keepalived's default checksum. */
  static final byte[] V3_IPV4_MULTICAST = Hex.parse("""
      45c0 0020 0001 0000 ff70 d04c 0a4d 0001 e000 0012  # IPv4: 10.77.0.1 > 224.0.0.18
      31        # version 3, type 1
      33 96 01  # vrid 51, priority 150, 1 address
      000a      # reserved 0, max advertisement interval 10 cs
      42cf      # checksum with the IPv4 pseudo-header (RFC 5798)
      0a4d 00c8 # 10.77.0.200
      """);

  /** v3-ipv4-unicast#1: VRRPv3 unicast, two addresses, the pseudo-header holds the peer's address. */
  static final byte[] V3_IPV4_UNICAST = Hex.parse("""
      45c0 0024 0001 0000 ff70 a622 0a42 0001 0a42 0002  # IPv4: 10.66.0.1 > 10.66.0.2
      31 33 96  # v3 ADVERTISEMENT, vrid 51, priority 150
      02        # 2 addresses
      0064      # 100 cs
      9f48      # checksum: message + pseudo-header(10.66.0.1, 10.66.0.2, 112, 16)
      c000 020a # 192.0.2.10
      c000 020b # 192.0.2.11
      """);

  /** v3-ipv6-multicast#1: VRRPv3 over IPv6 from a link-local source. */
  static final byte[] V3_IPV6_MULTICAST = Hex.parse("""
      6c0e 9f99 0018 70ff          # IPv6: class 0xc0, payload 24, next header 112, hop limit 255
      fe80 0000 0000 0000 bc5c 11ff fe3a e099  # fe80::bc5c:11ff:fe3a:e099
      ff02 0000 0000 0000 0000 0000 0000 0012  # ff02::12
      31 33 96 01  # v3 ADVERTISEMENT, vrid 51, priority 150, 1 address
      0032      # 50 cs
      5f81      # checksum with the IPv6 pseudo-header
      2001 0db8 0000 0000 0000 0000 0000 0010  # 2001:db8::10 (keepalived does not put a link-local first)
      """);

  /**
   * Hand-built: V3_IPV4_MULTICAST with the RFC 9568 checksum, over the message alone. Message sum
   * 0x3133 + 0x9601 + 0x000a + 0x0000 + 0x0a4d + 0x00c8 = 0xd253; ~0xd253 = 0x2dac.
   */
  static final byte[] V3_IPV4_RFC9568 = Hex.parse("""
      45c0 0020 0001 0000 ff70 d04c 0a4d 0001 e000 0012  # IPv4: 10.77.0.1 > 224.0.0.18
      31 33 96 01 000a  # v3, vrid 51, priority 150, 1 address, 10 cs
      2dac      # checksum over the message only (RFC 9568 §5.2.8)
      0a4d 00c8 # 10.77.0.200
      """);

  /**
   * Hand-built: V3_IPV4_UNICAST as keepalived before 1.3.6 sent it: the pseudo-header holds
   * 224.0.0.18 instead of the peer. Message sum 0x24bae; pseudo-header 0x0a42 + 0x0001 + 0xe000 +
   * 0x0012 + 0x0070 + 0x0010 = 0xead5; 0x24bae + 0xead5 = 0x33683, folded 0x3686; ~0x3686 = 0xc979.
   */
  static final byte[] V3_IPV4_LEGACY_UNICAST = Hex.parse("""
      45c0 0024 0001 0000 ff70 a622 0a42 0001 0a42 0002  # IPv4: 10.66.0.1 > 10.66.0.2
      31 33 96 02 0064  # v3, vrid 51, priority 150, 2 addresses, 100 cs
      c979      # checksum with pseudo-header(10.66.0.1, 224.0.0.18, 112, 16)
      c000 020a c000 020b  # 192.0.2.10, 192.0.2.11
      """);

  @Test
  void v2Multicast() throws Exception {
    VrrpPacket packet = decode(V2_MULTICAST, DecodeOptions.defaults());
    assertPacket(packet, "10.77.0.1", "224.0.0.18", VrrpVersion.V2, 150, 100, List.of("10.77.0.200"),
        ChecksumMode.MESSAGE_ONLY);
    assertEquals(VrrpAuth.none(), packet.advertisement().auth());
    assertEncodesBack(V2_MULTICAST, packet);
  }

  @Test
  void v2Password() throws Exception {
    VrrpPacket packet = decode(V2_PASSWORD, DecodeOptions.defaults().withAuth(VrrpAuth.password("s3cret")));
    assertPacket(packet, "10.66.0.1", "224.0.0.18", VrrpVersion.V2, 150, 100, List.of("192.0.2.10"),
        ChecksumMode.MESSAGE_ONLY);
    assertEquals(VrrpAuth.password("s3cret"), packet.advertisement().auth());
    assertEncodesBack(V2_PASSWORD, packet);
  }

  @Test
  void v3Ipv4Multicast() throws Exception {
    VrrpPacket packet = decode(V3_IPV4_MULTICAST, DecodeOptions.defaults());
    assertPacket(packet, "10.77.0.1", "224.0.0.18", VrrpVersion.V3, 150, 10, List.of("10.77.0.200"),
        ChecksumMode.PSEUDO_HEADER);
    assertEncodesBack(V3_IPV4_MULTICAST, packet);
  }

  @Test
  void v3Ipv4Unicast() throws Exception {
    VrrpPacket packet = decode(V3_IPV4_UNICAST, DecodeOptions.defaults());
    assertPacket(packet, "10.66.0.1", "10.66.0.2", VrrpVersion.V3, 150, 100, List.of("192.0.2.10", "192.0.2.11"),
        ChecksumMode.PSEUDO_HEADER);
    assertEncodesBack(V3_IPV4_UNICAST, packet);
  }

  @Test
  void v3Ipv6Multicast() throws Exception {
    VrrpPacket packet = decode(V3_IPV6_MULTICAST, DecodeOptions.defaults());
    assertPacket(packet, "fe80::bc5c:11ff:fe3a:e099", "ff02::12", VrrpVersion.V3, 150, 50, List.of("2001:db8::10"),
        ChecksumMode.PSEUDO_HEADER);
    assertEncodesBack(V3_IPV6_MULTICAST, packet);
  }

  @Test
  void v3Ipv4Rfc9568() throws Exception {
    VrrpPacket packet = decode(V3_IPV4_RFC9568, DecodeOptions.defaults());
    assertPacket(packet, "10.77.0.1", "224.0.0.18", VrrpVersion.V3, 150, 10, List.of("10.77.0.200"),
        ChecksumMode.MESSAGE_ONLY);
    assertEncodesBack(V3_IPV4_RFC9568, packet);
  }

  @Test
  void v3Ipv4LegacyUnicast() throws Exception {
    VrrpPacket packet = decode(V3_IPV4_LEGACY_UNICAST, DecodeOptions.defaults());
    assertPacket(packet, "10.66.0.1", "10.66.0.2", VrrpVersion.V3, 150, 100, List.of("192.0.2.10", "192.0.2.11"),
        ChecksumMode.LEGACY_UNICAST);
    assertEncodesBack(V3_IPV4_LEGACY_UNICAST, packet);
  }

  @Test
  void aReceiverPinnedToOneFormRejectsTheOthers() {
    DecodeOptions rfc5798Only = DecodeOptions.defaults().withChecksums(ChecksumMode.PSEUDO_HEADER);
    for (byte[] other : List.of(V3_IPV4_RFC9568, V3_IPV4_LEGACY_UNICAST)) {
      VrrpDecodeException e = assertThrows(VrrpDecodeException.class, () -> decode(other, rfc5798Only));
      assertEquals(VrrpDecodeException.Reason.BAD_CHECKSUM, e.reason());
    }
  }

  @Test
  void theLegacyFormToTheGroupIsTheRfc5798Form() throws Exception {
    VrrpPacket packet = decode(V3_IPV4_MULTICAST, DecodeOptions.defaults());
    byte[] legacy = VrrpCodec.encode(packet.advertisement(), packet.source(), packet.destination(),
        ChecksumMode.LEGACY_UNICAST);
    assertArrayEquals(Arrays.copyOfRange(V3_IPV4_MULTICAST, 20, V3_IPV4_MULTICAST.length), legacy);
  }

  @Test
  void readReportsTheForm() throws Exception {
    AdvertisementView view = new AdvertisementView();
    VrrpCodec.read(ByteBuffer.wrap(V3_IPV4_RFC9568), DecodeOptions.defaults(), view);
    assertEquals(ChecksumMode.MESSAGE_ONLY, view.checksum());
    VrrpCodec.read(ByteBuffer.wrap(V3_IPV4_LEGACY_UNICAST), DecodeOptions.defaults(), view);
    assertEquals(ChecksumMode.LEGACY_UNICAST, view.checksum());
  }

  @Test
  void decodesFromThePositionAndLeavesTheBufferAsItWas() throws Exception {
    ByteBuffer buffer = ByteBuffer.allocate(V3_IPV4_UNICAST.length + 10);
    buffer.position(7).put(V3_IPV4_UNICAST).put((byte) 0x55); // and a byte of link padding
    buffer.position(7).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    VrrpPacket packet = VrrpCodec.decode(buffer, DecodeOptions.defaults());
    assertEquals(51, packet.advertisement().vrid());
    assertEquals(7, buffer.position());
    assertEquals(51, VrrpCodec.vrid(buffer));
  }

  @Test
  void encodesWholePacketsLikeKeepalivedsKernelDid() throws Exception {
    VrrpPacket v4 = decode(V3_IPV4_UNICAST, DecodeOptions.defaults());
    byte[] packet = VrrpCodec.encodePacket(v4.advertisement(), v4.source(), v4.destination(), v4.checksum(), 255);
    // identical but for the IP identification (keepalived's was 1) and so the header checksum
    byte[] expected = V3_IPV4_UNICAST.clone();
    expected[5] = 0;
    expected[10] = (byte) 0xa6;
    expected[11] = 0x23;
    assertArrayEquals(expected, packet);

    VrrpPacket v6 = decode(V3_IPV6_MULTICAST, DecodeOptions.defaults());
    byte[] packet6 = VrrpCodec.encodePacket(v6.advertisement(), v6.source(), v6.destination(), v6.checksum(), 255);
    byte[] expected6 = V3_IPV6_MULTICAST.clone();
    expected6[1] = 0x00; // keepalived's kernel set a flow label; ours is 0
    expected6[2] = 0x00;
    expected6[3] = 0x00;
    assertArrayEquals(expected6, packet6);
  }

  private static VrrpPacket decode(byte[] bytes, DecodeOptions options) throws VrrpDecodeException {
    return VrrpCodec.decode(ByteBuffer.wrap(bytes), options);
  }

  private static void assertPacket(VrrpPacket packet, String source, String destination, VrrpVersion version,
      int priority, int intervalCentis, List<String> addresses, ChecksumMode checksum) throws Exception {
    assertEquals(InetAddress.getByName(source), packet.source());
    assertEquals(InetAddress.getByName(destination), packet.destination());
    assertEquals(255, packet.ttl());
    VrrpAdvertisement ad = packet.advertisement();
    assertEquals(version, ad.version());
    assertEquals(51, ad.vrid());
    assertEquals(priority, ad.priority());
    assertEquals(intervalCentis, ad.intervalCentis());
    assertEquals(addresses.size(), ad.addresses().size());
    for (int i = 0; i < addresses.size(); i++) {
      assertEquals(InetAddress.getByName(addresses.get(i)), ad.addresses().get(i));
    }
    assertEquals(checksum, packet.checksum());
  }

  private static void assertEncodesBack(byte[] bytes, VrrpPacket packet) {
    byte[] message = VrrpCodec.encode(packet.advertisement(), packet.source(), packet.destination(), packet.checksum());
    assertArrayEquals(Arrays.copyOfRange(bytes, bytes.length - message.length, bytes.length), message);
  }
}

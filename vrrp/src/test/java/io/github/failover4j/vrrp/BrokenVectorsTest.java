package io.github.failover4j.vrrp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.failover4j.vrrp.VrrpDecodeException.Reason;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One broken packet per {@link Reason}, each a golden vector with one field spoiled (and, where the
 * check comes after the checksum, a checksum recomputed by hand so that only that field is wrong).
 */
class BrokenVectorsTest {
  private static final Set<Reason> SEEN = EnumSet.noneOf(Reason.class);

  @AfterAll
  static void everyReasonHasItsVector() {
    assertEquals(EnumSet.allOf(Reason.class), SEEN);
  }

  @Test
  void truncated() {
    assertRejected(Reason.TRUNCATED, "VRRP message: 12 bytes (expected: 16 for 2 addresses)", """
        45c0 0020 0001 0000 ff70 d04c 0a4d 0001 e000 0012  # IPv4, total length 32
        31 33 96
        02        # 2 addresses, but room for only one
        000a 42cf 0a4d 00c8
        """);
  }

  @Test
  void badIpHeader() {
    assertRejected(Reason.BAD_IP_HEADER, "protocol: 17 (expected: 112)", """
        45c0 0020 0001 0000 ff
        11        # protocol 17 (UDP)
        d04c 0a4d 0001 e000 0012
        3133 9601 000a 42cf 0a4d 00c8
        """);
  }

  @Test
  void badTtl() {
    assertRejected(Reason.BAD_TTL, "TTL: 64 (expected: 255)", """
        45c0 0020 0001 0000
        40        # TTL 64: routed, or forged off-link
        70 d04c 0a4d 0001 e000 0012
        3133 9601 000a 42cf 0a4d 00c8
        """);
  }

  @Test
  void badHopLimit() {
    assertRejected(Reason.BAD_TTL, "hop limit: 1 (expected: 255)", """
        6c0e 9f99 0018 70
        01        # hop limit 1
        fe80 0000 0000 0000 bc5c 11ff fe3a e099 ff02 0000 0000 0000 0000 0000 0000 0012
        3133 9601 0032 5f81 2001 0db8 0000 0000 0000 0000 0000 0010
        """);
  }

  @Test
  void badVersion() {
    assertRejected(Reason.BAD_VERSION, "version: 4 (expected: 2 or 3)", """
        45c0 0020 0001 0000 ff70 d04c 0a4d 0001 e000 0012
        41        # version 4
        33 9601 000a 42cf 0a4d 00c8
        """);
  }

  @Test
  void versionTheReceiverDoesNotRun() {
    assertRejected(Reason.BAD_VERSION, "version: 3 (expected: 2)", DecodeOptions.defaults().withVersion(VrrpVersion.V2),
        Hex.format(GoldenVectorsTest.V3_IPV4_MULTICAST));
  }

  @Test
  void badType() {
    assertRejected(Reason.BAD_TYPE, "type: 2 (expected: 1)", """
        45c0 0020 0001 0000 ff70 d04c 0a4d 0001 e000 0012
        32        # version 3, type 2
        33 9601 000a 42cf 0a4d 00c8
        """);
  }

  @Test
  void badVrid() {
    assertRejected(Reason.BAD_VRID, "vrid: 0 (expected: 1..255)", """
        45c0 0020 0001 0000 ff70 d04c 0a4d 0001 e000 0012
        31
        00        # vrid 0
        96 01 000a
        4302      # checksum recomputed for vrid 0
        0a4d 00c8
        """);
  }

  @Test
  void badAddressCount() {
    assertRejected(Reason.BAD_ADDRESS_COUNT, "address count: 0 (expected: 1..255)", """
        45c0 001c 0001 0000 ff70 d04c 0a4d 0001 e000 0012  # total length 28
        31 33 96
        00        # no address (RFC 9568 §5.2.5: MUST be ignored)
        000a 4de9
        """);
  }

  @Test
  void badLength() {
    assertRejected(Reason.BAD_LENGTH, "VRRP message: 16 bytes (expected: 12 for 1 addresses)", """
        45c0 0024 0001 0000 ff70 d04c 0a4d 0001 e000 0012  # total length 36
        31 33 96
        01        # 1 address
        000a 42cf 0a4d 00c8
        0a4d 00c9 # but a second one follows
        """);
  }

  @Test
  void badInterval() {
    assertRejected(Reason.BAD_INTERVAL, "advertisement interval: 0 (expected: at least 1)", """
        45c0 0020 0001 0000 ff70 d04c 0a4d 0001 e000 0012
        31 33 96 01
        0000      # interval 0 (RFC 9568 erratum 8301)
        42d9      # checksum recomputed for interval 0
        0a4d 00c8
        """);
  }

  @Test
  void badChecksum() {
    assertRejected(Reason.BAD_CHECKSUM,
        "checksum: 0x42ce (expected: 0x2dac MESSAGE_ONLY or 0x42cf PSEUDO_HEADER)", """
        45c0 0020 0001 0000 ff70 d04c 0a4d 0001 e000 0012
        31 33 96 01 000a
        42ce      # off by one
        0a4d 00c8
        """);
  }

  @Test
  void authAh() {
    assertRejected(Reason.AUTH_AH, "auth type: 2, IP Authentication Header (expected: 0 or 1)", """
        45c0 0028 0001 0000 ff70 d044 0a4d 0001 e000 0012
        21 33 96 01
        02        # auth type 2 (IP AH, RFC 2338)
        01
        3bb5      # checksum recomputed
        0a4d 00c8 0000 0000 0000 0000
        """);
  }

  @Test
  void badAuthType() {
    assertRejected(Reason.BAD_AUTH_TYPE, "auth type: 3 (expected: 0 or 1)", """
        45c0 0028 0001 0000 ff70 d044 0a4d 0001 e000 0012
        21 33 96 01
        03        # auth type 3: never defined
        01
        3ab5      # checksum recomputed
        0a4d 00c8 0000 0000 0000 0000
        """);
  }

  @Test
  void passwordWhereNoneIsConfigured() {
    assertRejected(Reason.AUTH_MISMATCH, "auth type: 1 (expected: 0)", DecodeOptions.defaults(),
        Hex.format(GoldenVectorsTest.V2_PASSWORD));
  }

  @Test
  void wrongPassword() {
    assertRejected(Reason.AUTH_MISMATCH, "password: differs from the configured one",
        DecodeOptions.defaults().withAuth(VrrpAuth.password("s3cres")), Hex.format(GoldenVectorsTest.V2_PASSWORD));
  }

  @Test
  void v2IntervalMismatch() {
    assertRejected(Reason.INTERVAL_MISMATCH, "advertisement interval: 1 s (expected: 2.0 s)",
        DecodeOptions.defaults().withV2Interval(200), Hex.format(GoldenVectorsTest.V2_MULTICAST));
  }

  private static void assertRejected(Reason reason, String messageStart, String annotatedHex) {
    assertRejected(reason, messageStart, DecodeOptions.defaults(), annotatedHex);
  }

  private static void assertRejected(Reason reason, String messageStart, DecodeOptions options, String annotatedHex) {
    ByteBuffer packet = ByteBuffer.wrap(Hex.parse(annotatedHex));
    // a view that holds an advertisement keeps it through a rejected read
    AdvertisementView view = new AdvertisementView();
    assertDoesNotThrow(
        () -> VrrpCodec.read(ByteBuffer.wrap(GoldenVectorsTest.V3_IPV6_MULTICAST), DecodeOptions.defaults(), view));
    VrrpPacket held = view.packet();
    VrrpDecodeException e = assertThrows(VrrpDecodeException.class, () -> VrrpCodec.read(packet, options, view));
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(messageStart, e.getMessage().substring(0, Math.min(messageStart.length(), e.getMessage().length())));
    assertEquals(held, view.packet());
    VrrpDecodeException again = assertThrows(VrrpDecodeException.class, () -> VrrpCodec.decode(packet, options));
    assertEquals(reason, again.reason());
    assertEquals(e.getMessage(), again.getMessage());
    SEEN.add(reason);
  }
}

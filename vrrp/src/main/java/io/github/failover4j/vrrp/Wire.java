package io.github.failover4j.vrrp;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Wire constants of VRRP (RFC 3768 §5, RFC 9568 §5) and of the IP headers that carry it. */
final class Wire {
  /** IP protocol number / IPv6 next header of VRRP. */
  static final int PROTOCOL = 112;
  /** TTL / hop limit every VRRP packet is sent with and must arrive with (GTSM). */
  static final int TTL = 255;
  /** The only message type: ADVERTISEMENT. */
  static final int TYPE_ADVERTISEMENT = 1;

  /** Version/type, VRID, priority, count, (auth type, interval) or interval, checksum. */
  static final int FIXED_LENGTH = 8;
  /** VRRPv2 authentication data, present in every v2 message whatever the auth type. */
  static final int V2_AUTH_LENGTH = 8;

  static final int OFFSET_VERSION_TYPE = 0;
  static final int OFFSET_VRID = 1;
  static final int OFFSET_PRIORITY = 2;
  static final int OFFSET_COUNT = 3;
  static final int OFFSET_V2_AUTH_TYPE = 4;
  static final int OFFSET_V2_INTERVAL = 5;
  static final int OFFSET_V3_INTERVAL = 4;
  static final int OFFSET_CHECKSUM = 6;
  static final int OFFSET_ADDRESSES = 8;

  /** VRRPv3 max advertisement interval: the low 12 bits of bytes 4-5, in centiseconds. */
  static final int V3_INTERVAL_MASK = 0x0FFF;
  static final int V3_MAX_INTERVAL_CENTIS = 4095;
  static final int V2_MAX_INTERVAL_SECONDS = 255;

  static final int AUTH_NONE = 0;
  static final int AUTH_PASSWORD = 1;
  /** IP Authentication Header (RFC 2338); removed by RFC 3768, rejected here. */
  static final int AUTH_AH = 2;

  static final int IPV4_MIN_HEADER = 20;
  static final int IPV6_HEADER = 40;

  static final int MAX_ADDRESSES = 255;
  static final int MAX_VRID = 255;
  static final int MAX_PRIORITY = 255;

  static final InetAddress IPV4_GROUP = literal(new byte[] {(byte) 224, 0, 0, 18});
  static final InetAddress IPV6_GROUP =
      literal(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});
  /** 224.0.0.18 as a big-endian int, for the legacy unicast pseudo-header. */
  static final int IPV4_GROUP_INT = 0xE0000012;

  private Wire() {}

  /**
   * The advertisement interval in centiseconds, from the 16 bits at {@link #OFFSET_V3_INTERVAL}:
   * VRRPv3's 4 reserved bits and 12-bit interval, or VRRPv2's auth type and interval in seconds.
   */
  static int intervalCentis(VrrpVersion version, int word) {
    return version == VrrpVersion.V2 ? (word & 0xFF) * 100 : word & V3_INTERVAL_MASK;
  }

  private static InetAddress literal(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // only thrown for a bad length
    }
  }
}

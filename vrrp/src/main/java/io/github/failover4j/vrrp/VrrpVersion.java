package io.github.failover4j.vrrp;

/** The VRRP protocol version, as carried in the high nibble of the first byte of every message. */
public enum VrrpVersion {
  /** VRRPv2, RFC 3768: IPv4 only, advertisement interval in whole seconds, optional password. */
  V2(2),
  /** VRRPv3, RFC 5798 and RFC 9568: IPv4 and IPv6, advertisement interval in centiseconds. */
  V3(3);

  private final int wire;

  VrrpVersion(int wire) {
    this.wire = wire;
  }

  /**
   * Returns the version number as written on the wire.
   *
   * @return 2 or 3
   */
  public int wireValue() {
    return wire;
  }

  /**
   * Returns the version for a wire value.
   *
   * @param wire the version number
   * @return the version
   * @throws IllegalArgumentException if {@code wire} is neither 2 nor 3
   */
  public static VrrpVersion of(int wire) {
    return switch (wire) {
      case 2 -> V2;
      case 3 -> V3;
      default -> throw new IllegalArgumentException("version: " + wire + " (expected: 2 or 3)");
    };
  }
}

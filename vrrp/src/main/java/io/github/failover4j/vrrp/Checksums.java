package io.github.failover4j.vrrp;

import java.nio.ByteBuffer;

/** The Internet checksum (RFC 1071) and the pseudo-headers VRRPv3 adds to it. */
final class Checksums {
  private Checksums() {}

  /** The one's-complement sum of 16-bit big-endian words, unfolded; an odd last byte is padded. */
  static int sum(ByteBuffer b, int offset, int length) {
    int sum = 0;
    int end = offset + (length & ~1);
    for (int i = offset; i < end; i += 2) {
      sum += (b.get(i) & 0xFF) << 8 | (b.get(i + 1) & 0xFF);
    }
    if ((length & 1) != 0) {
      sum += (b.get(end) & 0xFF) << 8;
    }
    return sum;
  }

  /** Folds the carries back in: the result is a 16-bit one's-complement sum. */
  static int fold(int sum) {
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return sum;
  }

  /** 224.0.0.18 as a sum of 16-bit words, for the legacy unicast pseudo-header. */
  static final int IPV4_GROUP_SUM = (Wire.IPV4_GROUP_INT >>> 16) + (Wire.IPV4_GROUP_INT & 0xFFFF);

  /**
   * A pseudo-header from addresses in a buffer, as an unfolded sum. The IPv4 form (source,
   * destination, zero, protocol, 16-bit length) and the IPv6 form of RFC 8200 §8.1 (source,
   * destination, 32-bit length, zeros, next header) add up to the same words.
   */
  static int pseudoHeader(ByteBuffer b, int sourceIndex, int destinationIndex, int addressLength, int length) {
    return sum(b, sourceIndex, addressLength) + sum(b, destinationIndex, addressLength) + Wire.PROTOCOL + length;
  }

  /** The pseudo-header of either family from address bytes, as an unfolded sum. */
  static int pseudoHeader(byte[] source, byte[] destination, int length) {
    ByteBuffer b = ByteBuffer.allocate(source.length * 2).put(source).put(destination);
    return pseudoHeader(b, 0, source.length, source.length, length);
  }
}

package io.github.failover4j.vrrp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The Internet checksum (RFC 1071) and the pseudo-headers VRRPv3 adds to it. */
final class Checksums {
  private Checksums() {}

  /**
   * The one's-complement sum of 16-bit big-endian words, unfolded; an odd last byte is padded. Read
   * in the buffer's byte order, which is the caller's, and swapped back to network order.
   */
  static int sum(ByteBuffer b, int offset, int length) {
    boolean swap = b.order() != ByteOrder.BIG_ENDIAN;
    int sum = 0;
    int i = offset;
    // the hot loop of VrrpCodec.read: a 32-bit read has one bounds check where byte reads have four.
    // The int cannot overflow below 32,768 words; a VRRP message has at most 2,044.
    for (int end = offset + (length & ~3); i < end; i += 4) {
      int word = swap ? Integer.reverseBytes(b.getInt(i)) : b.getInt(i);
      sum += (word >>> 16) + (word & 0xFFFF);
    }
    // VRRP messages and addresses are whole 32-bit words; these are the bytes of any other length
    for (int end = offset + length; i < end; i++) {
      sum += (b.get(i) & 0xFF) << (((i - offset) & 1) == 0 ? 8 : 0);
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
    // read in place: wrapping the arrays in buffers allocates whenever escape analysis gives up
    int sum = Wire.PROTOCOL + length;
    for (int i = 0; i < source.length; i += 2) {
      sum += (source[i] & 0xFF) << 8 | (source[i + 1] & 0xFF);
      sum += (destination[i] & 0xFF) << 8 | (destination[i + 1] & 0xFF);
    }
    return sum;
  }
}

package io.github.failover4j.vrrp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * What {@link VrrpCodecFuzzTest#decodeWithOptions} makes of the fuzzer's bytes: a receiver's
 * {@link DecodeOptions}, an IP packet, and the kind of buffer the packet arrives in. Written here
 * once, read by the fuzz test and written by {@link FuzzSeeds}, so that the seed corpus means what
 * the generator says.
 *
 * <p>A {@link FuzzedDataProvider} hands out integers from the end of the data and byte arrays from
 * the front (libFuzzer's convention, which Jazzer keeps). So an input is laid out as
 *
 * <pre>
 *   [password: 0..8 bytes] [IP packet: the rest] [fix: 1 byte] [aux: 1 byte] [control: 1 byte]
 *
 *   control bit 0-1  versions: 1 = V2 only, 2 = V3 only, 0 or 3 = both
 *           bit 2    1 = no TTL / hop limit check
 *           bit 3-5  checksum forms: bit 3 MESSAGE_ONLY, 4 PSEUDO_HEADER, 5 LEGACY_UNICAST; none = all
 *           bit 6    the packet arrives in a read-only direct buffer
 *           bit 7    the packet sits at position 3 of a little-endian buffer, between other bytes
 *   aux     bit 0-3  password length: 1..8 = that many bytes from the front (UTF-8), else none
 *           bit 4-7  VRRPv2 interval the receiver requires, in seconds; 0 = no check
 *   fix     bit 0-1  0 = keep the packet's checksum; 1, 2, 3 = replace it by the right one for
 *                    MESSAGE_ONLY, PSEUDO_HEADER, LEGACY_UNICAST (where the IP header is sound)
 * </pre>
 *
 * Zero trailing bytes are the default receiver and the packet as it is. The fix lets the fuzzer
 * past the checksum, which it would otherwise almost never get right after a mutation, to the
 * checks behind it (VRID, interval, authentication) and to building the packet.
 */
record FuzzInput(DecodeOptions options, byte[] packet, boolean direct, boolean displaced) {

  /** The reads the fuzz test makes, with {@link FuzzedDataProvider}'s semantics. */
  interface Source {
    /** {@code consumeInt(0, 255)}: the last byte, or 0 if none is left. */
    int lastByte();

    /** {@code consumeBytes(n)}: up to n bytes from the front. */
    byte[] firstBytes(int n);

    /** {@code consumeRemainingAsBytes()}. */
    byte[] rest();
  }

  static Source source(FuzzedDataProvider data) {
    return new Source() {
      @Override
      public int lastByte() {
        return data.consumeInt(0, 255);
      }

      @Override
      public byte[] firstBytes(int n) {
        return data.consumeBytes(n);
      }

      @Override
      public byte[] rest() {
        return data.consumeRemainingAsBytes();
      }
    };
  }

  /** The same reads on a seed file's bytes, for checking the corpus without Jazzer's runtime. */
  static Source source(byte[] seed) {
    return new Source() {
      private int start;
      private int end = seed.length;

      @Override
      public int lastByte() {
        return end > start ? seed[--end] & 0xFF : 0;
      }

      @Override
      public byte[] firstBytes(int n) {
        int take = Math.min(n, end - start);
        start += take;
        return Arrays.copyOfRange(seed, start - take, start);
      }

      @Override
      public byte[] rest() {
        return firstBytes(end - start);
      }
    };
  }

  static FuzzInput read(Source in) {
    int control = in.lastByte();
    int aux = in.lastByte();
    int fix = in.lastByte() & 0x03;
    Set<VrrpVersion> versions = switch (control & 0x03) {
      case 1 -> EnumSet.of(VrrpVersion.V2);
      case 2 -> EnumSet.of(VrrpVersion.V3);
      default -> EnumSet.allOf(VrrpVersion.class);
    };
    Set<ChecksumMode> forms = EnumSet.noneOf(ChecksumMode.class);
    for (ChecksumMode mode : ChecksumMode.values()) {
      if ((control & 1 << (3 + mode.ordinal())) != 0) {
        forms.add(mode);
      }
    }
    if (forms.isEmpty()) {
      forms = EnumSet.allOf(ChecksumMode.class);
    }
    VrrpAuth auth = VrrpAuth.none();
    int passwordLength = aux & 0x0F;
    if (passwordLength >= 1 && passwordLength <= 8) {
      String password = new String(in.firstBytes(passwordLength), StandardCharsets.UTF_8);
      int encoded = password.getBytes(StandardCharsets.UTF_8).length;
      // malformed UTF-8 decodes to U+FFFD, three bytes each: such a password cannot be configured
      if (encoded >= 1 && encoded <= 8) {
        auth = VrrpAuth.password(password);
      }
    }
    DecodeOptions options = new DecodeOptions(versions, auth, (aux >>> 4) * 100, (control & 0x04) == 0, forms);
    byte[] packet = in.rest();
    if (fix != 0) {
      fixChecksum(packet, ChecksumMode.values()[fix - 1]);
    }
    return new FuzzInput(options, packet, (control & 0x40) != 0, (control & 0x80) != 0);
  }

  /**
   * Writes the checksum a sender using {@code form} would have written, if the IP header says
   * where a VRRP message of at least 8 bytes is. As a sender would: the form is applied whatever
   * the version and family, so a wrong choice makes a packet the decoder must reject.
   */
  private static void fixChecksum(byte[] packet, ChecksumMode form) {
    ByteBuffer b = ByteBuffer.wrap(packet);
    int version = packet.length > 0 ? (packet[0] & 0xF0) >>> 4 : 0;
    int offset;
    int length;
    int alen;
    if (version == 4 && packet.length >= IpPackets.IPV4_HEADER) {
      offset = (packet[0] & 0x0F) * 4;
      length = (b.getShort(2) & 0xFFFF) - offset;
      alen = 4;
    } else if (version == 6 && packet.length >= IpPackets.IPV6_HEADER) {
      offset = IpPackets.IPV6_HEADER;
      length = b.getShort(4) & 0xFFFF;
      alen = 16;
    } else {
      return;
    }
    if (offset < IpPackets.IPV4_HEADER || length < 8 || offset + length > packet.length) {
      return;
    }
    b.putShort(offset + 6, (short) 0);
    int sum = Checksums.sum(b, offset, length);
    int source = alen == 4 ? 12 : 8;
    if (form == ChecksumMode.PSEUDO_HEADER) {
      sum += Checksums.pseudoHeader(b, source, source + alen, alen, length);
    } else if (form == ChecksumMode.LEGACY_UNICAST) {
      sum += Checksums.sum(b, source, alen) + Checksums.IPV4_GROUP_SUM + 112 + length;
    }
    b.putShort(offset + 6, (short) ~Checksums.fold(sum));
  }

  /**
   * Writes an input that {@link #read} turns into this packet, unchanged, and these options, in a
   * plain heap buffer.
   *
   * @param versions one version, or both
   * @param password null for none
   * @param v2IntervalSeconds 0..15
   * @param checksums the forms accepted
   */
  static byte[] write(byte[] packet, Set<VrrpVersion> versions, String password, int v2IntervalSeconds,
      boolean checkTtl, Set<ChecksumMode> checksums) {
    byte[] passwordBytes = password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8);
    if (passwordBytes.length > 8 || v2IntervalSeconds < 0 || v2IntervalSeconds > 15 || versions.isEmpty()) {
      throw new IllegalArgumentException("cannot express: " + versions + ", " + v2IntervalSeconds + " s");
    }
    int control = versions.size() == 1 ? versions.iterator().next().wireValue() - 1 : 0;
    control |= checkTtl ? 0 : 0x04;
    if (checksums.size() < ChecksumMode.values().length) {
      for (ChecksumMode mode : checksums) {
        control |= 1 << (3 + mode.ordinal());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(passwordBytes);
    out.writeBytes(packet);
    out.write(0); // the packet's own checksum
    out.write(v2IntervalSeconds << 4 | passwordBytes.length);
    out.write(control);
    return out.toByteArray();
  }

  /** The packet in the kind of buffer the control byte asked for, from position to limit. */
  ByteBuffer buffer() {
    int offset = displaced ? 3 : 0;
    int capacity = packet.length + (displaced ? 6 : 0);
    ByteBuffer b = direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    for (int i = 0; i < capacity; i++) {
      b.put(i, (byte) 0xA5); // what a decoder reading outside position..limit would see
    }
    b.put(offset, packet).position(offset).limit(offset + packet.length);
    if (direct) {
      b = b.asReadOnlyBuffer();
    }
    return b.order(displaced ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
  }
}

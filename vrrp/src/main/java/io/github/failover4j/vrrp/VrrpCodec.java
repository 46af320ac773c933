package io.github.failover4j.vrrp;

import io.github.failover4j.vrrp.VrrpDecodeException.Reason;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Encodes and decodes VRRP advertisements: VRRPv2 (RFC 3768) and VRRPv3 (RFC 5798, RFC 9568),
 * over IPv4 and IPv6. Stateless and thread-safe.
 *
 * <p>Decoding takes a whole IP packet (IPv4 or IPv6 header, then the VRRP message), because the
 * checks need the header: the TTL or hop limit, and the addresses the checksum may cover. Buffers
 * are read with absolute indexes from their position to their limit, in network byte order
 * whatever their {@link ByteBuffer#order() order}, and are left unchanged.
 *
 * <p>{@link #read} runs every check and copies the advertisement into a reusable
 * {@link AdvertisementView} without allocating: the receive path. {@link #decode} reads into a view
 * of its own and builds a {@link VrrpPacket} from it. Neither throws anything but
 * {@link VrrpDecodeException}, for any input.
 */
public final class VrrpCodec {
  /** The longest packet that can be valid: an IPv6 header and a message with 255 addresses. */
  public static final int MAX_PACKET_LENGTH =
      Wire.IPV6_HEADER + Wire.FIXED_LENGTH + Wire.MAX_ADDRESSES * AddressFamily.IPV6.addressLength();

  private static final ChecksumMode[] MODES = ChecksumMode.values();

  private VrrpCodec() {}

  /**
   * Checks an IP packet against every receive check of RFC 3768 §7.1 and RFC 9568 §7.1 that does
   * not need the receiver's state, and copies the advertisement into a view, without allocating.
   * The view keeps copies: the buffer may be reused as soon as this returns.
   *
   * @param ipPacket an IPv4 or IPv6 packet from position to limit; bytes past the IP length are
   *     ignored as link-layer padding
   * @param options what the receiver expects
   * @param into the view to fill; left as it was if the packet is rejected
   * @throws VrrpDecodeException naming the first check that failed
   */
  public static void read(ByteBuffer ipPacket, DecodeOptions options, AdvertisementView into)
      throws VrrpDecodeException {
    ChecksumMode checksum = check(ipPacket, options);
    into.fill(ipPacket, ipPacket.position(), checksum, options.auth());
  }

  /**
   * Runs every check of {@link #read}, in one pass over the packet and without allocating. Separate
   * so that read stays small enough for the JIT to inline into decode, where it can then often do
   * without the view object.
   *
   * @return the checksum form the sender used
   */
  private static ChecksumMode check(ByteBuffer b, DecodeOptions options) throws VrrpDecodeException {
    int base = b.position();
    Layout.of(b, base); // IP header checks
    int off = base + Layout.headerLength(b, base);
    int len = Layout.messageLength(b, base);
    AddressFamily family = Layout.family(b, base);
    int ttl = u8(b, base + Layout.ttlOffset(family));
    if (options.checkTtl() && ttl != Wire.TTL) {
      throw new VrrpDecodeException(Reason.BAD_TTL, (family == AddressFamily.IPV4 ? "TTL: " : "hop limit: ")
          + ttl + " (expected: 255)");
    }
    if (len < Wire.FIXED_LENGTH) {
      throw new VrrpDecodeException(Reason.TRUNCATED, "VRRP message: " + len + " bytes (expected: at least 8)");
    }
    int versionType = u8(b, off + Wire.OFFSET_VERSION_TYPE);
    VrrpVersion version = version(versionType >>> 4, family, options);
    if ((versionType & 0x0F) != Wire.TYPE_ADVERTISEMENT) {
      throw new VrrpDecodeException(Reason.BAD_TYPE, "type: " + (versionType & 0x0F) + " (expected: 1)");
    }
    int count = u8(b, off + Wire.OFFSET_COUNT);
    if (count == 0) {
      throw new VrrpDecodeException(Reason.BAD_ADDRESS_COUNT, "address count: 0 (expected: 1..255)");
    }
    int expected = messageLength(version, family, count);
    if (len != expected) {
      throw new VrrpDecodeException(len < expected ? Reason.TRUNCATED : Reason.BAD_LENGTH,
          "VRRP message: " + len + " bytes (expected: " + expected + " for " + count + " addresses)");
    }
    ChecksumMode checksum = checksum(b, base, off, len, version, family, options);
    if (u8(b, off + Wire.OFFSET_VRID) == 0) {
      throw new VrrpDecodeException(Reason.BAD_VRID, "vrid: 0 (expected: 1..255)");
    }
    if (intervalCentis(b, off, version) == 0) {
      throw new VrrpDecodeException(Reason.BAD_INTERVAL, "advertisement interval: 0 (expected: at least 1)");
    }
    if (version == VrrpVersion.V2) {
      checkV2(b, off, len, options);
    }
    return checksum;
  }

  /**
   * Reads an IP packet as {@link #read} does, into a view of its own, and builds the packet.
   *
   * @param ipPacket an IPv4 or IPv6 packet from position to limit
   * @param options what the receiver expects
   * @return the packet
   * @throws VrrpDecodeException naming the first check that failed
   */
  public static VrrpPacket decode(ByteBuffer ipPacket, DecodeOptions options) throws VrrpDecodeException {
    // room for this packet (a valid one fits what remains), not for the longest: zeroing 4 KB would
    // cost more than the rest of decode
    AdvertisementView view = new AdvertisementView(Math.min(ipPacket.remaining(), MAX_PACKET_LENGTH));
    read(ipPacket, options, view);
    return view.packet();
  }

  /**
   * Reads the virtual router identifier of a packet without validating it, so that a receiver can
   * find the router whose {@link DecodeOptions} apply (and count a broken packet against it).
   *
   * @param ipPacket an IPv4 or IPv6 packet from position to limit
   * @return the VRID byte, or -1 if the packet is too short to hold one
   */
  public static int vrid(ByteBuffer ipPacket) {
    int base = ipPacket.position();
    try {
      Layout.of(ipPacket, base);
    } catch (VrrpDecodeException e) {
      return -1;
    }
    if (Layout.messageLength(ipPacket, base) <= Wire.OFFSET_VRID) {
      return -1;
    }
    return u8(ipPacket, base + Layout.headerLength(ipPacket, base) + Wire.OFFSET_VRID);
  }

  /**
   * Encodes an advertisement into a new array.
   *
   * @param advertisement what to send
   * @param source the IP source the packet will carry (covered by VRRPv3 pseudo-header checksums)
   * @param destination the IP destination: the multicast group or a unicast peer
   * @param checksum the form for VRRPv3 over IPv4; VRRPv2 and IPv6 have one form each and ignore it
   * @return the VRRP message (without IP header)
   */
  public static byte[] encode(VrrpAdvertisement advertisement, InetAddress source, InetAddress destination,
      ChecksumMode checksum) {
    ByteBuffer out = ByteBuffer.allocate(advertisement.encodedLength());
    encode(advertisement, source, destination, checksum, out);
    return out.array();
  }

  /**
   * Encodes an advertisement at the buffer's position and advances it.
   *
   * @param advertisement what to send
   * @param source the IP source the packet will carry
   * @param destination the IP destination
   * @param checksum the form for VRRPv3 over IPv4 (see {@link #encode(VrrpAdvertisement,
   *     InetAddress, InetAddress, ChecksumMode)})
   * @param out where to write; needs {@link VrrpAdvertisement#encodedLength()} bytes
   * @return the number of bytes written
   * @throws IllegalArgumentException if the source or destination is not of the advertisement's
   *     family
   * @throws java.nio.BufferOverflowException if {@code out} is too small
   */
  public static int encode(VrrpAdvertisement advertisement, InetAddress source, InetAddress destination,
      ChecksumMode checksum, ByteBuffer out) {
    AddressFamily family = advertisement.family();
    if (AddressFamily.of(source) != family || AddressFamily.of(destination) != family) {
      throw new IllegalArgumentException("source, destination: " + source + ", " + destination
          + " (expected: " + family + " like the advertised addresses)");
    }
    int len = advertisement.encodedLength();
    if (out.remaining() < len) {
      throw new java.nio.BufferOverflowException();
    }
    int off = out.position();
    VrrpVersion version = advertisement.version();
    out.put(off + Wire.OFFSET_VERSION_TYPE, (byte) (version.wireValue() << 4 | Wire.TYPE_ADVERTISEMENT));
    out.put(off + Wire.OFFSET_VRID, (byte) advertisement.vrid());
    out.put(off + Wire.OFFSET_PRIORITY, (byte) advertisement.priority());
    out.put(off + Wire.OFFSET_COUNT, (byte) advertisement.addresses().size());
    if (version == VrrpVersion.V2) {
      out.put(off + Wire.OFFSET_V2_AUTH_TYPE, (byte) advertisement.auth().type());
      out.put(off + Wire.OFFSET_V2_INTERVAL, (byte) (advertisement.intervalCentis() / 100));
      advertisement.auth().writeData(out, off + len - Wire.V2_AUTH_LENGTH);
    } else {
      putU16(out, off + Wire.OFFSET_V3_INTERVAL, advertisement.intervalCentis());
    }
    putU16(out, off + Wire.OFFSET_CHECKSUM, 0);
    int alen = family.addressLength();
    for (int i = 0; i < advertisement.addresses().size(); i++) {
      out.put(off + Wire.OFFSET_ADDRESSES + i * alen, advertisement.addresses().get(i).getAddress());
    }
    int sum = Checksums.sum(out, off, len);
    switch (effective(version, family, checksum)) {
      case PSEUDO_HEADER -> sum += Checksums.pseudoHeader(source.getAddress(), destination.getAddress(), len);
      case LEGACY_UNICAST -> sum += Checksums.pseudoHeader(source.getAddress(), Wire.IPV4_GROUP.getAddress(), len);
      case MESSAGE_ONLY -> { }
    }
    putU16(out, off + Wire.OFFSET_CHECKSUM, ~Checksums.fold(sum) & 0xFFFF);
    out.position(off + len);
    return len;
  }

  /**
   * Encodes an advertisement into a whole IP packet, with the header the kernel would build: for
   * simulations, tests, and senders that write their own IP header.
   *
   * @param advertisement what to send
   * @param source the IP source
   * @param destination the IP destination
   * @param checksum the form for VRRPv3 over IPv4
   * @param ttl the TTL or hop limit (255 on a link)
   * @return an IPv4 packet (20-byte header, DSCP CS6 like keepalived, header checksum set) or an
   *     IPv6 packet (40-byte header, traffic class CS6)
   */
  public static byte[] encodePacket(VrrpAdvertisement advertisement, InetAddress source, InetAddress destination,
      ChecksumMode checksum, int ttl) {
    AddressFamily family = advertisement.family();
    int header = family == AddressFamily.IPV4 ? Wire.IPV4_MIN_HEADER : Wire.IPV6_HEADER;
    ByteBuffer out = ByteBuffer.allocate(header + advertisement.encodedLength());
    out.position(header);
    int len = encode(advertisement, source, destination, checksum, out);
    out.put(Layout.ttlOffset(family), (byte) ttl);
    out.put(Layout.sourceOffset(family), source.getAddress());
    out.put(Layout.destinationOffset(family), destination.getAddress());
    if (family == AddressFamily.IPV4) {
      out.put(0, (byte) 0x45).put(1, (byte) 0xC0);
      putU16(out, Layout.IPV4_TOTAL_LENGTH, header + len);
      out.put(Layout.IPV4_PROTOCOL, (byte) Wire.PROTOCOL);
      // last: it covers the rest of the header
      putU16(out, Layout.IPV4_HEADER_CHECKSUM, ~Checksums.fold(Checksums.sum(out, 0, header)) & 0xFFFF);
    } else {
      out.putInt(0, 0x6C00_0000); // version 6, traffic class 0xc0, no flow label
      putU16(out, Layout.IPV6_PAYLOAD_LENGTH, len);
      out.put(Layout.IPV6_NEXT_HEADER, (byte) Wire.PROTOCOL);
    }
    return out.array();
  }

  /** The checksum form actually used: only VRRPv3 over IPv4 has a choice. */
  static ChecksumMode effective(VrrpVersion version, AddressFamily family, ChecksumMode requested) {
    if (version == VrrpVersion.V2) {
      return ChecksumMode.MESSAGE_ONLY;
    }
    return family == AddressFamily.IPV6 ? ChecksumMode.PSEUDO_HEADER : requested;
  }

  private static int messageLength(VrrpVersion version, AddressFamily family, int count) {
    return Wire.FIXED_LENGTH + count * family.addressLength()
        + (version == VrrpVersion.V2 ? Wire.V2_AUTH_LENGTH : 0);
  }

  private static VrrpVersion version(int wire, AddressFamily family, DecodeOptions options)
      throws VrrpDecodeException {
    VrrpVersion version = switch (wire) {
      case 2 -> VrrpVersion.V2;
      case 3 -> VrrpVersion.V3;
      default -> throw new VrrpDecodeException(Reason.BAD_VERSION, "version: " + wire + " (expected: 2 or 3)");
    };
    if (version == VrrpVersion.V2 && family == AddressFamily.IPV6) {
      throw new VrrpDecodeException(Reason.BAD_VERSION, "version: 2 over IPv6 (expected: 3)");
    }
    if (!options.versions().contains(version)) {
      throw new VrrpDecodeException(Reason.BAD_VERSION,
          "version: " + wire + " (expected: " + options.versions().iterator().next().wireValue() + ")");
    }
    return version;
  }

  private static ChecksumMode checksum(ByteBuffer b, int base, int off, int len, VrrpVersion version,
      AddressFamily family, DecodeOptions options) throws VrrpDecodeException {
    int sum = Checksums.sum(b, off, len);
    for (ChecksumMode mode : MODES) {
      // the sum before the options: a set lookup costs more, and only the sender's form adds up
      int extra = pseudoSum(b, base, family, mode, len);
      if (extra >= 0 && Checksums.fold(sum + extra) == 0xFFFF && accepts(mode, version, family, options)) {
        return mode;
      }
    }
    // name the checksum each acceptable form needed: tells a peer's form apart from corruption. The
    // numbers now (the buffer is reused), the words only if someone reads them.
    int field = u16(b, off + Wire.OFFSET_CHECKSUM);
    int[] needed = new int[MODES.length];
    for (ChecksumMode mode : MODES) {
      int extra = accepts(mode, version, family, options) ? pseudoSum(b, base, family, mode, len) : -1;
      needed[mode.ordinal()] = extra < 0 ? -1 : ~Checksums.fold(sum - field + extra) & 0xFFFF;
    }
    throw new VrrpDecodeException(Reason.BAD_CHECKSUM, () -> {
      StringBuilder expected = new StringBuilder();
      for (ChecksumMode mode : MODES) {
        if (needed[mode.ordinal()] >= 0) {
          expected.append(expected.length() == 0 ? "" : " or ")
              .append(String.format("0x%04x %s", needed[mode.ordinal()], mode));
        }
      }
      return String.format("checksum: 0x%04x (expected: %s)", field, expected);
    });
  }

  private static boolean accepts(ChecksumMode mode, VrrpVersion version, AddressFamily family,
      DecodeOptions options) {
    if (version == VrrpVersion.V3 && family == AddressFamily.IPV4) {
      // every form is the default, and a set of all three is hashed: its lookup costs a division
      Set<ChecksumMode> accepted = options.checksums();
      return accepted.size() == MODES.length || accepted.contains(mode);
    }
    return mode == effective(version, family, mode);
  }

  /** The pseudo-header sum a form adds to the message's, or -1 where the form does not apply. */
  private static int pseudoSum(ByteBuffer b, int base, AddressFamily family, ChecksumMode mode, int len) {
    return switch (mode) {
      case MESSAGE_ONLY -> 0;
      case PSEUDO_HEADER -> Checksums.pseudoHeader(b, base + Layout.sourceOffset(family),
          base + Layout.destinationOffset(family), family.addressLength(), len);
      // sent to the group, the legacy form is the RFC 5798 form, and is reported as that (only
      // VRRPv3 over IPv4 accepts it, so the addresses are IPv4 ones)
      case LEGACY_UNICAST -> u16(b, base + Layout.IPV4_DESTINATION) == Wire.IPV4_GROUP_INT >>> 16
          && u16(b, base + Layout.IPV4_DESTINATION + 2) == (Wire.IPV4_GROUP_INT & 0xFFFF)
          ? -1
          : Checksums.sum(b, base + Layout.IPV4_SOURCE, 4) + Checksums.IPV4_GROUP_SUM + Wire.PROTOCOL + len;
    };
  }

  private static void checkV2(ByteBuffer b, int off, int len, DecodeOptions options) throws VrrpDecodeException {
    int authType = u8(b, off + Wire.OFFSET_V2_AUTH_TYPE);
    if (authType == Wire.AUTH_AH) {
      throw new VrrpDecodeException(Reason.AUTH_AH, "auth type: 2, IP Authentication Header (expected: 0 or 1)");
    }
    if (authType > Wire.AUTH_AH) {
      throw new VrrpDecodeException(Reason.BAD_AUTH_TYPE, "auth type: " + authType + " (expected: 0 or 1)");
    }
    if (authType != options.auth().type()) {
      throw new VrrpDecodeException(Reason.AUTH_MISMATCH,
          "auth type: " + authType + " (expected: " + options.auth().type() + ")");
    }
    if (authType == Wire.AUTH_PASSWORD && !options.auth().dataMatches(b, off + len - Wire.V2_AUTH_LENGTH)) {
      throw new VrrpDecodeException(Reason.AUTH_MISMATCH, "password: differs from the configured one");
    }
    int interval = u8(b, off + Wire.OFFSET_V2_INTERVAL) * 100;
    if (options.v2IntervalCentis() != 0 && interval != options.v2IntervalCentis()) {
      throw new VrrpDecodeException(Reason.INTERVAL_MISMATCH, "advertisement interval: " + interval / 100
          + " s (expected: " + options.v2IntervalCentis() / 100.0 + " s)");
    }
  }

  private static int intervalCentis(ByteBuffer b, int off, VrrpVersion version) {
    return Wire.intervalCentis(version, u16(b, off + Wire.OFFSET_V3_INTERVAL));
  }

  static int u8(ByteBuffer b, int index) {
    return b.get(index) & 0xFF;
  }

  static int u16(ByteBuffer b, int index) {
    return (b.get(index) & 0xFF) << 8 | (b.get(index + 1) & 0xFF);
  }

  private static void putU16(ByteBuffer b, int index, int value) {
    b.put(index, (byte) (value >>> 8));
    b.put(index + 1, (byte) value);
  }

  /**
   * The IPv4 header (RFC 791) and the IPv6 header (RFC 8200): where the fields are, where the VRRP
   * message starts and how long it is.
   */
  static final class Layout {
    static final int IPV4_TOTAL_LENGTH = 2;
    static final int IPV4_TTL = 8;
    static final int IPV4_PROTOCOL = 9;
    static final int IPV4_HEADER_CHECKSUM = 10;
    static final int IPV4_SOURCE = 12;
    static final int IPV4_DESTINATION = 16;
    static final int IPV6_PAYLOAD_LENGTH = 4;
    static final int IPV6_NEXT_HEADER = 6;
    static final int IPV6_HOP_LIMIT = 7;
    static final int IPV6_SOURCE = 8;
    static final int IPV6_DESTINATION = 24;

    private Layout() {}

    /** Checks the IP header: family, length fields, protocol. */
    static void of(ByteBuffer b, int base) throws VrrpDecodeException {
      int avail = b.limit() - base;
      if (avail < 1) {
        throw new VrrpDecodeException(Reason.TRUNCATED, "IP packet: 0 bytes");
      }
      int ipVersion = u8(b, base) >>> 4;
      if (ipVersion == 4) {
        if (avail < Wire.IPV4_MIN_HEADER) {
          throw new VrrpDecodeException(Reason.TRUNCATED, "IPv4 header: " + avail + " bytes (expected: at least 20)");
        }
        int ihl = (u8(b, base) & 0x0F) * 4;
        int total = u16(b, base + IPV4_TOTAL_LENGTH);
        if (ihl < Wire.IPV4_MIN_HEADER || total < ihl) {
          throw new VrrpDecodeException(Reason.BAD_IP_HEADER,
              "IPv4 header length, total length: " + ihl + ", " + total + " (expected: 20 <= header <= total)");
        }
        if (total > avail) {
          throw new VrrpDecodeException(Reason.TRUNCATED,
              "IPv4 total length: " + total + " (expected: at most the " + avail + " bytes received)");
        }
        int protocol = u8(b, base + IPV4_PROTOCOL);
        if (protocol != Wire.PROTOCOL) {
          throw new VrrpDecodeException(Reason.BAD_IP_HEADER, "protocol: " + protocol + " (expected: 112)");
        }
      } else if (ipVersion == 6) {
        if (avail < Wire.IPV6_HEADER) {
          throw new VrrpDecodeException(Reason.TRUNCATED, "IPv6 header: " + avail + " bytes (expected: 40)");
        }
        int nextHeader = u8(b, base + IPV6_NEXT_HEADER);
        if (nextHeader != Wire.PROTOCOL) {
          throw new VrrpDecodeException(Reason.BAD_IP_HEADER, "next header: " + nextHeader + " (expected: 112)");
        }
        int payload = u16(b, base + IPV6_PAYLOAD_LENGTH);
        if (payload > avail - Wire.IPV6_HEADER) {
          throw new VrrpDecodeException(Reason.TRUNCATED, "IPv6 payload length: " + payload
              + " (expected: at most the " + (avail - Wire.IPV6_HEADER) + " bytes received)");
        }
      } else {
        throw new VrrpDecodeException(Reason.BAD_IP_HEADER, "IP version: " + ipVersion + " (expected: 4 or 6)");
      }
    }

    static AddressFamily family(ByteBuffer b, int base) {
      return u8(b, base) >>> 4 == 4 ? AddressFamily.IPV4 : AddressFamily.IPV6;
    }

    static int headerLength(ByteBuffer b, int base) {
      return family(b, base) == AddressFamily.IPV4 ? (u8(b, base) & 0x0F) * 4 : Wire.IPV6_HEADER;
    }

    static int messageLength(ByteBuffer b, int base) {
      return family(b, base) == AddressFamily.IPV4
          ? u16(b, base + IPV4_TOTAL_LENGTH) - headerLength(b, base)
          : u16(b, base + IPV6_PAYLOAD_LENGTH);
    }

    /** Where the TTL (IPv4) or hop limit (IPv6) is. */
    static int ttlOffset(AddressFamily family) {
      return family == AddressFamily.IPV4 ? IPV4_TTL : IPV6_HOP_LIMIT;
    }

    static int sourceOffset(AddressFamily family) {
      return family == AddressFamily.IPV4 ? IPV4_SOURCE : IPV6_SOURCE;
    }

    static int destinationOffset(AddressFamily family) {
      return family == AddressFamily.IPV4 ? IPV4_DESTINATION : IPV6_DESTINATION;
    }
  }
}

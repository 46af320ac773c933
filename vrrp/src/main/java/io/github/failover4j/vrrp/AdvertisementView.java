package io.github.failover4j.vrrp;

import io.github.failover4j.vrrp.VrrpCodec.Layout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * A received advertisement, as {@link VrrpCodec#read} left it: a copy of the packet, IP header and
 * VRRP message, in an array the view allocated once. Reading a packet into a view allocates
 * nothing, and the buffer it came in may be reused at once; the getters and comparisons do not
 * allocate either, only the methods that make objects ({@link #source()}, {@link #destination()},
 * {@link #advertisement()}, {@link #packet()}) do.
 *
 * <p>Mutable and not thread-safe: a receiver keeps one per thread and reads every packet into it.
 * What a view returns is valid until the next successful read into it; a rejected packet leaves it
 * as it was. A new view holds nothing until a read fills it: its getters return null or 0, its
 * comparisons see an empty source and no addresses, and the methods that make objects throw
 * {@link IllegalStateException}.
 */
public final class AdvertisementView {
  // one copy of the whole packet costs less than copies of its parts; the family and version are
  // read from it
  private final byte[] packet;
  private int addressLength;
  private int sourceOffset;
  private int destinationOffset;
  private int messageOffset;
  private int messageLength; // 0 until a read
  private ChecksumMode checksum;
  private VrrpAuth auth;

  /** Makes an empty view, with room for the longest packet (about 4 KB): make one, reuse it. */
  public AdvertisementView() {
    this(VrrpCodec.MAX_PACKET_LENGTH);
  }

  /** Makes a view with room for packets up to {@code capacity} bytes. */
  AdvertisementView(int capacity) {
    this.packet = new byte[capacity];
  }

  /**
   * Makes a view as if this advertisement had been received from {@code source}: TTL 255, the
   * checksum form a {@link VrrpConfig} sends by default ({@link ChecksumMode#PSEUDO_HEADER} for
   * VRRPv3, the only form for VRRPv2), and the advertisement's authentication. For tests and
   * simulations; it allocates.
   *
   * @param advertisement what was sent
   * @param source the IP source, of the advertisement's family
   * @param destination the IP destination, of the advertisement's family
   * @return a new view
   * @throws IllegalArgumentException if the source or destination is not of the advertisement's
   *     family
   */
  public static AdvertisementView of(VrrpAdvertisement advertisement, InetAddress source, InetAddress destination) {
    ChecksumMode form = VrrpCodec.effective(advertisement.version(), advertisement.family(),
        ChecksumMode.PSEUDO_HEADER);
    byte[] packet = VrrpCodec.encodePacket(advertisement, source, destination, form, Wire.TTL);
    AdvertisementView view = new AdvertisementView();
    try {
      // pinned to the form: another form may check out too, and would be reported instead
      VrrpCodec.read(ByteBuffer.wrap(packet), DecodeOptions.defaults().withAuth(advertisement.auth())
          .withChecksums(form), view);
    } catch (VrrpDecodeException e) {
      throw new AssertionError("rejected its own encoding: " + e, e);
    }
    return view;
  }

  /**
   * Copies a packet that {@link VrrpCodec#read} checked: its version is 2 or 3, and a VRRPv2 one
   * carries the receiver's authentication.
   */
  void fill(ByteBuffer b, int base, ChecksumMode newChecksum, VrrpAuth receiverAuth) {
    AddressFamily family = Layout.family(b, base);
    addressLength = family.addressLength();
    sourceOffset = Layout.sourceOffset(family);
    destinationOffset = Layout.destinationOffset(family);
    messageOffset = Layout.headerLength(b, base);
    messageLength = Layout.messageLength(b, base);
    b.get(base, packet, 0, messageOffset + messageLength);
    VrrpAuth newAuth = version() == VrrpVersion.V2 ? receiverAuth : VrrpAuth.none();
    // a reference stored into a view costs a GC write barrier, though a receiver mostly stores the
    // same ones again: store only a change
    if (checksum != newChecksum) {
      checksum = newChecksum;
    }
    if (auth != newAuth) {
      auth = newAuth;
    }
  }

  /**
   * Returns the family of the IP header and of the advertised addresses.
   *
   * @return IPv4 or IPv6; null if nothing was read yet
   */
  public AddressFamily family() {
    if (messageLength == 0) {
      return null;
    }
    return (packet[0] & 0xFF) >>> 4 == 4 ? AddressFamily.IPV4 : AddressFamily.IPV6;
  }

  /**
   * Returns the VRRP version.
   *
   * @return VRRPv2 or VRRPv3; null if nothing was read yet
   */
  public VrrpVersion version() {
    if (messageLength == 0) {
      return null;
    }
    return messageByte(Wire.OFFSET_VERSION_TYPE) >>> 4 == 2 ? VrrpVersion.V2 : VrrpVersion.V3;
  }

  /**
   * Returns the virtual router identifier.
   *
   * @return 1..255
   */
  public int vrid() {
    return messageByte(Wire.OFFSET_VRID);
  }

  /**
   * Returns the advertised priority.
   *
   * @return 0..255: 0 is a master that is releasing, 255 the address owner
   */
  public int priority() {
    return messageByte(Wire.OFFSET_PRIORITY);
  }

  /**
   * Returns the advertisement interval, in centiseconds.
   *
   * @return VRRPv3 1..4095; VRRPv2 whole seconds, 100..25500
   */
  public int intervalCentis() {
    return Wire.intervalCentis(version(),
        messageByte(Wire.OFFSET_V3_INTERVAL) << 8 | messageByte(Wire.OFFSET_V3_INTERVAL + 1));
  }

  /**
   * Returns the number of advertised addresses.
   *
   * @return 1..255
   */
  public int addressCount() {
    return messageByte(Wire.OFFSET_COUNT);
  }

  /**
   * Returns the TTL (IPv4) or hop limit (IPv6) the packet arrived with.
   *
   * @return 0..255; 255 unless the receiver's options skip the check
   */
  public int ttl() {
    return messageLength == 0 ? 0 : packet[Layout.ttlOffset(family())] & 0xFF;
  }

  /**
   * Returns the checksum form the sender used (for VRRPv3 over IPv4 it varies by vendor).
   *
   * @return the form; null if nothing was read yet
   */
  public ChecksumMode checksum() {
    return checksum;
  }

  /**
   * Tells whether the IP source is this address.
   *
   * @param address 4 or 16 bytes
   * @return true if the source has the same bytes
   */
  public boolean sourceEquals(byte[] address) {
    return Arrays.equals(packet, sourceOffset, sourceOffset + addressLength, address, 0, address.length);
  }

  /**
   * Tells whether the IP destination is this address: the group, or this receiver in unicast mode.
   *
   * @param address 4 or 16 bytes
   * @return true if the destination has the same bytes
   */
  public boolean destinationEquals(byte[] address) {
    return Arrays.equals(packet, destinationOffset, destinationOffset + addressLength, address, 0, address.length);
  }

  /**
   * Compares the IP source with an address as unsigned bytes, as
   * {@link Arrays#compareUnsigned(byte[], byte[])} would: the order in which RFC 9568 §6.4.3 breaks
   * ties between masters of equal priority.
   *
   * @param address 4 or 16 bytes
   * @return negative, zero or positive as the source is lower than, equal to or higher than it
   */
  public int compareSourceTo(byte[] address) {
    return Arrays.compareUnsigned(packet, sourceOffset, sourceOffset + addressLength, address, 0, address.length);
  }

  /**
   * Copies the IP source's bytes, {@link AddressFamily#addressLength()} of them, to the start of
   * {@code target}.
   *
   * @param target where to copy them
   * @throws IndexOutOfBoundsException if {@code target} is shorter than the source
   */
  public void copySource(byte[] target) {
    System.arraycopy(packet, sourceOffset, target, 0, addressLength);
  }

  /**
   * Tells whether the advertised addresses are these, in this order.
   *
   * @param addresses the addresses' bytes, 4 or 16 each
   * @return true if there are as many, each with the same bytes
   */
  public boolean addressesEqual(byte[][] addresses) {
    if (addresses.length != addressCount()) {
      return false;
    }
    for (int i = 0; i < addresses.length; i++) {
      int from = messageOffset + Wire.OFFSET_ADDRESSES + i * addressLength;
      if (!Arrays.equals(packet, from, from + addressLength, addresses[i], 0, addresses[i].length)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Tells whether another view holds the same advertisement from the same source: the same source
   * address and the same VRRP message, byte for byte. A master repeats itself every interval; this
   * tells the repetitions from a change.
   *
   * @param other another view
   * @return true if both hold the same source and message
   */
  public boolean sameAs(AdvertisementView other) {
    return Arrays.equals(packet, sourceOffset, sourceOffset + addressLength,
            other.packet, other.sourceOffset, other.sourceOffset + other.addressLength)
        && Arrays.equals(packet, messageOffset, messageOffset + messageLength,
            other.packet, other.messageOffset, other.messageOffset + other.messageLength);
  }

  /**
   * Returns the IP source: the sender's primary (IPv4) or link-local (IPv6) address. Allocates.
   *
   * @return the source
   * @throws IllegalStateException if nothing was read yet
   */
  public InetAddress source() {
    requireFilled();
    return address(sourceOffset);
  }

  /**
   * Returns the IP destination: the VRRP multicast group or, in unicast mode, the receiver.
   * Allocates.
   *
   * @return the destination
   * @throws IllegalStateException if nothing was read yet
   */
  public InetAddress destination() {
    requireFilled();
    return address(destinationOffset);
  }

  /**
   * Builds the advertisement. Its VRRPv2 authentication is the one the receiver expected, which the
   * packet was checked to carry. Allocates.
   *
   * @return the advertisement
   * @throws IllegalStateException if nothing was read yet
   */
  public VrrpAdvertisement advertisement() {
    requireFilled();
    int count = addressCount();
    List<InetAddress> addresses;
    if (count == 1) {
      // the usual case, without an array: List.of(E...) needs one, and copies it past two elements
      addresses = List.of(address(messageOffset + Wire.OFFSET_ADDRESSES));
    } else {
      InetAddress[] all = new InetAddress[count];
      for (int i = 0; i < count; i++) {
        all[i] = address(messageOffset + Wire.OFFSET_ADDRESSES + i * addressLength);
      }
      addresses = List.of(all);
    }
    return new VrrpAdvertisement(version(), vrid(), priority(), intervalCentis(), addresses, auth);
  }

  /**
   * Builds the packet: what {@link VrrpCodec#decode} returns for the packet that was read.
   * Allocates.
   *
   * @return the packet
   * @throws IllegalStateException if nothing was read yet
   */
  public VrrpPacket packet() {
    return new VrrpPacket(source(), destination(), ttl(), advertisement(), checksum);
  }

  private void requireFilled() {
    if (messageLength == 0) {
      throw new IllegalStateException("empty view (expected: one that VrrpCodec.read filled)");
    }
  }

  private int messageByte(int offset) {
    return packet[messageOffset + offset] & 0xFF;
  }

  /** The address at an offset of the packet. */
  private InetAddress address(int offset) {
    if (family() == AddressFamily.IPV4) {
      return RecentAddresses.ipv4((packet[offset] & 0xFF) << 24 | (packet[offset + 1] & 0xFF) << 16
          | (packet[offset + 2] & 0xFF) << 8 | packet[offset + 3] & 0xFF);
    }
    try {
      // Inet6Address keeps IPv4-mapped addresses IPv6; InetAddress.getByAddress would not
      return Inet6Address.getByAddress(null, Arrays.copyOfRange(packet, offset, offset + addressLength),
          (NetworkInterface) null);
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // only thrown for a wrong length
    }
  }
}

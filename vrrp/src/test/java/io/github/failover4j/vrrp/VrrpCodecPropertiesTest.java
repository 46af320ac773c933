package io.github.failover4j.vrrp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.failover4j.vrrp.VrrpDecodeException.Reason;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.WithQuickTheories;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties of {@link VrrpCodec} over generated advertisements and generated garbage.
 *
 * <p>The seed is random on purpose, so that every build looks at new examples. A failure prints the
 * smallest falsifying example QuickTheories found and "Seed was N": rerun it with
 * {@code ./mvnw -pl vrrp test -Dtest=VrrpCodecPropertiesTest -DQT_SEED=N}. {@code -DQT_EXAMPLES=N}
 * runs N examples of every property instead, for a longer search.
 */
class VrrpCodecPropertiesTest implements WithQuickTheories {
  private static final InetAddress IPV4_GROUP = AddressFamily.IPV4.vrrpGroup();

  /** Reused across examples, as a receiver reuses its view: anything a read left behind would show. */
  private final AdvertisementView view = new AdvertisementView();

  // --- a. round trip -------------------------------------------------------------------------

  @Test
  void encodedAdvertisementsDecodeToThemselves() {
    qt().forAll(sent()).checkAssert(sent -> {
      byte[] message = sent.message();
      assertEquals(sent.advertisement().encodedLength(), message.length);
      byte[] packet = IpPackets.wrap(message, sent.source(), sent.destination(), 255);

      VrrpPacket decoded = decode(packet, DecodeOptions.defaults().withAuth(sent.advertisement().auth()));

      assertEquals(sent.advertisement(), decoded.advertisement());
      assertEquals(sent.source(), decoded.source());
      assertEquals(sent.destination(), decoded.destination());
      assertEquals(255, decoded.ttl());
      // What a master that learnt the peer's form from this packet would send back: the same bytes.
      // (The reported form is the sender's, unless two forms give this packet the same checksum,
      // which the re-encoding then proves.)
      assertArrayEquals(message,
          VrrpCodec.encode(decoded.advertisement(), decoded.source(), decoded.destination(), decoded.checksum()));
      // a receiver configured for the sender's form only accepts it too, and says so
      VrrpPacket pinned = decode(packet, sent.receiverPinnedToItsForm());
      assertEquals(sent.form(), pinned.checksum());
      // a view made as if the advertisement had been received holds it, in the default form
      VrrpAdvertisement ad = sent.advertisement();
      VrrpPacket asReceived = new VrrpPacket(sent.source(), sent.destination(), 255, ad,
          VrrpCodec.effective(ad.version(), ad.family(), ChecksumMode.PSEUDO_HEADER));
      AdvertisementViewTest.assertHolds(asReceived, AdvertisementView.of(ad, sent.source(), sent.destination()));
    });
  }

  // --- b. garbage ------------------------------------------------------------------------------

  @Test
  void garbageIsRejectedWithADecodeExceptionAndReadAgreesWithDecode() {
    qt().withExamples(examples(5_000))
        .forAll(garbage(), receivers(), placements())
        .checkAssert(this::assertDecodeAndReadAgree);
  }

  private void assertDecodeAndReadAgree(byte[] bytes, DecodeOptions options, Placement placement) {
    ByteBuffer plain = ByteBuffer.wrap(bytes);
    ByteBuffer placed = placement.place(bytes);
    Outcome decoded = Outcome.ofDecode(plain, options);
    // read into a reused view is what a receiver runs; decode must not disagree with it
    assertEquals(decoded, Outcome.ofRead(plain, options, view));
    if (decoded.packet() != null) {
      AdvertisementViewTest.assertHolds(decoded.packet(), view);
    }
    // reading from the position, in network order, without writing: the placement changes nothing
    assertEquals(decoded, Outcome.ofDecode(placed, options));
    assertEquals(decoded, Outcome.ofRead(placed, options, view));
    assertEquals(placement.offset(), placed.position());
    assertEquals(placement.offset() + bytes.length, placed.limit());
    // vrid() is the demultiplexing step before decode: it never throws, and agrees when decode accepts
    int vrid = VrrpCodec.vrid(placed);
    if (decoded.packet() != null) {
      assertEquals(decoded.packet().advertisement().vrid(), vrid);
    }
  }

  // --- c. single-byte corruption ---------------------------------------------------------------

  @Test
  void everySingleByteChangeIsCaught() {
    qt().withExamples(examples(5_000))
        .forAll(corruptions())
        .checkAssert(c -> assertCaught(c.sent(), intactPacket(c.sent()), c.index(), c.xor()));
  }

  /** Exhaustively, on the real packets: every position, every other value. */
  @Test
  void everySingleByteChangeOfAGoldenVectorIsCaught() {
    for (byte[] golden : List.of(GoldenVectorsTest.V2_MULTICAST, GoldenVectorsTest.V2_PASSWORD,
        GoldenVectorsTest.V3_IPV4_MULTICAST, GoldenVectorsTest.V3_IPV4_UNICAST, GoldenVectorsTest.V3_IPV6_MULTICAST,
        GoldenVectorsTest.V3_IPV4_RFC9568, GoldenVectorsTest.V3_IPV4_LEGACY_UNICAST)) {
      VrrpPacket packet = decode(golden, golden == GoldenVectorsTest.V2_PASSWORD
          ? DecodeOptions.defaults().withAuth(VrrpAuth.password("s3cret"))
          : DecodeOptions.defaults());
      Sent sent = new Sent(packet.advertisement(), packet.source(), packet.destination(), packet.checksum());
      assertArrayEquals(Arrays.copyOfRange(golden, golden.length - sent.advertisement().encodedLength(),
          golden.length), sent.message());
      assertEquals(sent.form(), decode(golden, sent.receiverPinnedToItsForm()).checksum());
      for (int index = 0; index < sent.advertisement().encodedLength(); index++) {
        for (int xor = 1; xor <= 255; xor++) {
          assertCaught(sent, golden, index, xor);
        }
      }
    }
  }

  /**
   * Flips bits {@code xor} of byte {@code index} of the VRRP message that {@code sent} describes.
   * A receiver that accepts only the sender's checksum form must reject it. One that accepts every
   * form (the default) may accept it under another form: the one's-complement sum cannot tell a
   * change of the message from a change of what the pseudo-header covers, so auto-detecting the
   * form costs that much error detection. It must never accept it under the sender's own form.
   */
  private static void assertCaught(Sent sent, byte[] intactPacket, int index, int xor) {
    byte[] packet = intactPacket.clone();
    int at = packet.length - sent.advertisement().encodedLength() + index;
    packet[at] = (byte) (packet[at] ^ xor);

    VrrpDecodeException e = assertThrows(VrrpDecodeException.class,
        () -> VrrpCodec.decode(ByteBuffer.wrap(packet), sent.receiverPinnedToItsForm()),
        () -> "accepted with byte " + index + " ^ 0x" + Integer.toHexString(xor) + ": " + Hex.format(packet));
    if (index != Wire.OFFSET_VERSION_TYPE && index != Wire.OFFSET_COUNT) {
      // only the version/type and count bytes are checked before the checksum; anything else that
      // is wrong is caught by the checksum, whatever later check it would also fail
      assertEquals(Reason.BAD_CHECKSUM, e.reason(), e::getMessage);
    }
    try {
      VrrpPacket accepted = VrrpCodec.decode(ByteBuffer.wrap(packet),
          DecodeOptions.defaults().withAuth(sent.advertisement().auth()));
      assertNotEquals(sent.form(), accepted.checksum(), "accepted under the sender's own form");
    } catch (VrrpDecodeException expected) {
      // rejected: the usual outcome
    }
  }

  /** The packet as sent, checked to pass: without that, a rejected corruption would prove nothing. */
  private static byte[] intactPacket(Sent sent) {
    byte[] packet = IpPackets.wrap(sent.message(), sent.source(), sent.destination(), 255);
    assertEquals(sent.form(), decode(packet, sent.receiverPinnedToItsForm()).checksum());
    return packet;
  }

  /**
   * The collision allowed above is real, and this is what a receiver that accepts every form can
   * get: a VRRPv3 packet sent in the RFC 9568 form (message only) from 10.0.20.113 to 224.0.0.18,
   * whose pseudo-header sums to 0x0a00 + 0x1471 + 0xe000 + 0x0012 + 0x0070 (protocol) + 0x000c
   * (length) = 0xfeff, which is -0x0100 in one's complement. One flipped bit that adds 0x0100 to the
   * message, in the high byte of the interval, makes the message plus pseudo-header check out.
   */
  @Test
  void aSingleByteChangeCanPassAsAnotherChecksumForm() throws Exception {
    InetAddress source = InetAddress.getByName("10.0.20.113");
    VrrpAdvertisement sent = new VrrpAdvertisement(VrrpVersion.V3, 51, 150, 10,
        List.of(InetAddress.getByName("10.77.0.200")), VrrpAuth.none());
    byte[] packet = IpPackets.wrap(VrrpCodec.encode(sent, source, IPV4_GROUP, ChecksumMode.MESSAGE_ONLY),
        source, IPV4_GROUP, 255);
    packet[IpPackets.IPV4_HEADER + Wire.OFFSET_V3_INTERVAL] ^= 0x01; // 10 cs becomes 266 cs

    VrrpPacket received = decode(packet, DecodeOptions.defaults());
    assertEquals(ChecksumMode.PSEUDO_HEADER, received.checksum());
    assertEquals(266, received.advertisement().intervalCentis());

    VrrpDecodeException e = assertThrows(VrrpDecodeException.class, () -> VrrpCodec.decode(ByteBuffer.wrap(packet),
        DecodeOptions.defaults().withChecksums(ChecksumMode.MESSAGE_ONLY)));
    assertEquals(Reason.BAD_CHECKSUM, e.reason());
  }

  // --- generators: advertisements ----------------------------------------------------------------

  /** An advertisement as a sender puts it on the wire. */
  record Sent(VrrpAdvertisement advertisement, InetAddress source, InetAddress destination, ChecksumMode mode) {
    byte[] message() {
      return VrrpCodec.encode(advertisement, source, destination, mode);
    }

    /** The form the receiver sees: only VRRPv3 over IPv4 has a choice. */
    ChecksumMode form() {
      if (advertisement.version() == VrrpVersion.V2) {
        return ChecksumMode.MESSAGE_ONLY;
      }
      if (advertisement.family() == AddressFamily.IPV6) {
        return ChecksumMode.PSEUDO_HEADER;
      }
      // the legacy pseudo-header holds the group: sent to the group, it is the RFC 5798 one
      return mode == ChecksumMode.LEGACY_UNICAST && destination.equals(IPV4_GROUP) ? ChecksumMode.PSEUDO_HEADER : mode;
    }

    DecodeOptions receiverPinnedToItsForm() {
      return DecodeOptions.defaults().withAuth(advertisement.auth()).withChecksums(form());
    }

    @Override
    public String toString() {
      return advertisement + " " + source + " > " + destination + " " + mode + " -> " + form() + " "
          + Hex.format(message());
    }
  }

  record Corruption(Sent sent, int index, int xor) {}

  private Gen<Sent> sent() {
    return advertisements().flatMap(ad -> sources(ad.family()).zip(destinations(ad.family()),
        arbitrary().enumValues(ChecksumMode.class), (src, dst, mode) -> new Sent(ad, src, dst, mode)));
  }

  private Gen<Corruption> corruptions() {
    return sent().flatMap(s -> integers().between(0, s.advertisement().encodedLength() - 1)
        .zip(integers().between(1, 255), (index, xor) -> new Corruption(s, index, xor)));
  }

  private Gen<VrrpAdvertisement> advertisements() {
    return arbitrary().enumValues(VrrpVersion.class).flatMap(v -> v == VrrpVersion.V2 ? v2() : v3());
  }

  private Gen<VrrpAdvertisement> v2() {
    return vrids().zip(priorities(), integers().between(1, 255), addresses(AddressFamily.IPV4), v2Auth(),
        (vrid, priority, seconds, addresses, auth) ->
            new VrrpAdvertisement(VrrpVersion.V2, vrid, priority, seconds * 100, addresses, auth));
  }

  private Gen<VrrpAdvertisement> v3() {
    return arbitrary().enumValues(AddressFamily.class).flatMap(family ->
        vrids().zip(priorities(), integers().between(1, 4095), addresses(family),
            (vrid, priority, centis, addresses) ->
                new VrrpAdvertisement(VrrpVersion.V3, vrid, priority, centis, addresses, VrrpAuth.none())));
  }

  private Gen<Integer> vrids() {
    return integers().between(1, 255);
  }

  private Gen<Integer> priorities() {
    return integers().between(0, 255);
  }

  private Gen<List<InetAddress>> addresses(AddressFamily family) {
    // mostly few addresses, as configured in practice, but up to the 255 the count byte allows
    Gen<Integer> sizes = Generate.frequency(List.of(
        Pair.of(3, integers().between(1, 4)), Pair.of(1, integers().between(1, 255))));
    return lists().of(family == AddressFamily.IPV4 ? ipv4() : ipv6()).ofSizes(sizes);
  }

  private Gen<VrrpAuth> v2Auth() {
    return Generate.frequency(List.of(
        Pair.of(1, arbitrary().constant(VrrpAuth.none())),
        Pair.of(1, passwords().map(VrrpAuth::password))));
  }

  /** 1..8 UTF-8 bytes, from ASCII, two-, three- and four-byte characters and NUL. */
  private Gen<String> passwords() {
    Gen<String> character = Generate.frequency(List.of(
        Pair.of(4, integers().between(0x20, 0x7e).map(Character::toString)),
        Pair.of(1, arbitrary().pick(List.of("\u0000", "\u00e9", "\u20ac", "\ud83d\ude00", "\u00ff")))));
    return lists().of(character).ofSizeBetween(1, 8).map(chars -> {
      StringBuilder password = new StringBuilder();
      for (String c : chars) {
        if ((password + c).getBytes(StandardCharsets.UTF_8).length > 8) {
          break;
        }
        password.append(c);
      }
      return password.toString(); // never empty: the first character has at most 4 bytes
    });
  }

  private Gen<InetAddress> sources(AddressFamily family) {
    // IPv4: the sender's primary address; IPv6: its link-local address (RFC 9568 §5.1.2.1), here
    // with and without the scope a received packet carries, or anything else a peer might use
    return family == AddressFamily.IPV4 ? ipv4() : Generate.frequency(List.of(
        Pair.of(2, linkLocal()), Pair.of(1, scopedLinkLocal()), Pair.of(1, ipv6())));
  }

  private Gen<InetAddress> destinations(AddressFamily family) {
    Gen<InetAddress> unicast = family == AddressFamily.IPV4 ? ipv4() : ipv6();
    return Generate.frequency(List.of(Pair.of(1, arbitrary().constant(family.vrrpGroup())), Pair.of(1, unicast)));
  }

  private Gen<InetAddress> ipv4() {
    return integers().all().map(i -> ipv4(ByteBuffer.allocate(4).putInt(i).array()));
  }

  /** Global, link-local, IPv4-mapped (which must stay IPv6) and the odd ones. */
  private Gen<InetAddress> ipv6() {
    return Generate.frequency(List.of(
        Pair.of(3, longs().all().zip(longs().all(), (high, low) -> ipv6(high, low))),
        Pair.of(2, linkLocal()),
        Pair.of(2, integers().all().map(v4 -> ipv6(0, 0xffff_0000_0000L | (v4 & 0xffff_ffffL)))),
        Pair.of(1, arbitrary().pick(List.of(ipv6(0, 0), ipv6(0, 1), ipv6(0, 0xffff_0000_0000L),
            ipv6(0xff02_0000_0000_0000L, 0x12), ipv6(-1, -1))))));
  }

  private Gen<InetAddress> linkLocal() {
    return longs().all().map(iid -> ipv6(0xfe80_0000_0000_0000L, iid));
  }

  private Gen<InetAddress> scopedLinkLocal() {
    return longs().all().zip(integers().between(1, 64), (iid, scope) -> {
      try {
        return Inet6Address.getByAddress(null, ByteBuffer.allocate(16).putLong(0xfe80_0000_0000_0000L).putLong(iid)
            .array(), scope);
      } catch (UnknownHostException e) {
        throw new AssertionError(e);
      }
    });
  }

  private static InetAddress ipv4(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static InetAddress ipv6(long high, long low) {
    try {
      // not InetAddress.getByAddress, which turns ::ffff:a.b.c.d into an Inet4Address
      return Inet6Address.getByAddress(null, ByteBuffer.allocate(16).putLong(high).putLong(low).array(),
          (NetworkInterface) null);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  // --- generators: garbage and receivers ---------------------------------------------------------

  /**
   * Raw bytes; bytes behind a valid IPv4 or IPv6 header, to get past the IP checks; and messages
   * with a plausible version, count and length and a checksum of some form, to get past the
   * checksum to the checks behind it (VRID, interval, authentication).
   */
  private Gen<byte[]> garbage() {
    Gen<byte[]> raw = bytes(0, 80);
    Gen<byte[]> behindHeader = bytes(0, 120).zip(ipv4Or6Pair(), booleans().all(),
        (payload, addresses, ttl255) -> IpPackets.wrap(payload, addresses[0], addresses[1], ttl255 ? 255 : 64));
    Gen<byte[]> plausible = bytes(16, 16 + 8 * 16).zip(ipv4Or6Pair(), arbitrary().enumValues(ChecksumMode.class),
        integers().between(0, 255), VrrpCodecPropertiesTest::plausible);
    return Generate.frequency(List.of(Pair.of(1, raw), Pair.of(2, behindHeader), Pair.of(3, plausible)))
        .describedAs(Hex::format);
  }

  /** Turns random bytes into a message that passes every check up to the checksum. */
  private static byte[] plausible(byte[] random, InetAddress[] addresses, ChecksumMode mode, int versionBits) {
    boolean ipv4 = addresses[0].getAddress().length == 4;
    int alen = ipv4 ? 4 : 16;
    // mostly a version the codec knows over this family, sometimes any version
    int version = versionBits < 200 ? (ipv4 && versionBits % 2 == 0 ? 2 : 3) : (versionBits - 200) % 16;
    int count = (random.length - 16) / alen; // 0 sometimes: the count check must hold too
    byte[] message = Arrays.copyOf(random, 8 + count * alen + (version == 2 ? 8 : 0));
    message[0] = (byte) (version << 4 | 1);
    message[3] = (byte) count;
    // the checksum of the chosen form, computed the way a sender would (encode covers the rest)
    message[6] = 0;
    message[7] = 0;
    ByteBuffer b = ByteBuffer.wrap(message);
    int sum = Checksums.sum(b, 0, message.length);
    if (version == 3 && (!ipv4 || mode != ChecksumMode.MESSAGE_ONLY)) {
      byte[] dst = ipv4 && mode == ChecksumMode.LEGACY_UNICAST
          ? IPV4_GROUP.getAddress()
          : addresses[1].getAddress();
      sum += Checksums.pseudoHeader(addresses[0].getAddress(), dst, message.length);
    }
    b.putShort(6, (short) ~Checksums.fold(sum));
    return IpPackets.wrap(message, addresses[0], addresses[1], 255);
  }

  private Gen<InetAddress[]> ipv4Or6Pair() {
    return booleans().all().flatMap(v4 -> v4
        ? ipv4().zip(destinations(AddressFamily.IPV4), (s, d) -> new InetAddress[] {s, d})
        : sources(AddressFamily.IPV6).zip(destinations(AddressFamily.IPV6), (s, d) -> new InetAddress[] {s, d}));
  }

  private Gen<byte[]> bytes(int minLength, int maxLength) {
    return Generate.byteArrays(integers().between(minLength, maxLength),
        Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
  }

  /** Any receiver configuration. */
  private Gen<DecodeOptions> receivers() {
    Gen<Set<VrrpVersion>> versions = arbitrary().pick(List.of(
        EnumSet.allOf(VrrpVersion.class), EnumSet.of(VrrpVersion.V2), EnumSet.of(VrrpVersion.V3)));
    Gen<Set<ChecksumMode>> forms = integers().between(1, 7).map(bits -> {
      Set<ChecksumMode> set = EnumSet.noneOf(ChecksumMode.class);
      for (ChecksumMode mode : ChecksumMode.values()) {
        if ((bits & 1 << mode.ordinal()) != 0) {
          set.add(mode);
        }
      }
      return set;
    });
    Gen<Integer> v2Interval = Generate.frequency(List.of(
        Pair.of(3, arbitrary().constant(0)), Pair.of(1, integers().between(1, 255).map(s -> s * 100))));
    return versions.zip(v2Auth(), v2Interval, booleans().all(), forms, DecodeOptions::new);
  }

  /** Where in a buffer a received packet may sit. */
  record Placement(int offset, boolean littleEndian, boolean direct) {
    ByteBuffer place(byte[] bytes) {
      ByteBuffer b = direct ? ByteBuffer.allocateDirect(offset + bytes.length + 3) : ByteBuffer.allocate(
          offset + bytes.length + 3);
      // garbage around the packet: a decoder that reads from 0, or past the limit, would see it
      for (int i = 0; i < b.capacity(); i++) {
        b.put(i, (byte) 0xA5);
      }
      b.put(offset, bytes).position(offset).limit(offset + bytes.length);
      return b.asReadOnlyBuffer().order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    }
  }

  private Gen<Placement> placements() {
    return integers().between(0, 9).zip(booleans().all(), booleans().all(), Placement::new);
  }

  /** What decode or read did: the packet and form it returned, or the exception's reason. */
  record Outcome(VrrpPacket packet, ChecksumMode form, Reason reason, String message) {
    static Outcome ofDecode(ByteBuffer b, DecodeOptions options) {
      try {
        VrrpPacket packet = VrrpCodec.decode(b, options);
        return new Outcome(packet, packet.checksum(), null, null);
      } catch (VrrpDecodeException e) {
        return new Outcome(null, null, e.reason(), e.getMessage());
      }
    }

    static Outcome ofRead(ByteBuffer b, DecodeOptions options, AdvertisementView view) {
      try {
        VrrpCodec.read(b, options, view);
        return new Outcome(view.packet(), view.checksum(), null, null);
      } catch (VrrpDecodeException e) {
        return new Outcome(null, null, e.reason(), e.getMessage());
      }
    }
  }

  // --- helpers -------------------------------------------------------------------------------------

  /** The number of examples, unless -DQT_EXAMPLES asks for another. */
  private static int examples(int usual) {
    return Integer.getInteger("QT_EXAMPLES", usual);
  }

  private static VrrpPacket decode(byte[] packet, DecodeOptions options) {
    try {
      return VrrpCodec.decode(ByteBuffer.wrap(packet), options);
    } catch (VrrpDecodeException e) {
      throw new IllegalStateException("rejected: " + e + ": " + Hex.format(packet), e);
    }
  }
}

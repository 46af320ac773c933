package io.github.failover4j.vrrp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Fuzz tests of {@link VrrpCodec#decode}: whatever the bytes, only {@link VrrpDecodeException}
 * escapes, {@link VrrpCodec#read} into a reused view agrees with decode, and whatever is accepted
 * re-encodes to a packet that decodes to the same advertisement.
 *
 * <p>A plain build runs them on the seed corpus in {@code src/test/resources/.../
 * VrrpCodecFuzzTestInputs/<method>/} (and on the empty input); {@code JAZZER_FUZZ=1} fuzzes one of
 * them, for {@code maxDuration} unless {@code -Djazzer.max_duration} says otherwise. See
 * {@code src/test/fuzz/README.md}.
 */
class VrrpCodecFuzzTest {
  /** The keepalived captures' VRRPv2 password: lets raw bytes reach past the auth check too. */
  private static final DecodeOptions CAPTURED_PASSWORD =
      DecodeOptions.defaults().withAuth(VrrpAuth.password(FuzzSeeds.PASSWORD));
  /** Reused across inputs, as a receiver reuses its view: anything a read left behind would show. */
  private static final AdvertisementView VIEW = new AdvertisementView();

  /** The fuzzer's bytes as a whole IP packet, to the default receiver and one with a password. */
  @FuzzTest(maxDuration = "60s")
  void decodeWholePacket(byte[] packet) {
    check(ByteBuffer.wrap(packet), DecodeOptions.defaults());
    check(ByteBuffer.wrap(packet), CAPTURED_PASSWORD);
  }

  /** A receiver configured by the fuzzer (see {@link FuzzInput} for the layout), and its packet. */
  @FuzzTest(maxDuration = "60s")
  void decodeWithOptions(FuzzedDataProvider data) {
    FuzzInput input = FuzzInput.read(FuzzInput.source(data));
    check(input.buffer(), input.options());
  }

  /**
   * Reads and decodes the packet and checks what a receiver relies on.
   *
   * @return the decoded packet, or null if it was rejected
   */
  static VrrpPacket check(ByteBuffer buffer, DecodeOptions options) {
    int position = buffer.position();
    int limit = buffer.limit();
    VrrpDecodeException rejected = null;
    try {
      VrrpCodec.read(buffer, options, VIEW);
    } catch (VrrpDecodeException e) {
      rejected = e;
    }
    VrrpPacket packet;
    try {
      packet = VrrpCodec.decode(buffer, options);
    } catch (VrrpDecodeException e) {
      if (rejected == null) {
        fail("read accepted what decode rejected: " + e);
      }
      assertEquals(rejected.reason(), e.reason(), "read and decode reject for different reasons");
      return null;
    }
    if (rejected != null) {
      fail("decode accepted what read rejected: " + rejected);
    }
    AdvertisementViewTest.assertHolds(packet, VIEW);
    assertEquals(position, buffer.position());
    assertEquals(limit, buffer.limit());
    assertEquals(packet.advertisement().vrid(), VrrpCodec.vrid(buffer));

    // What the receiver would send back as master, in the form the sender used: the receiver takes
    // it, as the same advertisement, and encoding is then a fixed point.
    byte[] message = VrrpCodec.encode(packet.advertisement(), packet.source(), packet.destination(), packet.checksum());
    VrrpPacket again;
    try {
      again = VrrpCodec.decode(
          ByteBuffer.wrap(IpPackets.wrap(message, packet.source(), packet.destination(), packet.ttl())), options);
    } catch (VrrpDecodeException e) {
      throw new AssertionError("re-encoded " + packet + " is rejected: " + e, e);
    }
    assertEquals(packet.advertisement(), again.advertisement());
    assertEquals(packet.source(), again.source());
    assertEquals(packet.destination(), again.destination());
    assertEquals(packet.ttl(), again.ttl());
    // whether two forms collide depends on the addresses and length only, so the form is the same
    assertEquals(packet.checksum(), again.checksum());
    assertArrayEquals(message,
        VrrpCodec.encode(again.advertisement(), again.source(), again.destination(), again.checksum()));
    return packet;
  }
}

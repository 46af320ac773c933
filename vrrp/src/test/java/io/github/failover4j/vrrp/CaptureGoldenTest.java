package io.github.failover4j.vrrp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every packet keepalived 2.2.7 sent in the captures decodes to the fields tcpdump printed for it,
 * and encodes back to the same bytes.
 */
class CaptureGoldenTest {

  static Stream<Captures.Packet> packets() {
    return Captures.all().stream();
  }

  @Test
  void readsEveryCapturedPacket() {
    // guards the parser: a capture it silently skipped would test nothing
    assertEquals(141, Captures.all().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("packets")
  void decodesToWhatTcpdumpPrinted(Captures.Packet captured) throws Exception {
    VrrpPacket packet = VrrpCodec.decode(ByteBuffer.wrap(captured.bytes()), options(captured));

    VrrpAdvertisement ad = packet.advertisement();
    assertEquals(InetAddress.getByName(captured.source()), packet.source());
    assertEquals(InetAddress.getByName(captured.destination()), packet.destination());
    assertEquals(captured.ttl(), packet.ttl());
    assertEquals(captured.version(), ad.version().wireValue());
    assertEquals(captured.vrid(), ad.vrid());
    assertEquals(captured.priority(), ad.priority());
    assertEquals(captured.intervalCentis(), ad.intervalCentis());
    assertEquals(captured.length(), ad.encodedLength());
    assertEquals(addresses(captured.addresses()), ad.addresses());
    assertEquals(captured.password() == null ? VrrpAuth.none() : VrrpAuth.password(captured.password()), ad.auth());
    // keepalived 2.2.7 sends the RFC 5798 form for VRRPv3, the only form for v2 and for IPv6
    assertEquals(captured.version() == 2 ? ChecksumMode.MESSAGE_ONLY : ChecksumMode.PSEUDO_HEADER,
        packet.checksum());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("packets")
  void encodesBackToTheSameBytes(Captures.Packet captured) throws Exception {
    VrrpPacket packet = VrrpCodec.decode(ByteBuffer.wrap(captured.bytes()), options(captured));

    byte[] message = VrrpCodec.encode(packet.advertisement(), packet.source(), packet.destination(), packet.checksum());

    byte[] bytes = captured.bytes();
    assertArrayEquals(Arrays.copyOfRange(bytes, bytes.length - message.length, bytes.length), message);
  }

  private static DecodeOptions options(Captures.Packet captured) {
    return captured.password() == null
        ? DecodeOptions.defaults()
        : DecodeOptions.defaults().withAuth(VrrpAuth.password(captured.password()));
  }

  private static List<InetAddress> addresses(List<String> literals) throws Exception {
    InetAddress[] addresses = new InetAddress[literals.size()];
    for (int i = 0; i < addresses.length; i++) {
      addresses[i] = InetAddress.getByName(literals.get(i));
    }
    return List.of(addresses);
  }
}

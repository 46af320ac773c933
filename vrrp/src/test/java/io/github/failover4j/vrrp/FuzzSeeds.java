package io.github.failover4j.vrrp;

import io.github.failover4j.vrrp.VrrpDecodeException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The seed corpus of {@link VrrpCodecFuzzTest}: every distinct packet of the golden vectors and the
 * keepalived captures, and the longest valid packet, as one binary file per packet in the
 * directory Jazzer reads for each fuzz test,
 * {@code src/test/resources/io/github/failover4j/vrrp/VrrpCodecFuzzTestInputs/<method>/}.
 * Regenerate it with {@code vrrp/src/test/fuzz/regenerate-seeds.sh}; {@link FuzzSeedsTest} fails
 * while the committed files differ from what this class makes.
 */
final class FuzzSeeds {
  /** Jazzer's convention: {@code <test class>Inputs/<test method>/}, next to the test class. */
  static final String INPUTS = VrrpCodecFuzzTest.class.getSimpleName() + "Inputs";
  /** The password of {@code captures/v2-pass-multicast} and {@link GoldenVectorsTest#V2_PASSWORD}. */
  static final String PASSWORD = "s3cret";
  /** The names this generator gives its files; anything else (Jazzer's crash-*) is left alone. */
  private static final Set<String> PREFIXES = Set.of("golden-", "capture-", "longest-");

  private FuzzSeeds() {}

  /**
   * The seeds of one fuzz test, by file name.
   *
   * @throws IllegalArgumentException for a method this class makes no seeds for
   */
  static Map<String, byte[]> forMethod(String method) {
    return switch (method) {
      case "decodeWholePacket" -> packets();
      case "decodeWithOptions" -> withOptions();
      default -> throw new IllegalArgumentException("no seeds for @FuzzTest " + method);
    };
  }

  /**
   * The distinct packets, each under the first name it has: golden vectors, then captures, then the
   * longest valid packet. libFuzzer makes inputs no longer than its longest seed or 4096 bytes; the
   * longest packet, VRRPv3 over IPv6 with 255 addresses, has {@link VrrpCodec#MAX_PACKET_LENGTH}
   * (4128).
   */
  static Map<String, byte[]> packets() {
    Map<String, byte[]> named = new LinkedHashMap<>();
    named.put("golden-v2-multicast", GoldenVectorsTest.V2_MULTICAST);
    named.put("golden-v2-password", GoldenVectorsTest.V2_PASSWORD);
    named.put("golden-v3-ipv4-multicast", GoldenVectorsTest.V3_IPV4_MULTICAST);
    named.put("golden-v3-ipv4-unicast", GoldenVectorsTest.V3_IPV4_UNICAST);
    named.put("golden-v3-ipv6-multicast", GoldenVectorsTest.V3_IPV6_MULTICAST);
    named.put("golden-v3-ipv4-rfc9568", GoldenVectorsTest.V3_IPV4_RFC9568);
    named.put("golden-v3-ipv4-legacy-unicast", GoldenVectorsTest.V3_IPV4_LEGACY_UNICAST);
    for (Captures.Packet packet : Captures.all()) {
      // "v2-multicast#7" -> "capture-v2-multicast-007": sorts as captured, Jazzer runs files sorted
      String[] fileAndIndex = packet.name().split("#");
      named.put(String.format("capture-%s-%03d", fileAndIndex[0], Integer.parseInt(fileAndIndex[1])), packet.bytes());
    }
    named.put("longest-v3-ipv6-255-addresses", longest());
    Map<String, byte[]> distinct = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    named.forEach((name, bytes) -> {
      if (seen.add(HexFormat.of().formatHex(bytes))) {
        distinct.put(name, bytes);
      }
    });
    return distinct;
  }

  private static byte[] longest() {
    List<InetAddress> addresses = new ArrayList<>();
    for (int i = 1; i <= 255; i++) {
      addresses.add(ipv6("2001:db8::" + Integer.toHexString(i)));
    }
    VrrpAdvertisement ad = new VrrpAdvertisement(VrrpVersion.V3, 51, 150, 100, addresses, VrrpAuth.none());
    InetAddress source = ipv6("fe80::1");
    InetAddress group = AddressFamily.IPV6.vrrpGroup();
    return IpPackets.wrap(VrrpCodec.encode(ad, source, group, ChecksumMode.PSEUDO_HEADER), source, group, 255);
  }

  private static InetAddress ipv6(String literal) {
    try {
      return InetAddress.getByName(literal); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Each packet behind the options of the receiver it was meant for: its version only, its checksum
   * form only, its VRRPv2 interval and password, TTL checked. Such a receiver accepts it, so every
   * seed starts the fuzzer past every check.
   */
  private static Map<String, byte[]> withOptions() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    packets().forEach((name, bytes) -> {
      boolean password = needsPassword(bytes);
      VrrpPacket packet = decode(bytes, password
          ? DecodeOptions.defaults().withAuth(VrrpAuth.password(PASSWORD))
          : DecodeOptions.defaults());
      VrrpAdvertisement ad = packet.advertisement();
      int v2Seconds = ad.version() == VrrpVersion.V2 && ad.intervalCentis() <= 1500 ? ad.intervalCentis() / 100 : 0;
      seeds.put(name, FuzzInput.write(bytes, EnumSet.of(ad.version()), password ? PASSWORD : null, v2Seconds, true,
          EnumSet.of(packet.checksum())));
    });
    return seeds;
  }

  private static boolean needsPassword(byte[] packet) {
    try {
      VrrpCodec.read(ByteBuffer.wrap(packet), DecodeOptions.defaults(), new AdvertisementView());
      return false;
    } catch (VrrpDecodeException e) {
      if (e.reason() != Reason.AUTH_MISMATCH) {
        throw new IllegalStateException("a seed packet is invalid: " + e);
      }
      return true;
    }
  }

  private static VrrpPacket decode(byte[] packet, DecodeOptions options) {
    try {
      return VrrpCodec.decode(ByteBuffer.wrap(packet), options);
    } catch (VrrpDecodeException e) {
      throw new IllegalStateException("a seed packet is invalid: " + e);
    }
  }

  /**
   * Replaces the generated files of every fuzz test under {@code inputs} (the source directory,
   * not the copy in target/) by the current ones.
   *
   * @param inputs {@code .../src/test/resources/io/github/failover4j/vrrp/VrrpCodecFuzzTestInputs}
   */
  static void write(Path inputs, Iterable<String> methods) {
    try {
      for (String method : methods) {
        Path dir = Files.createDirectories(inputs.resolve(method));
        try (Stream<Path> old = Files.list(dir)) {
          for (Path file : (Iterable<Path>) old::iterator) {
            if (PREFIXES.stream().anyMatch(file.getFileName().toString()::startsWith)) {
              Files.delete(file);
            }
          }
        }
        for (Map.Entry<String, byte[]> seed : forMethod(method).entrySet()) {
          Files.write(dir.resolve(seed.getKey()), seed.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

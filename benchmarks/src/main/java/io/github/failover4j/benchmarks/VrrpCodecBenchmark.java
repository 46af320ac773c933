package io.github.failover4j.benchmarks;

import io.github.failover4j.vrrp.AdvertisementView;
import io.github.failover4j.vrrp.ChecksumMode;
import io.github.failover4j.vrrp.DecodeOptions;
import io.github.failover4j.vrrp.VrrpAdvertisement;
import io.github.failover4j.vrrp.VrrpCodec;
import io.github.failover4j.vrrp.VrrpDecodeException;
import io.github.failover4j.vrrp.VrrpPacket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec on one received or sent advertisement, as a router handles one per interval and peer.
 * Results are returned, so JMH sinks them into its Blackhole and the JIT cannot drop the work; the
 * inputs are non-final fields, so it cannot fold it into constants either.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class VrrpCodecBenchmark {

  /** Packets sent by keepalived 2.2.7, as in the vrrp module's golden vectors. */
  public enum Packet {
    /** VRRPv3 over IPv4 to 224.0.0.18, one address: the common case. */
    V3_IPV4_MULTICAST(20, "45c0 0020 0001 0000 ff70 d04c 0a4d 0001 e000 0012"
        + "3133 9601 000a 42cf 0a4d 00c8"),
    /** VRRPv2, one address, no authentication. */
    V2_MULTICAST(20, "45c0 0028 0001 0000 ff70 d044 0a4d 0001 e000 0012"
        + "2133 9601 0001 3db5 0a4d 00c8 0000 0000 0000 0000"),
    /** VRRPv3 over IPv6 from a link-local source to ff02::12, one address. */
    V3_IPV6_MULTICAST(40, "6c0e 9f99 0018 70ff"
        + "fe80 0000 0000 0000 bc5c 11ff fe3a e099 ff02 0000 0000 0000 0000 0000 0000 0012"
        + "3133 9601 0032 5f81 2001 0db8 0000 0000 0000 0000 0000 0010");

    final int ipHeaderLength;
    final byte[] bytes;

    Packet(int ipHeaderLength, String hex) {
      this.ipHeaderLength = ipHeaderLength;
      this.bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
    }
  }

  @Param
  public Packet packet;

  private ByteBuffer received;
  private DecodeOptions options;
  private VrrpAdvertisement advertisement;
  private InetAddress source;
  private InetAddress destination;
  private ChecksumMode checksum;
  private ByteBuffer out;
  /** A receiver's view, reused for every packet. */
  private final AdvertisementView view = new AdvertisementView();

  @Setup
  public void setUp() throws VrrpDecodeException {
    received = ByteBuffer.wrap(packet.bytes);
    options = DecodeOptions.defaults();
    VrrpPacket decoded = VrrpCodec.decode(received, options);
    advertisement = decoded.advertisement();
    source = decoded.source();
    destination = decoded.destination();
    checksum = decoded.checksum();
    out = ByteBuffer.allocate(advertisement.encodedLength());
    // a timing of a wrong result is worthless: the packet must survive a round trip
    byte[] message = Arrays.copyOfRange(packet.bytes, packet.ipHeaderLength, packet.bytes.length);
    if (!Arrays.equals(message, VrrpCodec.encode(advertisement, source, destination, checksum))) {
      throw new IllegalStateException(packet + " does not encode back to its own bytes");
    }
  }

  @Benchmark
  public VrrpPacket decode() throws VrrpDecodeException {
    return VrrpCodec.decode(received, options);
  }

  @Benchmark
  public AdvertisementView read() throws VrrpDecodeException {
    VrrpCodec.read(received, options, view);
    return view;
  }

  @Benchmark
  public int encodeIntoBuffer() {
    out.clear();
    return VrrpCodec.encode(advertisement, source, destination, checksum, out);
  }

  @Benchmark
  public byte[] encodeToArray() {
    return VrrpCodec.encode(advertisement, source, destination, checksum);
  }
}

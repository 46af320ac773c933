import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * The helpers of keepalived-gap.sh, one file run by the JDK's single-file launcher or compiled with
 * javac (the script compiles it once, so that each start costs no compilation):
 *
 * <ul>
 *   <li>{@code echo PORT}: a UDP echo server on every address of the namespace (each lab node runs
 *       one, so that whoever holds the virtual IP answers);
 *   <li>{@code probe HOST PORT INTERVAL_MS FILE}: sends a datagram to HOST every INTERVAL_MS and
 *       appends one line per answer to FILE: the wall-clock time it arrived (CLOCK_REALTIME, in
 *       seconds with microseconds, the clock of tcpdump's timestamps) and the probe's number. The
 *       loop neither forks nor allocates per probe; a slot missed by more than an interval (the
 *       prober was not scheduled) is skipped, not sent late in a burst;
 *   <li>{@code allocate MB_PER_S SECONDS}: allocates MB_PER_S megabytes a second in 64 KiB arrays,
 *       keeping the last 8 MiB reachable so that the collector has live data to trace and copy, and
 *       prints the rate it reached every 10 s and at the end.
 * </ul>
 */
public final class GapTools {
  public static void main(String[] args) throws Exception {
    switch (args.length > 0 ? args[0] : "") {
      case "echo" -> echo(Integer.parseInt(args[1]));
      case "probe" -> probe(args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]), args[4]);
      case "allocate" -> allocate(Long.parseLong(args[1]), Long.parseLong(args[2]));
      default -> {
        System.err.println("usage: GapTools echo PORT | probe HOST PORT INTERVAL_MS FILE | allocate MB_PER_S SECONDS");
        System.exit(2);
      }
    }
  }

  private static void echo(int port) throws IOException {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(port))) {
      DatagramPacket packet = new DatagramPacket(new byte[64], 64);
      while (true) {
        packet.setLength(64);
        socket.receive(packet);
        socket.send(packet); // back to where it came from
      }
    }
  }

  private static void probe(String host, int port, long intervalMs, String file) throws Exception {
    DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(0));
    InetSocketAddress target = new InetSocketAddress(host, port); // a literal: no lookup
    long interval = intervalMs * 1_000_000L;
    Thread sender = new Thread(() -> {
      ByteBuffer out = ByteBuffer.allocateDirect(8);
      long next = System.nanoTime();
      for (long seq = 0; ; seq++) {
        long wait;
        while ((wait = next - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
        out.clear();
        out.putLong(seq).flip();
        try {
          channel.send(out, target);
        } catch (IOException e) { // e.g. no route for a moment: the probe is lost, as on a wire
        }
        next += interval;
        long late = System.nanoTime() - next;
        if (late > interval) { // not scheduled for a while: skip the missed slots
          long skipped = late / interval;
          next += skipped * interval;
          seq += skipped;
        }
      }
    }, "sender");
    sender.setDaemon(true);
    sender.start();
    ByteBuffer in = ByteBuffer.allocateDirect(64);
    byte[] line = new byte[64];
    try (OutputStream log = new FileOutputStream(file, true)) {
      while (true) {
        in.clear();
        channel.receive(in);
        Instant now = Instant.now();
        long seq = in.position() >= 8 ? in.getLong(0) : -1;
        int n = format(line, now.getEpochSecond(), now.getNano() / 1000, seq);
        log.write(line, 0, n); // unbuffered: the script reads the file while this runs
      }
    }
  }

  /** "SECONDS.MICROS SEQ\n" into buf, without allocating; its length. */
  private static int format(byte[] buf, long seconds, int micros, long seq) {
    int n = digits(buf, 0, seconds, 1);
    buf[n++] = '.';
    n = digits(buf, n, micros, 6);
    buf[n++] = ' ';
    if (seq < 0) {
      buf[n++] = '-';
      seq = -seq;
    }
    n = digits(buf, n, seq, 1);
    buf[n++] = '\n';
    return n;
  }

  private static int digits(byte[] buf, int at, long value, int width) {
    int len = 1;
    for (long v = value / 10; v > 0; v /= 10) len++;
    len = Math.max(len, width);
    for (int i = at + len - 1; i >= at; i--, value /= 10) buf[i] = (byte) ('0' + value % 10);
    return at + len;
  }

  private static void allocate(long mbPerSecond, long seconds) {
    int chunk = 64 * 1024;
    byte[][] live = new byte[128][]; // the last 8 MiB stay reachable
    long perChunkNanos = 1_000_000_000L * chunk / (mbPerSecond * 1024 * 1024);
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    long next = start;
    long chunks = 0;
    long reported = start;
    long reportedChunks = 0;
    for (long now = start; now < end; now = System.nanoTime()) {
      if (now < next) {
        LockSupport.parkNanos(Math.min(next - now, 1_000_000L));
        continue;
      }
      byte[] block = new byte[chunk];
      block[(int) (chunks & (chunk - 1))] = 1; // touched: not optimized away
      live[(int) (chunks % live.length)] = block;
      chunks++;
      next += perChunkNanos;
      if (now - reported >= 10_000_000_000L) {
        report(chunks - reportedChunks, chunk, now - reported);
        reported = now;
        reportedChunks = chunks;
      }
    }
    report(chunks, chunk, System.nanoTime() - start);
    System.out.println("allocated in all " + chunks * chunk / (1024 * 1024) + " MB");
  }

  private static void report(long chunks, int chunk, long nanos) {
    System.out.printf("allocation rate %.0f MB/s over %.1f s%n",
        chunks * (double) chunk / (1024 * 1024) / (nanos / 1e9), nanos / 1e9);
    System.out.flush();
  }

  private GapTools() {}
}

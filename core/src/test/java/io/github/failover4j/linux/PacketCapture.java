package io.github.failover4j.linux;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every frame arriving on a namespace's interfaces, read through a packet socket (as tcpdump does),
 * for asserting what went over the wire independently of failover4j's own bookkeeping.
 */
public final class PacketCapture implements AutoCloseable {
  private final int fd;
  private final List<byte[]> frames = new ArrayList<>();
  private final List<Long> arrivals = new ArrayList<>();
  private final Thread reader;
  private volatile boolean open = true;

  PacketCapture(String namespace) throws ErrnoException {
    fd = NetworkNamespace.call(Optional.of(namespace), () -> (int) Native.check(Native.sys().socket(Linux.AF_PACKET,
        Linux.SOCK_RAW | Linux.SOCK_NONBLOCK | Linux.SOCK_CLOEXEC, Linux.htons(Linux.ETH_P_ALL)), "socket(AF_PACKET)"));
    reader = new Thread(this::read, "capture-" + namespace);
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    Native.Memory buffer = Native.allocate(65536);
    Native.Memory poll = Native.allocate(8);
    Native.Memory timeout = Native.allocate(16);
    poll.buffer().putInt(0, fd).putShort(4, Linux.POLLIN);
    timeout.buffer().putLong(8, 20_000_000);
    while (open) {
      Native.sys().ppoll(poll.address(), 1, timeout.address(), 0);
      for (long n = Native.sys().recv(fd, buffer.address(), 65536, Linux.MSG_DONTWAIT); n > 0;
          n = Native.sys().recv(fd, buffer.address(), 65536, Linux.MSG_DONTWAIT)) {
        byte[] frame = new byte[(int) n];
        buffer.buffer().get(0, frame);
        synchronized (frames) {
          frames.add(frame);
          arrivals.add(System.nanoTime());
          frames.notifyAll();
        }
      }
    }
  }

  /**
   * A VRRP advertisement seen on the wire, read from the frame itself (not with failover4j's codec):
   * when it arrived ({@link System#nanoTime()}), its IP source, VRID and priority.
   */
  public record Advert(long nanos, String source, int vrid, int priority) {}

  /** Every VRRP advertisement seen so far, in arrival order (a frame crossing a bridge is seen per port). */
  public List<Advert> adverts() {
    List<Advert> adverts = new ArrayList<>();
    synchronized (frames) {
      for (int i = 0; i < frames.size(); i++) {
        byte[] f = frames.get(i);
        int type = f.length >= 14 ? (f[12] & 0xFF) << 8 | (f[13] & 0xFF) : 0;
        try {
          if (type == 0x0800 && f.length >= 34 && (f[23] & 0xFF) == 112) {
            int vrrp = 14 + (f[14] & 0x0F) * 4;
            adverts.add(new Advert(arrivals.get(i), InetAddress.getByAddress(Arrays.copyOfRange(f, 26, 30))
                .getHostAddress(), f[vrrp + 1] & 0xFF, f[vrrp + 2] & 0xFF));
          } else if (type == 0x86DD && f.length >= 62 && (f[20] & 0xFF) == 112) {
            adverts.add(new Advert(arrivals.get(i), InetAddress.getByAddress(Arrays.copyOfRange(f, 22, 38))
                .getHostAddress(), f[55] & 0xFF, f[56] & 0xFF));
          }
        } catch (java.net.UnknownHostException | ArrayIndexOutOfBoundsException e) {
          // not a whole advertisement: not one to judge by
        }
      }
    }
    return adverts;
  }

  /** The sources that advertised a non-zero priority since a time: one means a single master. */
  public java.util.Set<String> advertisingSince(long nanos) {
    return adverts().stream().filter(a -> a.nanos() >= nanos && a.priority() > 0).map(Advert::source)
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  /**
   * A position in the capture: the frames captured after it was taken. Take one just before the
   * event whose traffic you assert, so that what came before (an earlier master's announcements)
   * cannot satisfy the assertion.
   *
   * @param frame how many frames had been captured when it was taken
   */
  public record Mark(int frame) {}

  /**
   * Marks the frames captured so far: the {@code await…} methods look only at later ones.
   *
   * @return the mark
   */
  public Mark mark() {
    synchronized (frames) {
      return new Mark(frames.size());
    }
  }

  /**
   * Waits for a gratuitous ARP request for the address ("who-has VIP tell VIP") captured after a
   * mark; returns the sender MAC of the first.
   */
  public Optional<byte[]> awaitGratuitousArp(String address, Mark since, Duration timeout) throws Exception {
    return await(since, timeout, gratuitousArp(address)).map(Found::mac);
  }

  /**
   * Waits for an unsolicited neighbour advertisement (override set, solicited not: not an answer to
   * a client's solicitation) for the address captured after a mark; returns the MAC of the first's
   * target link-layer address option.
   */
  public Optional<byte[]> awaitNeighborAdvertisement(String address, Mark since, Duration timeout) throws Exception {
    return await(since, timeout, neighborAdvertisement(address)).map(Found::mac);
  }

  /**
   * Waits for a number of announcements of the address (gratuitous ARP, or unsolicited neighbour
   * advertisements for IPv6) naming a MAC after a mark, such as a new master's whole burst.
   *
   * @return a mark just after the last of them, or empty if they did not all come within the timeout
   */
  public Optional<Mark> afterAnnouncements(String address, byte[] mac, Mark since, int count, Duration timeout)
      throws Exception {
    Function<byte[], Optional<byte[]>> announcement = address.contains(":") ? neighborAdvertisement(address)
        : gratuitousArp(address);
    Function<byte[], Optional<byte[]>> match = frame -> announcement.apply(frame).filter(m -> Arrays.equals(m, mac));
    long deadline = System.nanoTime() + timeout.toNanos();
    Mark at = since;
    for (int i = 0; i < count; i++) {
      Optional<Found> found = await(at, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), match);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      at = new Mark(found.get().frame() + 1);
    }
    return Optional.of(at);
  }

  private static Function<byte[], Optional<byte[]>> gratuitousArp(String address) throws UnknownHostException {
    byte[] vip = InetAddress.getByName(address).getAddress();
    return frame -> {
      ByteBuffer b = ByteBuffer.wrap(frame);
      boolean arpRequest = frame.length >= 42 && (b.getShort(12) & 0xFFFF) == Linux.ETH_P_ARP && b.getShort(20) == 1;
      return arpRequest && Arrays.equals(frame, 28, 32, vip, 0, 4) && Arrays.equals(frame, 38, 42, vip, 0, 4)
          ? Optional.of(Arrays.copyOfRange(frame, 22, 28)) : Optional.empty();
    };
  }

  private static Function<byte[], Optional<byte[]>> neighborAdvertisement(String address)
      throws UnknownHostException {
    byte[] vip = InetAddress.getByName(address).getAddress();
    return frame -> {
      ByteBuffer b = ByteBuffer.wrap(frame);
      boolean na = frame.length >= 14 + 40 + 32 && (b.getShort(12) & 0xFFFF) == 0x86DD && frame[14 + 6] == 58
          && (frame[14 + 40] & 0xFF) == 136 && (frame[14 + 44] & 0x60) == 0x20; // override set, solicited not
      return na && Arrays.equals(frame, 14 + 48, 14 + 64, vip, 0, 16)
          ? Optional.of(Arrays.copyOfRange(frame, 14 + 66, 14 + 72)) : Optional.empty();
    };
  }

  /** A matching frame: where it was captured, and the MAC it announced. */
  private record Found(int frame, byte[] mac) {}

  private Optional<Found> await(Mark since, Duration timeout, Function<byte[], Optional<byte[]>> match)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = since.frame();
    synchronized (frames) {
      while (true) {
        for (; seen < frames.size(); seen++) {
          Optional<byte[]> mac = match.apply(frames.get(seen));
          if (mac.isPresent()) {
            return Optional.of(new Found(seen, mac.get()));
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        frames.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  @Override
  public void close() {
    open = false;
    try {
      reader.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Native.sys().close(fd);
  }
}

package io.github.failover4j.internal.check;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Connects to a TCP port and closes at once: healthy when the connection is accepted, unhealthy
 * when refused. The connect waits in a selector rather than in {@code Socket.connect}, because a
 * selector wakes up when the thread is interrupted.
 */
final class TcpProbe implements ProbeTask {
  private final String host;
  private final int port;

  /**
   * Creates the probe.
   *
   * @param host an IP literal or a host name, resolved at every run
   * @param port the port
   */
  TcpProbe(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public boolean run(Duration timeout) throws IOException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new UnknownHostException("tcp " + host + ":" + port + ": unknown host");
    }
    try (SocketChannel channel = SocketChannel.open(); Selector selector = Selector.open()) {
      channel.configureBlocking(false);
      if (channel.connect(address)) {
        return true;
      }
      channel.register(selector, SelectionKey.OP_CONNECT);
      while (true) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new TimeoutException(
              "tcp " + host + ":" + port + ": not connected within " + timeout.toMillis() + " ms");
        }
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
        if (Thread.interrupted()) {
          throw new InterruptedException("tcp " + host + ":" + port + ": interrupted");
        }
        if (!selector.selectedKeys().isEmpty()) {
          if (channel.finishConnect()) {
            return true;
          }
          selector.selectedKeys().clear(); // a spurious wake-up: the handshake goes on
        }
      }
    } catch (ConnectException e) {
      return false; // refused: the host answered that nothing listens there (ETIMEDOUT too, after minutes)
    }
  }
}

package io.github.failover4j.internal.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class TcpProbeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @Test
  void anOpenPortIsHealthy() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertTrue(new TcpProbe("127.0.0.1", server.getLocalPort()).run(TIMEOUT));
    }
  }

  @Test
  void aClosedPortIsUnhealthy() throws Exception {
    int port;
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = server.getLocalPort();
    }
    assertFalse(new TcpProbe("127.0.0.1", port).run(TIMEOUT));
  }

  @Test
  void aHostNameIsResolved() throws Exception {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getByName("localhost"), 0));
      assertTrue(new TcpProbe("localhost", server.getLocalPort()).run(TIMEOUT));
    }
  }

  @Test
  void anUnknownHostIsAnError() {
    // .invalid never resolves (RFC 6761)
    assertThrows(UnknownHostException.class, () -> new TcpProbe("no-such-host.invalid", 80).run(TIMEOUT));
  }

  @Test
  void noAnswerWithinTheTimeoutIsATimeout() throws Exception {
    try (FullBacklog server = new FullBacklog()) {
      long start = System.nanoTime();
      assertThrows(TimeoutException.class, () -> new TcpProbe("127.0.0.1", server.port()).run(Duration.ofMillis(300)));
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "returned near the timeout");
    }
  }

  @Test
  void anInterruptStopsAWaitingRun() throws Exception {
    try (FullBacklog server = new FullBacklog()) {
      TcpProbe probe = new TcpProbe("127.0.0.1", server.port());
      FutureTask<Boolean> run = new FutureTask<>(() -> probe.run(Duration.ofSeconds(30)));
      Thread thread = new Thread(run);
      thread.start();
      thread.interrupt();
      ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(5, TimeUnit.SECONDS));
      assertInstanceOf(InterruptedException.class, e.getCause());
    }
  }

  /**
   * A loopback listener that accepts nothing and whose accept queue is full: the kernel then drops
   * further SYNs, so a connect waits without an answer, without any packet leaving the host.
   */
  private static final class FullBacklog implements AutoCloseable {
    private final ServerSocket server;
    private final List<SocketChannel> held = new ArrayList<>();

    FullBacklog() throws IOException {
      server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      for (int i = 0; i < 20; i++) {
        SocketChannel channel = SocketChannel.open();
        held.add(channel);
        channel.configureBlocking(false);
        if (channel.connect(new InetSocketAddress("127.0.0.1", port()))) {
          continue;
        }
        try (Selector selector = Selector.open()) {
          channel.register(selector, SelectionKey.OP_CONNECT);
          // the one real wait: the first connection left unanswered shows the queue is full
          if (selector.select(200) == 0) {
            return;
          }
          channel.finishConnect();
        }
      }
      close();
      throw new IllegalStateException("the kernel accepted 20 connections into a backlog of 1");
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      for (SocketChannel channel : held) {
        channel.close();
      }
      server.close();
    }
  }
}

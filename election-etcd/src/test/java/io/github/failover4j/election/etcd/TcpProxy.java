package io.github.failover4j.election.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 that a test controls, to cut one candidate off from etcd: it forwards
 * bytes both ways, drops them all ({@link Mode#BLACKHOLE}: connections stay open, nothing passes,
 * as when a link goes dark), or resets every connection and each new one ({@link Mode#RESET}).
 */
final class TcpProxy implements AutoCloseable {
  /** What the proxy does with the bytes. */
  enum Mode {
    /** Forwards them. */
    PASS,
    /** Drops them, both ways; connections stay open. */
    BLACKHOLE,
    /** Resets every connection, open or new. */
    RESET
  }

  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.PASS;

  private TcpProxy(int targetPort) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    daemon(this::accept, "tcp-proxy-accept");
  }

  /**
   * Starts a proxy to a port of 127.0.0.1.
   *
   * @param targetPort where to forward
   * @return the proxy, forwarding
   * @throws IOException if it cannot listen
   */
  static TcpProxy to(int targetPort) throws IOException {
    return new TcpProxy(targetPort);
  }

  /**
   * Returns the URL to give the client instead of the target's.
   *
   * @return e.g. {@code http://127.0.0.1:40125}
   */
  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /**
   * Changes what the proxy does, at once.
   *
   * @param mode the new mode
   */
  void mode(Mode mode) {
    this.mode = mode;
    if (mode == Mode.RESET) {
      sockets.forEach(TcpProxy::reset);
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (mode == Mode.RESET) {
          reset(client);
          continue;
        }
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
        sockets.add(client);
        sockets.add(upstream);
        daemon(() -> pump(client, upstream), "tcp-proxy-up");
        daemon(() -> pump(upstream, client), "tcp-proxy-down");
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection end
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[8192];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (mode == Mode.PASS) {
          out.write(buffer, 0, n);
          out.flush();
        }
      }
    } catch (IOException e) {
      // one side went away: the other follows
    } finally {
      sockets.remove(from);
      sockets.remove(to);
      close(from);
      close(to);
    }
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0); // close with RST
    } catch (IOException e) {
      // already closed
    }
    close(socket);
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closed already
    }
  }

  private static void daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops listening and closes every connection. */
  @Override
  public void close() throws IOException {
    server.close();
    sockets.forEach(TcpProxy::close);
  }
}

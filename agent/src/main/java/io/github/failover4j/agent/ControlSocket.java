package io.github.failover4j.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's control socket: a Unix domain socket (the JDK's own), mode 0660, in a directory made
 * 0750 if missing. Every connection's peer is checked with {@code SO_PEERCRED} before anything is
 * read: root, the agent's own user, or a member of the configured group may use it; anyone else is
 * refused with a message. One request line, one JSON answer, and the connection is closed; the
 * requests are served one at a time on one daemon thread, {@code failover4j-control}, each with a
 * few seconds to send its line and read the answer.
 */
final class ControlSocket implements AutoCloseable {
  /** Where the socket is unless the configuration says otherwise. */
  static final Path DEFAULT_PATH = Path.of("/run/failover4j/agent.sock");
  /** How long a peer has to send its request, and to read the answer. */
  static final Duration IO_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger("control");

  /**
   * The socket's settings: the configuration's {@code control} map.
   *
   * @param path where the socket is
   * @param group a group whose members may use it besides root and the agent's user
   */
  record Settings(Path path, Optional<String> group) {
    static final Settings DEFAULT = new Settings(DEFAULT_PATH, Optional.empty());
  }

  /** Decides whether a peer may use the socket. */
  @FunctionalInterface
  interface Access {
    /**
     * Judges a peer.
     *
     * @param peer its user and group, from {@code SO_PEERCRED}
     * @return empty if allowed; else why not, for the peer and the log
     */
    Optional<String> refusal(UnixDomainPrincipal peer);
  }

  private final Path path;
  private final ServerSocketChannel server;
  private final Access access;
  private final ControlHandler handler;
  private final Thread thread;
  private volatile boolean closed;

  private ControlSocket(Path path, ServerSocketChannel server, Access access, ControlHandler handler) {
    this.path = path;
    this.server = server;
    this.access = access;
    this.handler = handler;
    this.thread = new Thread(this::serve, "failover4j-control");
    thread.setDaemon(true);
  }

  /**
   * Opens the socket and starts serving it, allowing root, the agent's user and the settings'
   * group.
   *
   * @param settings where, and for which group
   * @param handler what carries the commands out
   * @return the open socket
   * @throws IOException if it cannot be made, or another agent listens on it
   */
  static ControlSocket open(Settings settings, ControlHandler handler) throws IOException {
    return open(settings, handler, null);
  }

  /**
   * Opens the socket and starts serving it.
   *
   * @param settings where, and for which group
   * @param handler what carries the commands out
   * @param access who may use it; null for root, the agent's user and the settings' group
   * @return the open socket
   * @throws IOException if it cannot be made, or another agent listens on it
   */
  static ControlSocket open(Settings settings, ControlHandler handler, Access access) throws IOException {
    Path path = settings.path().toAbsolutePath();
    Path parent = path.getParent();
    if (!Files.isDirectory(parent)) {
      Files.createDirectories(parent);
      Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-x---"));
    }
    removeStale(path);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(path));
      // at once: until now the mode is what the umask left (every peer is checked all the same)
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
      if (settings.group().isPresent()) {
        GroupPrincipal group;
        try {
          group = path.getFileSystem().getUserPrincipalLookupService()
              .lookupPrincipalByGroupName(settings.group().get());
        } catch (UserPrincipalNotFoundException e) {
          throw new IOException("control.group: no group \"" + settings.group().get() + "\" on this host");
        }
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(group);
      }
      Access allowed = access != null ? access
          : defaultAccess(Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName(), settings.group());
      ControlSocket socket = new ControlSocket(path, server, allowed, handler);
      socket.thread.start();
      return socket;
    } catch (IOException | RuntimeException e) {
      server.close();
      Files.deleteIfExists(path);
      throw e;
    }
  }

  /** A socket file a crashed agent left is removed; one another agent listens on is not. */
  private static void removeStale(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isOther()) {
      throw new IOException(path + " exists and is not a socket");
    }
    boolean listening;
    try {
      SocketChannel.open(UnixDomainSocketAddress.of(path)).close();
      listening = true;
    } catch (java.net.ConnectException e) {
      listening = false;
    }
    if (listening) {
      throw new IOException(path + ": another agent is listening on it (expected: one control socket per agent; "
          + "set control.socket)");
    }
    Files.delete(path); // nobody listens: left by an agent that did not stop
  }

  /**
   * Root, the agent's own user, or the group's members: by the peer's primary group
   * ({@code SO_PEERCRED} carries no other), or as a member listed in {@code /etc/group}.
   */
  static Access defaultAccess(String agentUser, Optional<String> group) {
    return peer -> {
      String user = peer.user().getName();
      String peerGroup = peer.group().getName();
      if (user.equals("root") || user.equals("0") || user.equals(agentUser)
          || group.isPresent() && (peerGroup.equals(group.get()) || listedMember(group.get(), user))) {
        return Optional.empty();
      }
      return Optional.of("refused: user " + user + " (group " + peerGroup + ") is not root, the agent's user "
          + agentUser + (group.map(g -> ", or a member of group " + g).orElse("")));
    };
  }

  /** Whether {@code /etc/group} lists the user as a member of the group. */
  private static boolean listedMember(String group, String user) {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/group"), StandardCharsets.UTF_8)) {
        String[] fields = line.split(":", -1);
        if (fields.length >= 4 && fields[0].equals(group)) {
          return Arrays.asList(fields[3].split(",")).contains(user);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
    return false;
  }

  /**
   * Returns where the socket is.
   *
   * @return its path
   */
  Path path() {
    return path;
  }

  private void serve() {
    while (!closed) {
      try (SocketChannel peer = server.accept()) {
        serve(peer);
      } catch (ClosedChannelException e) {
        return; // closed
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          LOG.warn("control socket: {}", e.toString());
        }
      }
    }
  }

  private void serve(SocketChannel peer) throws IOException {
    UnixDomainPrincipal who = peer.getOption(ExtendedSocketOptions.SO_PEERCRED);
    long deadline = System.nanoTime() + IO_TIMEOUT.toNanos();
    Optional<String> refusal = access.refusal(who);
    ObjectNode answer;
    if (refusal.isPresent()) {
      LOG.warn("control socket: {}", refusal.get());
      drain(peer, deadline); // read and dropped: left unread, it would reset the answer
      answer = ControlHandler.error(ControlHandler.Error.REFUSED, refusal.get());
    } else {
      Optional<String> line;
      try {
        line = readLine(peer, ControlCommand.MAX_LINE, deadline);
      } catch (IOException e) {
        LOG.warn("control socket: from {}: {}", who.user().getName(), e.getMessage());
        drain(peer, deadline);
        write(peer, ControlHandler.error(ControlHandler.Error.BAD_REQUEST, "request: " + e.getMessage()) + "\n",
            deadline);
        return;
      }
      if (line.isEmpty()) {
        return; // the peer sent nothing in time
      }
      answer = handler.handle(line.get(), who.user().getName());
    }
    write(peer, answer.toString() + "\n", deadline);
  }

  /**
   * Reads one line, waiting until the deadline at most.
   *
   * @param channel the connection
   * @param max the longest line
   * @param deadline on {@link System#nanoTime()}
   * @return the line without its end; empty if none came in time, or the peer closed first
   * @throws IOException if the line is too long or reading fails
   */
  static Optional<String> readLine(SocketChannel channel, int max, long deadline) throws IOException {
    byte[] bytes = readUntil(channel, max, deadline, true);
    return bytes == null || bytes.length == 0 ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8).strip());
  }

  /**
   * Reads until the other end closes, or (if {@code lineOnly}) a line ends.
   *
   * @return what came, without the line's end; null if it did not all come by the deadline
   */
  static byte[] readUntil(SocketChannel channel, int max, long deadline, boolean lineOnly) throws IOException {
    channel.configureBlocking(false);
    java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(lineOnly ? 1 : 8192); // a line byte by byte: never past its end
    try (Selector selector = Selector.open()) {
      channel.register(selector, SelectionKey.OP_READ);
      while (true) {
        buffer.clear();
        int read = channel.read(buffer);
        if (read < 0) {
          break;
        }
        received.write(buffer.array(), 0, read);
        if (lineOnly && read > 0 && buffer.get(0) == '\n') {
          break;
        }
        if (received.size() > max) {
          throw new IOException("more than " + max + " bytes (expected: one line)");
        }
        if (read == 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return null;
          }
          selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
          selector.selectedKeys().clear();
        }
      }
    }
    byte[] bytes = received.toByteArray();
    int length = bytes.length;
    while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r')) {
      length--;
    }
    return Arrays.copyOf(bytes, length);
  }

  /** Reads and drops what the peer sends, to the line's end, its close or the deadline. */
  private static void drain(SocketChannel channel, long deadline) {
    try {
      channel.configureBlocking(false);
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      try (Selector selector = Selector.open()) {
        channel.register(selector, SelectionKey.OP_READ);
        while (System.nanoTime() < deadline) {
          buffer.clear();
          int read = channel.read(buffer);
          if (read < 0) {
            return;
          }
          for (int i = 0; i < read; i++) {
            if (buffer.get(i) == '\n') {
              return;
            }
          }
          if (read == 0) {
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            selector.selectedKeys().clear();
          }
        }
      }
    } catch (IOException e) {
      // the answer is written all the same, or fails
    }
  }

  /**
   * Writes it all, waiting until the deadline at most.
   *
   * @throws IOException if it fails or the time runs out
   */
  static void write(SocketChannel channel, String text, long deadline) throws IOException {
    channel.configureBlocking(false);
    ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    try (Selector selector = Selector.open()) {
      channel.register(selector, SelectionKey.OP_WRITE);
      while (buffer.hasRemaining()) {
        if (channel.write(buffer) == 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new IOException("the peer did not read the answer in " + IO_TIMEOUT.toMillis() + " ms");
          }
          selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
          selector.selectedKeys().clear();
        }
      }
    }
  }

  /** Stops serving and removes the socket file. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.close();
      thread.join(IO_TIMEOUT.toMillis());
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("control socket: closing {}: {}", path, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "ControlSocket[" + path + "]";
  }
}

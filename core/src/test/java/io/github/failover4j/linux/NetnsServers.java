package io.github.failover4j.linux;

import io.github.failover4j.linux.NetnsLab.Node;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the health checks of a test watch, made so that the test can kill it and bring it back: a
 * TCP service, a process started by the test (and killed by its PID), and a directory for check
 * scripts that script security accepts. Everything is closed by {@code close()}; register each with
 * {@link Node#own} so that the lab closes it even when the test fails.
 */
public final class NetnsServers {
  private NetnsServers() {}

  /**
   * A TCP service that answers every connection with a text and closes it, as the lab's
   * {@code serveTcp} does, but that can die and come back: {@link #kill()} closes its listening
   * sockets (new connections are refused with a reset, as when the server process has died),
   * {@link #restart()} listens again on the same ports.
   *
   * <p>It listens on every address of a node's namespace: clients reach it through the virtual
   * address, and a health check of a group in that namespace at {@code 127.0.0.1}.
   */
  public static final class TcpService implements AutoCloseable {
    private record Listener(Optional<String> namespace, InetSocketAddress address) {}

    private final String answer;
    private final List<Listener> listeners = new ArrayList<>();
    private final List<ServerSocket> open = new ArrayList<>();

    private TcpService(String answer) {
      this.answer = answer;
    }

    /**
     * Starts a service on a port of every address of a node, answering with the node's name.
     *
     * @param node the node
     * @param port the port
     * @return the service, owned by the node (closed with the lab)
     */
    public static TcpService start(Node node, int port) {
      TcpService service = node.own(new TcpService(node.name()));
      service.listen(new Listener(Optional.of(node.namespace()), new InetSocketAddress(any(), port)));
      return service;
    }

    /** Stops listening everywhere at once: connections are refused from now on. */
    public synchronized void kill() {
      for (ServerSocket socket : open) {
        try {
          socket.close();
        } catch (IOException e) {
          // closed anyway
        }
      }
      open.clear();
    }

    /** Listens again, on the same addresses and ports. */
    public synchronized void restart() {
      if (!open.isEmpty()) {
        throw new IllegalStateException("still running");
      }
      List<Listener> again = List.copyOf(listeners);
      listeners.clear();
      again.forEach(this::listen);
    }

    @Override
    public void close() {
      kill();
    }

    private synchronized ServerSocket listen(Listener listener) {
      try {
        ServerSocket socket = NetworkNamespace.call(listener.namespace(), () -> {
          try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true); // the port again while the last answers' connections are in TIME_WAIT
            s.bind(listener.address());
            return s;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        listeners.add(listener);
        open.add(socket);
        Thread thread = new Thread(() -> serve(socket), "service-" + answer + "-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
        return socket;
      } catch (ErrnoException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void serve(ServerSocket socket) {
      while (!socket.isClosed()) {
        try (Socket client = socket.accept(); OutputStream out = client.getOutputStream()) {
          out.write(answer.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          // closed (killed), or a client that went away
        }
      }
    }

    private static InetAddress any() {
      try {
        return InetAddress.getByName("::");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * A process the test starts in a node's namespace ({@code ip netns exec} replaces itself with the
   * command, so the PID is the command's) and kills by that PID only.
   */
  public static final class OwnedProcess implements AutoCloseable {
    private final Process process;
    private final String command;

    private OwnedProcess(Process process, String command) {
      this.process = process;
      this.command = command;
    }

    /**
     * Starts a command in a node's namespace and waits until it runs as itself (its {@code comm} is
     * the command's name, no longer {@code ip}).
     *
     * @param node the node
     * @param command the command and its arguments, e.g. {@code sleep 1000}
     * @return the process, owned by the node (killed with the lab)
     */
    public static OwnedProcess start(Node node, String... command) {
      List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", node.namespace()));
      all.addAll(List.of(command));
      try {
        Process process = new ProcessBuilder(all).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        OwnedProcess owned = node.own(new OwnedProcess(process, command[0]));
        String name = Path.of(command[0]).getFileName().toString();
        Path comm = Path.of("/proc", String.valueOf(process.pid()), "comm");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!name.equals(read(comm))) {
          if (!process.isAlive() || System.nanoTime() > deadline) {
            throw new IllegalStateException(String.join(" ", all) + " did not start (comm " + read(comm) + ")");
          }
          Thread.onSpinWait();
        }
        return owned;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String read(Path file) {
      try {
        return Files.readString(file).strip();
      } catch (IOException e) {
        return "";
      }
    }

    /**
     * Returns its PID.
     *
     * @return the PID
     */
    public long pid() {
      return process.pid();
    }

    /**
     * Kills it (SIGKILL to its PID) and waits until it is reaped: a zombie not yet reaped would
     * still pass {@code kill -0}.
     */
    public void kill() {
      process.destroyForcibly();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException(command + " (pid " + pid() + ") still there 10 s after SIGKILL");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /**
     * Tells whether it still runs.
     *
     * @return true if alive
     */
    public boolean isAlive() {
      return process.isAlive();
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        kill();
      }
    }

    @Override
    public String toString() {
      return command + " (pid " + pid() + ")";
    }
  }

  /**
   * A directory for check scripts and the files they read, that script security accepts: made by
   * this (root) process in {@code /tmp} (root-owned, sticky), mode 0755, its scripts 0755 and its
   * files 0644, none writable by others. Deleted with everything in it by {@link #close()}.
   */
  public static final class ScriptDir implements AutoCloseable {
    private final Path path;

    private ScriptDir(Path path) {
      this.path = path;
    }

    /**
     * Makes the directory.
     *
     * @return it
     */
    public static ScriptDir create() {
      try {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "f4j-checks-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new ScriptDir(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Returns the directory.
     *
     * @return its path
     */
    public Path path() {
      return path;
    }

    /**
     * Writes a shell script, mode 0755.
     *
     * @param name its file name
     * @param body the lines after {@code #!/bin/sh}
     * @return its path
     */
    public Path script(String name, String body) {
      return write(name, "#!/bin/sh\n" + body + "\n", "rwxr-xr-x");
    }

    /**
     * Writes (or atomically replaces) a file, mode 0644: a reader sees the old or the new content.
     *
     * @param name its file name
     * @param content what it holds
     * @return its path
     */
    public Path file(String name, String content) {
      return write(name, content, "rw-r--r--");
    }

    /**
     * Deletes a file if it is there.
     *
     * @param name its file name
     */
    public void delete(String name) {
      try {
        Files.deleteIfExists(path.resolve(name));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private Path write(String name, String content, String mode) {
      try {
        Path target = path.resolve(name);
        Path temporary = Files.createTempFile(path, "." + name, ".tmp");
        Files.writeString(temporary, content);
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(mode));
        return Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      try (Stream<Path> all = Files.walk(path)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        // best effort: a temporary directory
      }
    }
  }
}

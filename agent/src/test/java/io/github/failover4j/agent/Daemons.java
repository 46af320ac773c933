package io.github.failover4j.agent;

import io.github.failover4j.linux.NetnsLab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Daemons run inside a lab node, as an operator would run them, and stopped by their own PID. */
final class Daemons {
  static final Path AGENT_JAR = Path.of(System.getProperty("agent.jar", "target/failover4j-agent.jar")).toAbsolutePath();

  private Daemons() {}

  /** A process started in a node's namespace (ip netns exec and setsid exec in place: same PID). */
  static class Daemon implements AutoCloseable {
    final Process process;
    final Path log;

    Daemon(NetnsLab.Node node, Path log, List<String> command) {
      List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", node.namespace()));
      all.addAll(command);
      try {
        this.log = log;
        this.process = new ProcessBuilder(all).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    long pid() {
      return process.pid();
    }

    void signal(String signal) {
      if (signal.equals("TERM")) {
        process.destroy(); // SIGTERM straight from the JVM: no kill process to spawn, for timing
      } else {
        kill("-" + signal, String.valueOf(pid()));
      }
    }

    int awaitExit(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("still running after " + timeout.toMillis() + " ms:\n" + log());
      }
      return process.exitValue();
    }

    String log() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroyForcibly();
        awaitQuietly(process);
      }
    }
  }

  /** The agent: {@code java -jar JAR --config FILE}, optionally behind a wrapper (setpriv). */
  static Daemon agent(NetnsLab.Node node, Path jar, Path config, Path log, String... wrapper) {
    List<String> command = new ArrayList<>(List.of(wrapper));
    command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString(),
        "--config", config.toString()));
    return new Daemon(node, log, command);
  }

  /**
   * keepalived, in the foreground, logging to its console, in a session of its own: a crash is a
   * SIGKILL of its whole process group, since killing the parent alone makes its VRRP child send
   * priority 0 on its way out.
   */
  static final class Keepalived extends Daemon {
    private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

    Keepalived(NetnsLab.Node node, Path directory, String configuration) {
      this(node, directory, configuration, node.name() + "-" + RUNS.incrementAndGet());
    }

    // files of their own per run: a crashed run's pid files, naming a child not yet reaped, would
    // make keepalived refuse to start ("daemon is already running")
    private Keepalived(NetnsLab.Node node, Path directory, String configuration, String run) {
      super(node, directory.resolve("keepalived-" + run + ".log"), command(directory, configuration, run));
    }

    private static List<String> command(Path directory, String configuration, String run) {
      Path file = directory.resolve("keepalived-" + run + ".conf");
      try {
        Files.writeString(file, configuration);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return List.of("setsid", "keepalived", "-n", "-l", "-G", "-P", "-f", file.toString(),
          "-p", directory.resolve("keepalived-" + run + ".pid").toString(),
          "-r", directory.resolve("keepalived-" + run + "-vrrp.pid").toString());
    }

    void crash() {
      kill("-KILL", "--", "-" + pid());
      awaitQuietly(process);
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        crash();
      }
    }
  }

  private static void awaitQuietly(Process process) {
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void kill(String... arguments) {
    List<String> command = new ArrayList<>(List.of("kill"));
    command.addAll(List.of(arguments));
    try {
      Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
      kill.getInputStream().readAllBytes();
      kill.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

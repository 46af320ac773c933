package io.github.failover4j.election.etcd;

import io.github.failover4j.linux.NetnsLab.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process the test starts in a node's namespace ({@code ip netns exec} replaces itself with the
 * command, so the PID is the command's), its output appended to a log file, stopped by that PID
 * only: SIGTERM for a graceful stop, SIGKILL for a crash, and SIGKILL when the lab closes.
 */
final class CandidateProcess implements AutoCloseable {
  private final Process process;

  private CandidateProcess(Process process) {
    this.process = process;
  }

  /** Starts a command in a lab node's namespace; the node kills it when the lab closes. */
  static CandidateProcess start(Node node, Path log, String... command) {
    return node.own(start(node.namespace(), log, command));
  }

  /** Starts a command in a namespace; the caller closes it. */
  static CandidateProcess start(String namespace, Path log, String... command) {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    all.addAll(List.of(command));
    try {
      Files.writeString(log, "--- " + String.join(" ", command).replaceAll("-cp \\S+", "-cp …") + "\n",
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      Process process = new ProcessBuilder(all).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      return new CandidateProcess(process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL, and waits until it is reaped. */
  void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  /** SIGTERM, and waits until it exited: its shutdown hooks ran. */
  void terminate() {
    process.destroy();
    awaitExit();
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }
}

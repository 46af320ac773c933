package io.github.failover4j.internal.check;

import io.github.failover4j.check.Probe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts processes by name, as keepalived's {@code track_process}: healthy while
 * {@code quorum <= count <= quorumMax}. A process counts when its {@code comm} (which the kernel
 * cuts at 15 characters) or the base name of its {@code argv[0]} equals the name and, if arguments
 * are given, its other arguments joined by single spaces equal them exactly. Processes that end
 * during the scan, or whose files cannot be read, do not count.
 */
final class ProcessProbe implements ProbeTask {
  // longer command lines are cut here; they then match no exact argument list
  private static final int MAX_CMDLINE = 64 * 1024;

  private final Probe.Process spec;
  private final Path proc;

  /**
   * Creates the probe.
   *
   * @param spec the name, arguments and quorum
   * @param proc the proc file system's root: {@code /proc}, or a fake tree in tests
   */
  ProcessProbe(Probe.Process spec, Path proc) {
    this.spec = spec;
    this.proc = proc;
  }

  @Override
  public boolean run(Duration timeout) throws IOException, InterruptedException {
    int count = count();
    return spec.quorum() <= count && count <= spec.quorumMax();
  }

  /** The number of matching processes now. */
  int count() throws IOException, InterruptedException {
    int count = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, ProcessProbe::isPid)) {
      for (Path process : entries) {
        if (Thread.interrupted()) {
          throw new InterruptedException("process " + spec.name() + ": interrupted");
        }
        if (matches(process)) {
          count++;
        }
      }
    }
    return count;
  }

  private static boolean isPid(Path entry) {
    String name = entry.getFileName().toString();
    return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private boolean matches(Path process) {
    List<String> argv;
    String comm;
    try {
      argv = arguments(process.resolve("cmdline"));
      comm = Files.readString(process.resolve("comm"), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return false; // gone meanwhile, or hidden from this user (hidepid)
    }
    boolean named = comm.equals(spec.name()) || !argv.isEmpty() && baseName(argv.get(0)).equals(spec.name());
    if (!named) {
      return false;
    }
    return spec.args().isEmpty() || String.join(" ", argv.subList(Math.min(1, argv.size()), argv.size()))
        .equals(spec.args().get());
  }

  /** The NUL-separated arguments; none for a kernel thread. */
  private static List<String> arguments(Path cmdline) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(cmdline)) {
      bytes = in.readNBytes(MAX_CMDLINE);
    }
    List<String> argv = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == 0) {
        if (i > start || i < bytes.length) {
          argv.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
        }
        start = i + 1;
      }
    }
    return argv;
  }

  private static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}

package io.github.failover4j.internal.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.check.Probe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessProbeTest {
  @TempDir
  Path proc;

  @BeforeEach
  void fakeProc() throws IOException {
    process("1", "systemd", "/sbin/init", "splash");
    process("100", "nginx", "nginx: master process /usr/sbin/nginx");
    process("101", "nginx", "/usr/sbin/nginx", "-g", "daemon off;");
    process("102", "nginx", "/usr/sbin/nginx", "-g", "daemon off;");
    process("200", "python3", "/usr/bin/python3", "app.py");
    // the kernel cuts comm at 15 characters: the full name is in argv[0]
    process("300", "verylongprocess", "/opt/bin/verylongprocessname", "--serve");
    process("400", "kthreadd"); // a kernel thread: no command line
    Files.createDirectories(proc.resolve("self"));
    Files.createDirectories(proc.resolve("500")); // ended during the scan: its files are gone
    Files.writeString(proc.resolve("uptime"), "1.0 1.0");
  }

  private void process(String pid, String comm, String... argv) throws IOException {
    Path dir = Files.createDirectories(proc.resolve(pid));
    Files.writeString(dir.resolve("comm"), comm + "\n");
    StringBuilder cmdline = new StringBuilder();
    for (String arg : argv) {
      cmdline.append(arg).append('\0');
    }
    Files.write(dir.resolve("cmdline"), cmdline.toString().getBytes(StandardCharsets.UTF_8));
  }

  private int count(String name, String args) throws Exception {
    return new ProcessProbe(new Probe.Process(name, Optional.ofNullable(args), 1, 1), proc).count();
  }

  @Test
  void countsByCommOrArgvZero() throws Exception {
    assertEquals(3, count("nginx", null));
    assertEquals(1, count("python3", null));
    assertEquals(1, count("verylongprocessname", null), "matched by argv[0]'s base name");
    assertEquals(1, count("verylongprocess", null), "matched by comm");
    assertEquals(1, count("kthreadd", null));
    assertEquals(0, count("apache2", null));
  }

  @Test
  void argumentsMustMatchExactly() throws Exception {
    assertEquals(2, count("nginx", "-g daemon off;"));
    assertEquals(0, count("nginx", "-g"));
    assertEquals(1, count("python3", "app.py"));
    assertEquals(1, count("nginx", ""), "the master's rewritten command line has no arguments");
  }

  @Test
  void healthyWithinTheQuorum() throws Exception {
    assertTrue(probe("nginx", 3, 3));
    assertTrue(probe("nginx", 1, 5));
    assertFalse(probe("nginx", 4, 8), "too few");
    assertFalse(probe("nginx", 1, 2), "too many");
    assertFalse(probe("apache2", 1, 1));
  }

  private boolean probe(String name, int quorum, int quorumMax) throws Exception {
    Probe.Process spec = new Probe.Process(name, Optional.empty(), quorum, quorumMax);
    return new ProcessProbe(spec, proc).run(Duration.ofSeconds(1));
  }

  @Test
  void findsThisJvmInTheRealProc() throws Exception {
    Path self = Path.of("/proc/self").toRealPath();
    String comm = Files.readString(self.resolve("comm")).strip();
    int count = new ProcessProbe(new Probe.Process(comm, Optional.empty(), 1, 1), Path.of("/proc")).count();
    assertTrue(count >= 1, comm + " found " + count + " times");
  }
}

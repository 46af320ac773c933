package io.github.failover4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.modulepath.WithoutMicrometerProbe;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: core runs without it, on the class path and on the module
 * path (where {@code requires static micrometer.core} must not stop the module from resolving).
 */
class WithoutMicrometerTest {
  private static final String MICROMETER = ".*/(micrometer-[a-z]+|HdrHistogram|LatencyUtils)-[^/]*\\.jar";

  @Test
  void coreRunsOnTheClassPathWithoutMicrometer() throws Exception {
    List<String> classes = classPath().stream().filter(entry -> !entry.matches(MICROMETER)).toList();
    assertTrue(classes.size() < classPath().size(), "micrometer was not on the test's class path to leave out");

    String output = run("-cp", String.join(File.pathSeparator, classes), WithoutMicrometerProbe.class.getName());
    assertEquals(List.of("core in module null", "role INITIALIZE", "micrometer absent"), output.lines().toList());
  }

  @Test
  void coreResolvesOnTheModulePathWithoutMicrometer() throws Exception {
    List<String> modules = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    for (String entry : classPath()) {
      if (entry.matches(".*/(core|vrrp)/target/classes") || entry.matches(
          ".*/(jnr-ffi|jffi|asm|asm-[a-z]+|jnr-[a-z0-9]+asm|slf4j-api|failover4j-vrrp)-[^/]*\\.jar")) {
        modules.add(entry);
      } else if (!entry.matches(MICROMETER)) {
        classes.add(entry);
      }
    }
    String output = run("--module-path", String.join(File.pathSeparator, modules), "--add-modules",
        "io.github.failover4j", "-cp", String.join(File.pathSeparator, classes), WithoutMicrometerProbe.class.getName());
    assertEquals(List.of("core in module io.github.failover4j", "role INITIALIZE", "micrometer absent"),
        output.lines().toList());
  }

  private static List<String> classPath() {
    return List.of(System.getProperty("java.class.path").split(File.pathSeparator));
  }

  /** Runs a child JVM, its logging off, and returns what it printed. */
  private static String run(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=off");
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the probe hung");
      assertEquals(0, process.exitValue(), output);
      return output;
    } finally {
      process.destroyForcibly();
    }
  }
}

package io.github.failover4j.internal.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.failover4j.check.Probe;
import io.github.failover4j.linux.IcmpEcho;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Pings loopback only, never another host. Where this process may open no ICMP socket at all, the
 * tests are skipped, unless {@value #REQUIRED} is set (CI sets it): then they fail.
 */
class IcmpEchoTest {
  private static final String REQUIRED = "FAILOVER4J_REQUIRE_NETNS";
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final int CAP_NET_ADMIN = 12;
  private static final int CAP_SYS_ADMIN = 21;

  private static InetAddress loopback(String literal) throws IOException {
    InetAddress address = InetAddress.getByName(literal);
    List<String> problems = IcmpEcho.problems(address);
    if (!problems.isEmpty()) {
      skipOrFail(problems.get(0));
    }
    return address;
  }

  private static void skipOrFail(String reason) {
    if (System.getenv(REQUIRED) != null) {
      fail(reason + ", and " + REQUIRED + " is set: these tests must run here");
    }
    Assumptions.abort("skipped: " + reason);
  }

  private static void requireIpv6Loopback() throws IOException {
    // 00..01 is ::1 in /proc/net/if_inet6; absent when IPv6 is disabled
    Path addresses = Path.of("/proc/net/if_inet6");
    Assumptions.assumeTrue(Files.exists(addresses)
        && Files.readString(addresses).contains("00000000000000000000000000000001"), "no IPv6 loopback address here");
  }

  @Test
  void ipv4LoopbackAnswers() throws Exception {
    try (IcmpEcho echo = IcmpEcho.open(loopback("127.0.0.1"))) {
      assertTrue(echo.ping(TIMEOUT), "no echo reply from 127.0.0.1 (" + echo.kind() + " socket)");
      assertTrue(echo.ping(TIMEOUT), "a second echo on the same socket");
    }
  }

  @Test
  void ipv6LoopbackAnswers() throws Exception {
    requireIpv6Loopback();
    try (IcmpEcho echo = IcmpEcho.open(loopback("::1"))) {
      assertTrue(echo.ping(TIMEOUT), "no echo reply from ::1 (" + echo.kind() + " socket)");
    }
  }

  @Test
  void thePingProbeIsHealthyForLoopback() throws Exception {
    assertTrue(Probes.create(new Probe.Ping(loopback("127.0.0.1"))).run(TIMEOUT));
  }

  @Test
  void noReplyIsFalseAtTheTimeoutAndAnInterruptEndsTheWait() throws Exception {
    List<String> output = inNamespace("0 0", false, "echo 1 > /proc/sys/net/ipv4/icmp_echo_ignore_all", "silent",
        "127.0.0.1");
    assertEquals(2, output.size(), output.toString());
    String[] timedOut = output.get(0).split(" ");
    assertEquals("none", timedOut[1], output.get(0));
    assertTrue(Long.parseLong(timedOut[2]) >= 290 && Long.parseLong(timedOut[2]) < 2000, output.get(0));
    String[] interrupted = output.get(1).split(" ");
    assertEquals("interrupted", interrupted[0], output.get(1));
    assertTrue(Long.parseLong(interrupted[1]) < 1000, output.get(1));
  }

  @Test
  void anUnprivilegedDatagramSocketIsPreferred() throws Exception {
    List<String> output = inNamespace("0 0", false, "true", "ping", "127.0.0.1", "::1");
    assertEquals(List.of("127.0.0.1 problems []", "127.0.0.1 DATAGRAM reply", "::1 problems []", "::1 DATAGRAM reply"),
        output);
  }

  @Test
  void withoutAnyIcmpSocketTheProblemSaysHowToAllowOne() throws Exception {
    List<String> output = inNamespace("1 0", true, "true", "ping", "127.0.0.1", "::1");
    assertEquals(4, output.size(), output.toString());
    for (String line : output) {
      assertTrue(line.contains("net.ipv4.ping_group_range, now \"1 0\"") && line.contains("CAP_NET_RAW"), line);
    }
    assertTrue(output.get(0).startsWith("127.0.0.1 problems [ping: cannot ping 127.0.0.1: "), output.get(0));
    assertTrue(output.get(1).startsWith("127.0.0.1 unavailable cannot ping 127.0.0.1: "), output.get(1));
  }

  private static boolean hasCapabilities(int... capabilities) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("CapEff:")) {
        long effective = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
        for (int capability : capabilities) {
          if ((effective >>> capability & 1) == 0) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@link IcmpEchoChild} in a new network namespace, with the given {@code ping_group_range}
   * there and, if asked, without CAP_NET_RAW, after a shell command that sets the namespace up.
   */
  private static List<String> inNamespace(String pingGroupRange, boolean withoutRaw, String setUp, String... args)
      throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/unshare")) || !Files.isExecutable(Path.of("/usr/bin/setpriv"))
        || !"root".equals(System.getProperty("user.name")) || !hasCapabilities(CAP_NET_ADMIN, CAP_SYS_ADMIN)) {
      skipOrFail("a network namespace of its own needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN), unshare and setpriv");
    }
    requireIpv6Loopback();
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "--net", "/bin/sh", "-c",
        "PATH=\"$PATH:/usr/sbin:/sbin\"; ip link set lo up"
            + " && echo \"$0\" > /proc/sys/net/ipv4/ping_group_range && " + setUp + " && exec \"$@\"",
        pingGroupRange, "/usr/bin/setpriv", "--bounding-set=" + (withoutRaw ? "-net_raw" : "+all"), "--inh-caps=-all",
        "--", java, "-cp", System.getProperty("java.class.path"), IcmpEchoChild.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child hung");
    assertEquals(0, process.exitValue(), output);
    List<String> lines = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.startsWith("127.0.0.1 ") || line.startsWith("::1 ") || line.startsWith("short ")
          || line.startsWith("interrupted")) {
        lines.add(line);
      }
    }
    return lines;
  }
}

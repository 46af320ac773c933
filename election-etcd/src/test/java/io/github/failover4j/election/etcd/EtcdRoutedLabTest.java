package io.github.failover4j.election.etcd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.linux.NetnsLab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab: two nodes on two different L2 segments, {@code a} on 10.1.0.0/24 and {@code b}
 * on 10.2.0.0/24, joined only by a router namespace (a routed hop: VRRP's multicast does not cross
 * it), with etcd on the router, reachable from both. Each node runs a failover group elected
 * through etcd, with the local mover putting the VIP 192.0.2.10/32 on its own segment's interface;
 * killing the holder (SIGKILL) moves the VIP to the other segment. Every namespace and process is
 * removed when the test ends, whatever happened.
 */
class EtcdRoutedLabTest {
  private static final String VIP = "192.0.2.10";
  private static final Duration TTL = Duration.ofSeconds(2);

  @TempDir
  Path dir;

  @Test
  void theVipFailsOverAcrossARoutedHopThroughEtcd() throws Exception {
    EtcdServer.requireEtcd();
    NetnsLab.create().close(); // skips (or fails, in CI) as every namespace test does without the privileges
    // named as NetnsLab names its namespaces, so that a lab of a test JVM that died is removed by the next
    String prefix = "f4j-" + ProcessHandle.current().pid() + "-900-";
    String router = prefix + "r";
    Map<String, String> nodes = new LinkedHashMap<>(Map.of("a", prefix + "a", "b", prefix + "b"));
    Deque<AutoCloseable> cleanup = new ArrayDeque<>();
    try {
      for (String ns : List.of(router, nodes.get("a"), nodes.get("b"))) {
        ip("netns", "add", ns);
        cleanup.push(() -> ip("netns", "del", ns));
        ip("-n", ns, "link", "set", "lo", "up");
      }
      ip("netns", "exec", router, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
      int segment = 1;
      for (Map.Entry<String, String> node : nodes.entrySet()) {
        String routerSide = "seg" + segment;
        ip("link", "add", routerSide, "netns", router, "type", "veth", "peer", "name", "eth0", "netns", node.getValue());
        ip("-n", router, "addr", "add", "10." + segment + ".0.1/24", "dev", routerSide);
        ip("-n", router, "link", "set", routerSide, "up");
        ip("-n", node.getValue(), "addr", "add", "10." + segment + ".0.2/24", "dev", "eth0");
        ip("-n", node.getValue(), "link", "set", "eth0", "up");
        ip("-n", node.getValue(), "route", "add", "default", "via", "10." + segment + ".0.1");
        segment++;
      }
      String endpoints = "http://10.1.0.1:2379,http://10.2.0.1:2379";
      CandidateProcess etcd = CandidateProcess.start(router, dir.resolve("etcd.log"), "/usr/bin/etcd", "--name", "lab",
          "--data-dir", dir.resolve("etcd").toString(),
          "--listen-client-urls", "http://10.1.0.1:2379,http://10.2.0.1:2379", "--advertise-client-urls", endpoints,
          "--listen-peer-urls", "http://127.0.0.1:2380", "--initial-advertise-peer-urls", "http://127.0.0.1:2380",
          "--initial-cluster", "lab=http://127.0.0.1:2380");
      cleanup.push(etcd);
      Map<String, Long> sleepers = new LinkedHashMap<>();
      for (Map.Entry<String, String> node : nodes.entrySet()) {
        CandidateProcess sleeper = CandidateProcess.start(node.getValue(), dir.resolve("sleep.log"), "sleep", "100000");
        cleanup.push(sleeper);
        sleepers.put(node.getKey(), sleeper.pid());
      }
      // b reaches etcd on a's segment: through the router (bash's /dev/tcp: no client needed)
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (true) {
        try {
          ip("netns", "exec", nodes.get("b"), "bash", "-c", "exec 3<>/dev/tcp/10.1.0.1/2379");
          break;
        } catch (IllegalStateException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(100);
        }
      }
      EtcdFailoverNetnsTest.HolderMonitor monitor = new EtcdFailoverNetnsTest.HolderMonitor(VIP, sleepers);
      cleanup.push(monitor);
      Map<String, CandidateProcess> candidates = new LinkedHashMap<>();
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      for (Map.Entry<String, String> node : nodes.entrySet()) {
        String own = "http://10." + (node.getKey().equals("a") ? 1 : 2) + ".0.1:2379";
        CandidateProcess candidate = CandidateProcess.start(node.getValue(), dir.resolve(node.getKey() + ".log"),
            java.toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            EtcdCandidateMain.class.getName(), node.getKey(), own, VIP + "/32", TTL.toSeconds() + "s");
        cleanup.push(candidate);
        candidates.put(node.getKey(), candidate);
      }
      String first = monitor.awaitSoleHolder(Duration.ofSeconds(60), null);
      Thread.sleep(TTL.toMillis());
      long killed = System.nanoTime();
      candidates.get(first).kill();
      ip("-n", nodes.get(first), "addr", "flush", "dev", "eth0", "to", VIP + "/32");
      String second = monitor.awaitSoleHolder(Duration.ofSeconds(10), first);
      long takeover = TimeUnit.NANOSECONDS.toMillis(monitor.heldSince(second) - killed);
      System.out.printf("etcd routed lab: %s held the VIP; SIGKILL -> %s held it %d ms later%n", first, second,
          takeover);
      assertTrue(takeover <= TTL.toMillis() + 1000, "a new holder within TTL + 1 s: " + takeover + " ms");
      monitor.assertNeverTwoHolders();
    } finally {
      Exception failure = null;
      while (!cleanup.isEmpty()) {
        try {
          cleanup.pop().close();
        } catch (Exception e) {
          failure = failure == null ? e : failure;
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  private static void ip(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(arguments));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + ": " + output);
    }
  }
}

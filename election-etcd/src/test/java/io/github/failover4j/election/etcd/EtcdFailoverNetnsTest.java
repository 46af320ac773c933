package io.github.failover4j.election.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.linux.NetnsLab;
import io.github.failover4j.linux.NetnsLab.Node;
import io.github.failover4j.linux.NetnsServers.OwnedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three failover groups elected through a real etcd, each in a process of its own inside a
 * namespace of a lab, with the local mover putting the VIP on its {@code eth0}; etcd runs in a
 * fourth namespace. A {@link HolderMonitor} reads every node's local routes every millisecond and
 * fails the test if two nodes ever hold the VIP at once. The faults: SIGKILL of the holder's process,
 * a graceful stop (SIGTERM: the group closes), and a candidate cut off from etcd by a blackhole
 * route (its packets to etcd dropped, the VIP's link untouched).
 */
class EtcdFailoverNetnsTest {
  private static final String VIP = "192.0.2.10";
  private static final String ETCD_ADDRESS = "10.0.0.100";
  private static final String ENDPOINT = "http://" + ETCD_ADDRESS + ":2379";
  private static final Duration TTL = Duration.ofSeconds(2);
  private static final int SCHEDULES = Integer.getInteger("failover4j.etcd.schedules", 24);

  @TempDir
  Path dir;

  /** The three cases, measured: SIGKILL, graceful stop, a holder cut off. */
  @Test
  void killGracefulStopAndCutOff() throws Exception {
    try (Cluster cluster = new Cluster(dir)) {
      String first = cluster.monitor.awaitSoleHolder(Duration.ofSeconds(30), null);
      Thread.sleep(TTL.toMillis()); // the others settled into their watches

      long killed = cluster.kill(first);
      String second = cluster.monitor.awaitSoleHolder(Duration.ofSeconds(10), first);
      long killTakeover = cluster.monitor.heldSince(second) - killed;
      cluster.startCandidate(first);

      long stopped = cluster.stop(second);
      String third = cluster.monitor.awaitSoleHolder(Duration.ofSeconds(10), second);
      long stopTakeover = cluster.monitor.heldSince(third) - stopped;
      cluster.startCandidate(second);

      long cut = cluster.cut(third);
      String fourth = cluster.monitor.awaitSoleHolder(Duration.ofSeconds(10), third);
      long released = cluster.monitor.releasedAt(third) - cut;
      long cutTakeover = cluster.monitor.heldSince(fourth) - cut;
      cluster.heal(third);

      System.out.printf("etcd e2e (ttl %d ms): SIGKILL -> new holder %d ms; graceful stop -> %d ms; cut off -> the"
          + " holder released %d ms after the cut, another held %d ms after it%n", TTL.toMillis(), millis(killTakeover),
          millis(stopTakeover), millis(released), millis(cutTakeover));
      assertTrue(millis(killTakeover) <= TTL.toMillis() + 1000, "a new holder within TTL + 1 s of a SIGKILL: "
          + millis(killTakeover) + " ms");
      // at once: well before the stopped holder's lease could have expired (it resigned)
      assertTrue(millis(stopTakeover) < TTL.toMillis(), "a handover on a graceful stop: " + millis(stopTakeover) + " ms"
          + cluster.logs());
      assertTrue(released < cutTakeover, "the cut-off holder released before another held");
      cluster.monitor.assertNeverTwoHolders();
    }
  }

  /**
   * Seeded schedules of the same faults, one after another, never two holders at any instant, and
   * a new sole holder within 10 s of each fault. Replay one with {@code -Dfailover4j.etcd.seed=N};
   * {@code -Dfailover4j.etcd.schedules=N} sets how many (24).
   */
  @Test
  void seededFaultSchedulesNeverHaveTwoHolders() throws Exception {
    long seed = Long.getLong("failover4j.etcd.seed", System.nanoTime());
    Random random = new Random(seed);
    Map<String, LongSummaryStatistics> takeovers = new LinkedHashMap<>();
    try (Cluster cluster = new Cluster(dir)) {
      String holder = cluster.monitor.awaitSoleHolder(Duration.ofSeconds(30), null);
      for (int i = 0; i < SCHEDULES; i++) {
        String fault = List.of("kill", "stop", "cut-holder", "cut-backup").get(random.nextInt(4));
        String context = "seed " + seed + ", schedule " + i + " (" + fault + " with " + holder + " holding)";
        long at;
        String next;
        switch (fault) {
          case "kill" -> {
            at = cluster.kill(holder);
            next = cluster.monitor.awaitSoleHolder(Duration.ofSeconds(10), holder);
            cluster.startCandidate(holder);
          }
          case "stop" -> {
            at = cluster.stop(holder);
            next = cluster.monitor.awaitSoleHolder(Duration.ofSeconds(10), holder);
            cluster.startCandidate(holder);
          }
          case "cut-holder" -> {
            at = cluster.cut(holder);
            next = cluster.monitor.awaitSoleHolder(Duration.ofSeconds(10), holder);
            Thread.sleep(random.nextInt(1000));
            cluster.heal(holder);
          }
          default -> {
            List<String> backups = new ArrayList<>(cluster.nodes.keySet());
            backups.remove(holder);
            String backup = backups.get(random.nextInt(2));
            at = cluster.cut(backup);
            Thread.sleep(TTL.toMillis() + random.nextInt(1000));
            assertEquals(List.of(holder), cluster.monitor.holders(), context + ": the holder while a backup is cut off");
            cluster.heal(backup);
            next = holder;
          }
        }
        if (!next.equals(holder)) {
          takeovers.computeIfAbsent(fault, f -> new LongSummaryStatistics())
              .accept(millis(cluster.monitor.heldSince(next) - at));
        }
        cluster.monitor.assertNeverTwoHolders();
        Thread.sleep(TTL.toMillis() / 2); // the candidates settled into their watches
        holder = next;
      }
    }
    // the takeover times are reported, not asserted: the JVM a schedule restarts competes for the
    // cores; each fault's bound is asserted by killGracefulStopAndCutOff, on settled candidates
    System.out.printf("etcd e2e: seed %d, %d schedules, takeover ms by fault %s%n", seed, SCHEDULES, takeovers);
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /** The lab, etcd in it, the three candidates' processes and the monitor; closed in reverse. */
  private static final class Cluster implements AutoCloseable {
    final NetnsLab lab = NetnsLab.create();
    final Map<String, Node> nodes = new LinkedHashMap<>();
    final Map<String, CandidateProcess> candidates = new LinkedHashMap<>();
    final HolderMonitor monitor;
    final Path logs;

    Cluster(Path dir) throws Exception {
      EtcdServer.requireEtcd();
      logs = dir;
      try {
        Node etcd = lab.node("etcd").address(ETCD_ADDRESS + "/24");
        OwnedProcess.start(etcd, "/usr/bin/etcd", "--name", "lab", "--data-dir", dir.resolve("etcd").toString(),
            "--listen-client-urls", ENDPOINT, "--advertise-client-urls", ENDPOINT,
            "--listen-peer-urls", "http://127.0.0.1:2380", "--initial-advertise-peer-urls", "http://127.0.0.1:2380",
            "--initial-cluster", "lab=http://127.0.0.1:2380");
        Map<String, Long> sleepers = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
          Node node = lab.node("n" + i).address("10.0.0." + (i + 1) + "/24");
          nodes.put(node.name(), node);
          // a process in the namespace whose /proc/PID/net/fib_trie the monitor reads, whatever the candidate's fate
          sleepers.put(node.name(), OwnedProcess.start(node, "sleep", "100000").pid());
        }
        awaitListening(nodes.get("n0"));
        monitor = new HolderMonitor(VIP, sleepers);
        for (String name : nodes.keySet()) {
          startCandidate(name);
        }
      } catch (Exception | Error e) {
        lab.close();
        throw e;
      }
    }

    /**
     * Starts a candidate's process and waits until its group started: a JVM starting on the shared
     * cores would otherwise slow the others' elections down, and the takeover times with them.
     */
    void startCandidate(String name) throws IOException, InterruptedException {
      Path log = logs.resolve(name + ".log");
      long startedBefore = started(log);
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      candidates.put(name, CandidateProcess.start(nodes.get(name), log, java.toString(),
          "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
          EtcdCandidateMain.class.getName(), name, ENDPOINT, VIP + "/32", TTL.toSeconds() + "s"));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (started(log) == startedBefore) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(name + " did not start within 60 s:" + logs());
        }
        Thread.sleep(20);
      }
    }

    private static long started(Path log) throws IOException {
      return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.endsWith("(started)")).count() : 0;
    }

    /** The candidates' logs, for a failure's message. */
    String logs() {
      StringBuilder text = new StringBuilder();
      for (String name : nodes.keySet()) {
        try {
          text.append("\n--- ").append(name).append('\n').append(Files.readString(logs.resolve(name + ".log")));
        } catch (IOException e) {
          text.append("\n--- ").append(name).append(": no log");
        }
      }
      return text.toString();
    }

    /** SIGKILL; the dead node's VIP is then taken off its interface, as the node's death would. */
    long kill(String name) {
      long at = System.nanoTime();
      candidates.remove(name).kill();
      nodes.get(name).exec("ip", "addr", "flush", "dev", "eth0", "to", VIP + "/32");
      return at;
    }

    /** SIGTERM: the group closes, releasing the VIP, then resigning. */
    long stop(String name) throws InterruptedException {
      long at = System.nanoTime();
      candidates.remove(name).terminate();
      return at;
    }

    long cut(String name) {
      long at = System.nanoTime();
      nodes.get(name).exec("ip", "route", "add", "blackhole", ETCD_ADDRESS + "/32");
      return at;
    }

    void heal(String name) {
      nodes.get(name).exec("ip", "route", "del", "blackhole", ETCD_ADDRESS + "/32");
    }

    /** Until etcd accepts connections (bash's /dev/tcp: no client needed in the namespace). */
    private static void awaitListening(Node node) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (true) {
        try {
          node.exec("bash", "-c", "exec 3<>/dev/tcp/" + ETCD_ADDRESS + "/2379");
          return;
        } catch (RuntimeException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("etcd in the lab not listening within 20 s", e);
          }
        }
        Thread.sleep(100);
      }
    }

    @Override
    public void close() {
      try {
        if (monitor != null) {
          monitor.close();
        }
      } finally {
        lab.close(); // kills the candidates, etcd and the sleepers, and deletes the namespaces
      }
    }
  }

  /** Reads each node's local routes every millisecond: who holds the VIP, and since when. */
  static final class HolderMonitor implements AutoCloseable {
    // the local route the kernel adds with the address: "|-- 192.0.2.10" then "/32 host LOCAL"
    private final Pattern localRoute;
    private final Map<String, Path> tries = new LinkedHashMap<>();
    private final Map<String, Long> heldSince = new LinkedHashMap<>();
    private final Map<String, Long> releasedAt = new LinkedHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private List<String> holders = List.of();

    HolderMonitor(String vip, Map<String, Long> pids) {
      this.localRoute = Pattern.compile("-- " + Pattern.quote(vip) + "\\s+/32 host LOCAL");
      pids.forEach((name, pid) -> tries.put(name, Path.of("/proc", String.valueOf(pid), "net", "fib_trie")));
      thread = new Thread(this::run, "holder-monitor");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      while (running) {
        long now = System.nanoTime();
        List<String> round = new ArrayList<>();
        for (Map.Entry<String, Path> node : tries.entrySet()) {
          if (holds(node.getValue())) {
            round.add(node.getKey());
          }
        }
        synchronized (this) {
          for (String name : round) {
            if (!holders.contains(name)) {
              heldSince.put(name, now);
            }
          }
          for (String name : holders) {
            if (!round.contains(name)) {
              releasedAt.put(name, now);
            }
          }
          if (round.size() > 1) {
            violations.add(round + " at " + millis(now) + " ms");
          }
          holders = List.copyOf(round);
          notifyAll();
        }
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private boolean holds(Path trie) {
      try {
        return localRoute.matcher(Files.readString(trie)).find();
      } catch (IOException e) {
        return false;
      }
    }

    synchronized List<String> holders() {
      return holders;
    }

    synchronized long heldSince(String name) {
      return heldSince.get(name);
    }

    synchronized long releasedAt(String name) {
      return releasedAt.get(name);
    }

    /** Waits until one node holds the VIP, not {@code not}; returns it. */
    synchronized String awaitSoleHolder(Duration timeout, String not) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (holders.size() != 1 || holders.get(0).equals(not)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no sole holder other than " + not + " within " + timeout.toMillis()
              + " ms: " + holders);
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return holders.get(0);
    }

    synchronized void assertNeverTwoHolders() {
      assertEquals(List.of(), violations, "instants with two holders");
    }

    @Override
    public void close() {
      running = false;
      thread.interrupt();
    }
  }
}

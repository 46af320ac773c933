package io.github.failover4j.election.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.FailoverGroup;
import io.github.failover4j.Role;
import io.github.failover4j.MoverOptions;
import io.github.failover4j.RoleChange;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.MoverCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three failover groups of one process elected through the fake API server, each with a kubeconfig
 * and a token of its own (so that the fake can cut one off), no addresses (local mover off), and a
 * monitor that sees every role change on the thread that makes it: never two MASTERs at once. The
 * lease times are the shortest allowed (2 s, 1 s, 500 ms): these tests run in real time.
 */
class KubernetesFailoverGroupTest {
  private static final Duration DURATION = Duration.ofSeconds(2);
  private static final Duration RENEW = Duration.ofSeconds(1);
  private static final Duration RETRY_PERIOD = Duration.ofMillis(500);
  /** What the engine, the driver and the fake may add to a bound: requests, scheduling on a shared machine. */
  private static final Duration SLACK = Duration.ofMillis(1500);

  private final FakeApiServer api = new FakeApiServer();
  private final MockWebServer server = new MockWebServer();
  private final Map<String, FailoverGroup> groups = new LinkedHashMap<>();
  private final Set<String> masters = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> leftMaster = new ConcurrentHashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final List<String> changes = new ArrayList<>();
  @TempDir
  Path dir;

  @BeforeEach
  void start() throws IOException {
    api.acceptTokens("token-a-0123456789", "token-b-0123456789", "token-c-0123456789");
    server.setDispatcher(api);
    server.start();
    int priority = 100;
    for (String id : List.of("a", "b", "c")) {
      FailoverGroup group = FailoverGroup.builder()
          .name("web")
          .interfaceName("lo")
          .priority(priority)
          .preempt(false)
          .virtualIp("192.0.2.10/32")
          .local(false)
          .mover("cloud", new CloudVip(id), MoverOptions.builder().release(MoverOptions.Release.UNASSIGN).build())
          .election("kubernetes", Map.of("kubeconfig", kubeconfig(id).toString(), "lease", "web", "duration", "2s",
              "renew", "1s", "retryPeriod", "500ms"))
          .candidate(id)
          .build();
      group.addListener(change -> record(id, change), Runnable::run);
      groups.put(id, group);
      priority -= 10;
    }
    groups.values().forEach(FailoverGroup::start);
  }

  @AfterEach
  void stop() {
    groups.values().forEach(FailoverGroup::close);
    server.close();
    synchronized (changes) {
      assertEquals(List.of(), violations, "two MASTERs at once; role changes: " + changes);
    }
  }

  private void record(String id, io.github.failover4j.GroupEvent event) {
    if (!(event instanceof RoleChange change)) {
      return;
    }
    synchronized (changes) {
      changes.add(System.nanoTime() / 1_000_000 + " ms " + id + " " + change.from() + "->" + change.to() + " "
          + change.cause());
      if (change.to() == Role.MASTER) {
        masters.add(id);
        if (masters.size() > 1) {
          violations.add(masters + " at " + changes.get(changes.size() - 1));
        }
      } else if (masters.remove(id)) {
        leftMaster.put(id, System.nanoTime());
      }
      changes.notifyAll();
    }
  }

  private String awaitOneMaster(Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    synchronized (changes) {
      while (masters.size() != 1) {
        long left = end - System.nanoTime();
        assertTrue(left > 0, "no MASTER within " + within.toMillis() + " ms: " + changes);
        TimeUnit.NANOSECONDS.timedWait(changes, left);
      }
      return masters.iterator().next();
    }
  }

  private String awaitNewMaster(String former, Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    synchronized (changes) {
      while (masters.size() != 1 || masters.contains(former)) {
        long left = end - System.nanoTime();
        assertTrue(left > 0, "no new MASTER within " + within.toMillis() + " ms: " + changes + "; requests: "
            + api.requests().stream().filter(r -> !r.startsWith("GET")).toList());
        TimeUnit.NANOSECONDS.timedWait(changes, left);
      }
      return masters.iterator().next();
    }
  }

  /**
   * A MASTER that closes hands over at once: it resigns once its addresses are released, so another
   * becomes MASTER sooner than the lease could have expired (an observer waits the whole duration
   * after the last renewal it saw, which came at most a retry period before the close).
   */
  @Test
  void oneMasterThenAStopHandsOver() throws Exception {
    String first = awaitOneMaster(DURATION.plus(SLACK));
    long stopped = System.nanoTime();
    groups.get(first).close();

    String second = awaitNewMaster(first, DURATION.plus(RETRY_PERIOD).plus(SLACK));
    long tookMillis = (System.nanoTime() - stopped) / 1_000_000;
    System.out.println("handover after " + first + " closed: " + second + " after " + tookMillis + " ms");
    assertTrue(tookMillis < DURATION.minus(RETRY_PERIOD).toMillis(), "handed over after " + tookMillis
        + " ms, as late as an expiry: the closed MASTER did not resign");
  }

  @Test
  void aHolderCutOffFromTheApiServerLetsGoBeforeAnotherTakesOver() throws Exception {
    String first = awaitOneMaster(DURATION.plus(SLACK));
    long cut = System.nanoTime();
    api.refuseToken("token-" + first + "-0123456789", 503);

    String second = awaitNewMaster(first, DURATION.plus(RETRY_PERIOD).plus(SLACK));
    long tookMillis = (System.nanoTime() - cut) / 1_000_000;
    System.out.println("takeover after " + first + " was cut off: " + second + " after " + tookMillis + " ms");
    assertTrue(!groups.get(first).isMaster(), "the cut-off holder let go");
    long letGoMillis = (leftMaster.get(first) - cut) / 1_000_000;
    assertTrue(letGoMillis <= RENEW.plus(SLACK).toMillis(), "the cut-off holder left MASTER " + letGoMillis
        + " ms after the cut (expected: by its renew deadline, 1 s after its last renewal)");
  }

  /** A cloud's VIP that one node holds at a time, as the movers see it: claimed by the MASTER, released when it leaves. */
  private final java.util.concurrent.atomic.AtomicReference<String> vip = new java.util.concurrent.atomic.AtomicReference<>();

  private final class CloudVip implements IpMover {
    private final String id;

    CloudVip(String id) {
      this.id = id;
    }

    @Override
    public Holder observe(MoverCall call) {
      String holder = vip.get();
      return holder == null ? Holder.nobody() : holder.equals(id) ? Holder.self() : Holder.other(holder);
    }

    @Override
    public void claim(MoverCall call, Holder current) {
      vip.set(id);
    }

    @Override
    public void release(MoverCall call) {
      vip.compareAndSet(id, null);
    }
  }

  private Path kubeconfig(String id) throws IOException {
    Path file = dir.resolve(id + ".kubeconfig");
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        current-context: fake
        clusters:
        - name: fake
          cluster: {server: '%s'}
        contexts:
        - name: fake
          context: {cluster: fake, user: %s, namespace: default}
        users:
        - name: %s
          user: {token: token-%s-0123456789}
        """.formatted(server.url("/"), id, id, id));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }
}

package io.github.failover4j.election.etcd;

import io.github.failover4j.FailoverGroup;
import io.github.failover4j.FailoverListener;
import io.github.failover4j.GroupEvent;
import io.github.failover4j.RoleChange;
import java.util.Map;

/**
 * One candidate of the end-to-end tests, as a process of its own that a test starts inside a
 * node's namespace and kills by its PID: a failover group {@code web} elected through etcd, with
 * the local mover putting the VIP on {@code eth0}. SIGTERM closes the group (a graceful stop);
 * SIGKILL leaves everything as it is, as a crash does.
 *
 * <p>Arguments: candidate id, etcd endpoint, VIP (CIDR), ttl.
 */
public final class EtcdCandidateMain {
  private EtcdCandidateMain() {}

  /**
   * Runs the candidate until the process is stopped.
   *
   * @param args candidate id, etcd endpoint, VIP, ttl
   * @throws InterruptedException never: it waits until killed
   */
  public static void main(String[] args) throws InterruptedException {
    FailoverGroup group = FailoverGroup.builder()
        .name("web")
        .interfaceName("eth0")
        .priority(100)
        .virtualIp(args[2])
        .election("etcd", Map.of("endpoints", args[1], "ttl", args[3]))
        .candidate(args[0])
        .build();
    // every event on the standard output, which the test keeps in the node's log
    group.addListener(new FailoverListener() {
      @Override
      public void onRoleChange(RoleChange change) {
        System.out.println(System.nanoTime() + " " + change);
      }

      @Override
      public void onEvent(GroupEvent event) {
        if (!(event instanceof RoleChange)) {
          System.out.println(System.nanoTime() + " " + event);
        }
        FailoverListener.super.onEvent(event);
      }
    }, Runnable::run);
    Runtime.getRuntime().addShutdownHook(new Thread(group::close, "graceful-stop"));
    group.start();
    Thread.sleep(Long.MAX_VALUE);
  }
}

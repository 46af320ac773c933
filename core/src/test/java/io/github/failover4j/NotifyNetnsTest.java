package io.github.failover4j;

import static io.github.failover4j.linux.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.check.Check;
import io.github.failover4j.linux.NetnsLab;
import io.github.failover4j.linux.NetnsLab.Node;
import io.github.failover4j.linux.NetnsServers.ScriptDir;
import io.github.failover4j.notify.GroupFacts;
import io.github.failover4j.notify.NotifyHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A notify script sees a group's role changes in order: a real group in a namespace (VRRPv3, 10 ms
 * adverts) tracks a check with weight 0 that the test makes fail and pass 100 times, so the group
 * goes MASTER, FAULT, BACKUP, MASTER again each time; its {@code notify.any} script appends its four
 * arguments to a file. The file must hold exactly the listener's sequence, line for line. A script
 * runs while the next change happens: keepalived, which runs them at once, can reorder them.
 */
class NotifyNetnsTest {
  private static final int FLAPS = 100;
  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void aNotifyScriptRecordsOneHundredFlapsInOrder() throws Exception {
    try (NetnsLab lab = NetnsLab.create(); ScriptDir dir = ScriptDir.create()) {
      Node a = lab.node("a").address("10.0.0.1/24");
      Path record = dir.path().resolve("notified");
      // a little work in the script, so that changes arrive while it runs
      Path script = dir.script("notify.sh", "sleep 0.01; echo \"$1 $2 $3 $4\" >> " + record);
      AtomicBoolean healthy = new AtomicBoolean(true);
      Check check = Check.builder("app").inJvm(healthy::get).interval(Duration.ofMillis(10)).build();
      FailoverGroup group = FailoverGroup.builder()
          .name("web").networkNamespace(a.namespace()).interfaceName("eth0").vrid(51)
          .priority(150).advertInterval(Duration.ofMillis(10)).virtualIp("10.0.0.200/24")
          .track(check, 0)
          .build();
      NotifyHook hook = NotifyHook.builder().any(script.toString())
          .environment(new GroupFacts("web", 51, "eth0", List.of(VirtualIp.parse("10.0.0.200/24"))))
          .build();
      List<RoleChange> heard = new CopyOnWriteArrayList<>();
      group.addListener(heard::add, Runnable::run);
      group.addListener(hook, Runnable::run);
      try (group) {
        group.start();
        assertTrue(group.awaitMaster(WAIT), group.status().toString());
        for (int flap = 0; flap < FLAPS; flap++) {
          healthy.set(false);
          eventually(WAIT, () -> group.role() == Role.FAULT, () -> "not FAULT: " + group.status());
          healthy.set(true);
          assertTrue(group.awaitMaster(WAIT), group.status().toString());
        }
      }
      assertTrue(hook.awaitStopped(Duration.ofSeconds(30)), "the scripts did not finish");

      List<String> expected = new ArrayList<>();
      for (RoleChange change : heard) {
        String state = change.to() == Role.INITIALIZE ? "STOP" : change.to().name();
        expected.add("INSTANCE web " + state + " " + change.priority());
      }
      assertTrue(expected.size() >= 3 * FLAPS + 2, "changes heard: " + expected.size());
      assertEquals(expected, Files.readAllLines(record), "the script's record differs from the listener's");
    }
  }
}

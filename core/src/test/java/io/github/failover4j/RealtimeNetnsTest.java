package io.github.failover4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.linux.NetnsLab;
import io.github.failover4j.linux.NetnsLab.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real-time option in a real process: a child JVM in a namespace of the lab, as root but with a
 * capability bounding set of the test's choice (setpriv), starts a group that asks for SCHED_RR, and
 * says what the kernel shows of its engine thread, or what start() reported.
 */
class RealtimeNetnsTest {
  private static final int SCHED_RR = 2;

  @Test
  void withCapSysNiceTheEngineThreadAloneRunsRoundRobinAtTheAskedPriority() throws Exception {
    String output = probe("+all", "17", "false");
    assertTrue(output.startsWith("started policy=" + SCHED_RR + " priority=17 "), output);
    // the threads it starts do not inherit it: the claim lane, made by the engine thread, is not real-time
    assertTrue(output.contains(" claim lane policy=0 priority=0 "), output);
  }

  @Test
  void withoutCapSysNiceStartSaysWhichCapabilityAndHowToGrantIt() throws Exception {
    String output = probe("-sys_nice", "17", "false");
    assertTrue(output.startsWith("missing CAP_SYS_NICE: CAP_SYS_NICE is needed to run the engine thread at"
        + " real-time priority 17 (SCHED_RR)"), output);
    assertTrue(output.contains("AmbientCapabilities=CAP_SYS_NICE") && output.contains("LimitRTPRIO=17")
        && output.contains("setcap"), output);
    assertTrue(!output.contains("EPERM") && !output.contains("errno"), output);
  }

  @Test
  void lockedMemoryIsLockedWithCapIpcLockAndNamedWithout() throws Exception {
    String locked = probe("+all", "1", "true");
    assertTrue(locked.startsWith("started policy=" + SCHED_RR + " priority=1 ") && locked.contains(" locked="),
        locked);
    assertTrue(!locked.endsWith(" locked=0 kB"), locked);
    // a JVM is far larger than 64 KiB: mlockall needs the capability
    String refused = probe("-ipc_lock", "1", "true", "--memlock=65536");
    assertTrue(refused.startsWith("missing CAP_IPC_LOCK: CAP_IPC_LOCK is needed to lock the process's memory"),
        refused);
    assertTrue(refused.contains("LimitMEMLOCK=infinity"), refused);
  }

  /**
   * Runs {@link RealtimeProbe} in a lab's namespace with an {@code eth0}, with the bounding set given
   * (and a lower memlock limit, if given: prlimit --memlock=BYTES) and returns its report line.
   */
  private static String probe(String bounding, String priority, String lockMemory, String... memlock)
      throws Exception {
    NetnsLab.require(Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/prlimit")),
        "needs setpriv and prlimit (util-linux)");
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> command = new ArrayList<>();
    if (memlock.length > 0) {
      command.addAll(List.of("/usr/bin/prlimit", memlock[0], "--"));
    }
    command.addAll(List.of("/usr/bin/setpriv", "--bounding-set=" + bounding, "--inh-caps=-all", "--", java,
        "-Xms16m", "-Xmx64m", "-cp", System.getProperty("java.class.path"), RealtimeProbe.class.getName(), priority,
        lockMemory));
    try (NetnsLab lab = NetnsLab.create()) {
      Node node = lab.node("a").address("10.0.0.1/24");
      String output = node.exec(command.toArray(String[]::new));
      return output.lines().filter(l -> l.startsWith("missing") || l.startsWith("started")).findFirst()
          .orElse(output);
    }
  }
}

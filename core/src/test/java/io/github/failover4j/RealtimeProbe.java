package io.github.failover4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Started in a child JVM, in a namespace with an {@code eth0}, with the capabilities a test chose:
 * starts a group asking for a real-time engine thread (and locked memory if asked), and prints the
 * policy and priority of the engine thread and of the claim lane as the kernel shows them, or what
 * start() reports.
 */
public final class RealtimeProbe {
  private RealtimeProbe() {}

  public static void main(String[] args) throws Exception {
    int priority = Integer.parseInt(args[0]);
    boolean lockMemory = Boolean.parseBoolean(args[1]);
    try (FailoverGroup group = FailoverGroup.builder().interfaceName("eth0").vrid(51)
        .advertInterval(Duration.ofSeconds(1)).virtualIp("10.0.0.200/24").realtimePriority(priority)
        .lockMemory(lockMemory).build()) {
      group.start();
      System.out.println("started " + scheduling("failover4j-engi") + " claim lane " + scheduling("failover4j-clai")
          + " " + lockedMemory());
    } catch (MissingCapabilityException e) {
      System.out.println("missing " + e.capability() + ": " + e.getMessage());
    }
  }

  /** A thread's policy and real-time priority, by its name's first 15 characters: fields 41 and 40 of its stat. */
  private static String scheduling(String comm) throws Exception {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        if (Files.readString(task.resolve("comm")).strip().equals(comm)) {
          String stat = Files.readString(task.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // fields[0] is field 3 (state): field N is fields[N - 3]
          return "policy=" + fields[41 - 3] + " priority=" + fields[40 - 3];
        }
      }
    }
    return "no thread " + comm;
  }

  private static String lockedMemory() throws Exception {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmLck:"))
        .map(l -> "locked=" + l.substring("VmLck:".length()).strip()).findFirst().orElse("locked=?");
  }
}

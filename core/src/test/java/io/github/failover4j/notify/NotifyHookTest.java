package io.github.failover4j.notify;

import static io.github.failover4j.linux.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.Role;
import io.github.failover4j.RoleChange;
import io.github.failover4j.VirtualIp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyHookTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private PrintStream stderr;

  /** slf4j-simple writes to whatever System.err is at each line: the test reads the log there. */
  @BeforeEach
  void captureLog() {
    stderr = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLog() {
    System.setErr(stderr);
    stderr.print(log());
  }

  @Test
  void aHundredChangesRunOneAtATimeInTheirOrder() throws IOException {
    // mkdir is atomic: a script that finds the directory there runs beside another one
    String record = script("record.sh", """
        mkdir %1$s/running || echo OVERLAP >> %1$s/calls
        echo "$@" >> %1$s/calls
        rmdir %1$s/running
        """.formatted(dir));
    NotifyHook hook = NotifyHook.builder().any(record).build();

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Role to = i % 2 == 0 ? Role.MASTER : Role.BACKUP;
      hook.onRoleChange(change("web", to, RoleChange.Cause.HIGHER_PRIORITY, i));
      expected.add("INSTANCE web " + to + " " + i);
    }

    awaitLines("calls", 100);
    assertEquals(expected, lines("calls"));
  }

  @Test
  void theListenerOnlyQueues() throws IOException {
    String gated = script("gated.sh", """
        while [ ! -e %1$s/gate ]; do sleep 0.01; done
        echo "$@" >> %1$s/calls
        """.formatted(dir));
    NotifyHook hook = NotifyHook.builder().master(gated).backup(gated).build();

    // were the listener to wait for a script, this would never return: the gate is still shut
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (int i = 0; i < 10; i++) {
        hook.onRoleChange(change("web", i % 2 == 0 ? Role.MASTER : Role.BACKUP, RoleChange.Cause.MASTER_DOWN, i));
      }
    });
    Files.createFile(dir.resolve("gate"));
    awaitLines("calls", 10);
    assertEquals("INSTANCE web BACKUP 9", lines("calls").get(9));
  }

  @Test
  void theEnvironmentHoldsTheGroupsFactsAndNothingOfThisProcess() throws IOException {
    String env = script("env.sh", "env > %1$s/env.tmp && mv %1$s/env.tmp %1$s/env\n".formatted(dir));
    NotifyHook hook = NotifyHook.builder().master(env).environment(new GroupFacts("web", 51, "eth0",
        List.of(VirtualIp.parse("192.0.2.10/24").withLabel("eth0:vip"), VirtualIp.parse("192.0.2.11/32")))).build();

    hook.onRoleChange(change("web", Role.MASTER, RoleChange.Cause.MASTER_DOWN, 150));

    awaitLines("env", 1);
    Map<String, String> vars = lines("env").stream().filter(l -> l.contains("="))
        .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
    assertEquals("web", vars.get("FAILOVER4J_GROUP"));
    assertEquals("51", vars.get("FAILOVER4J_VRID"));
    assertEquals("eth0", vars.get("FAILOVER4J_INTERFACE"));
    assertEquals("192.0.2.10/24 192.0.2.11/32", vars.get("FAILOVER4J_VIRTUAL_IPS"));
    assertEquals("MASTER", vars.get("FAILOVER4J_STATE"));
    assertEquals("150", vars.get("FAILOVER4J_PRIORITY"));
    assertEquals("C", vars.get("LANG"));
    assertFalse(vars.containsKey("HOME"), vars.toString());
    // what the shell sets itself is all that may be there besides
    Set<String> leaked = System.getenv().keySet().stream().filter(vars::containsKey)
        .filter(name -> !Set.of("PATH", "LANG", "PWD", "SHLVL", "_").contains(name)).collect(Collectors.toSet());
    assertEquals(Set.of(), leaked);
  }

  @Test
  void aGroupWithoutFactsGetsTheEventsVariablesOnly() throws IOException {
    String env = script("env.sh", "env > %1$s/env.tmp && mv %1$s/env.tmp %1$s/env\n".formatted(dir));
    NotifyHook hook = NotifyHook.builder().fault(env).build();

    hook.onRoleChange(change("db", Role.FAULT, RoleChange.Cause.CHECK_FAILED, 100));

    awaitLines("env", 1);
    Set<String> names = lines("env").stream().filter(l -> l.startsWith("FAILOVER4J_"))
        .map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toSet());
    assertEquals(Set.of("FAILOVER4J_GROUP", "FAILOVER4J_STATE", "FAILOVER4J_PRIORITY"), names);
  }

  @Test
  void aGroupsNameReachesTheScriptAsOneArgumentUnexpanded() throws IOException {
    String args = script("args.sh", "{ printf '%%s|' \"$@\"; echo; } > %1$s/calls.tmp && mv %1$s/calls.tmp %1$s/calls\n"
        .formatted(dir));
    NotifyHook hook = NotifyHook.builder().backup(args).build();

    hook.onRoleChange(change("it's $HOME; `id`", Role.BACKUP, RoleChange.Cause.STARTED, 100));

    awaitLines("calls", 1);
    assertEquals(List.of("INSTANCE|it's $HOME; `id`|BACKUP|100|"), lines("calls"));
  }

  @Test
  void aScriptPastItsTimeoutIsStoppedWithItsChildrenAndTheNextRuns() throws IOException {
    String slow = script("slow.sh", """
        echo $$ > %1$s/slow.pid
        sleep 60 &
        echo $! > %1$s/child.pid
        wait
        """.formatted(dir));
    String record = script("record.sh", "echo \"$@\" >> %s/calls\n".formatted(dir));
    NotifyHook hook = NotifyHook.builder().master(slow).backup(record).timeout(Duration.ofSeconds(1)).build();

    hook.onRoleChange(change("web", Role.MASTER, RoleChange.Cause.MASTER_DOWN, 150));
    hook.onRoleChange(change("web", Role.BACKUP, RoleChange.Cause.HIGHER_PRIORITY, 150));

    awaitLines("calls", 1);
    assertEquals(List.of("INSTANCE web BACKUP 150"), lines("calls"));
    long script = Long.parseLong(lines("slow.pid").get(0));
    long child = Long.parseLong(lines("child.pid").get(0));
    eventually(DEADLINE, () -> !running(script) && !running(child), () -> "still running: " + script + ", " + child);
    eventually(DEADLINE, () -> log().contains("[web] notify master (web MASTER priority 150): stopped at its timeout"
        + " of 1000 ms"), this::log);
  }

  @Test
  void aFailingScriptIsLoggedAndTheNextStillRuns() throws IOException {
    String failing = script("fail.sh", "echo disk on fire\nexit 3\n");
    String record = script("record.sh", "echo \"$@\" >> %s/calls\n".formatted(dir));
    NotifyHook hook = NotifyHook.builder().fault(failing).backup(record).build();

    hook.onRoleChange(change("web", Role.FAULT, RoleChange.Cause.INTERFACE_DOWN, 100));
    hook.onRoleChange(change("web", Role.BACKUP, RoleChange.Cause.RECOVERED, 100));

    awaitLines("calls", 1);
    assertEquals(List.of("INSTANCE web BACKUP 100"), lines("calls"));
    eventually(DEADLINE, () -> log().contains("INFO io.github.failover4j.notify - [web] notify fault: disk on fire")
        && log().contains("WARN io.github.failover4j.notify - [web] notify fault (web FAULT priority 100): exit 3"),
        this::log);
  }

  @Test
  void closingNotifiesStopAndTheStateScriptRunsBeforeAny() throws Exception {
    String stop = script("stop.sh", "echo stop \"$@\" >> %s/calls\n".formatted(dir));
    String any = script("any.sh", "echo any \"$@\" >> %s/calls\n".formatted(dir));
    NotifyHook hook = NotifyHook.builder().stop(stop).any(any).build();

    hook.onRoleChange(change("web", Role.MASTER, RoleChange.Cause.MASTER_DOWN, 150));
    assertFalse(hook.awaitStopped(Duration.ofMillis(1)), "not closed yet");
    // INITIALIZE other than by closing (waiting for a check's first result) is not notified
    hook.onRoleChange(change("web", Role.INITIALIZE, RoleChange.Cause.CHECK_FAILED, 150));
    hook.onRoleChange(change("web", Role.INITIALIZE, RoleChange.Cause.CLOSED, 0));

    assertTrue(hook.awaitStopped(DEADLINE));
    assertEquals(List.of("any INSTANCE web MASTER 150", "stop INSTANCE web STOP 0", "any INSTANCE web STOP 0"),
        lines("calls"));
  }

  @Test
  void everyProblemIsListedAtOnce() throws IOException {
    String unsafe = script("unsafe.sh", "true\n");
    Files.setPosixFilePermissions(Path.of(unsafe), PosixFilePermissions.fromString("rwxrwxrwx"));
    GroupFacts web = new GroupFacts("web", 51, "eth0", List.of(VirtualIp.parse("192.0.2.10/24")));

    ConfigurationException e = assertThrows(ConfigurationException.class, () -> NotifyHook.builder()
        .master(unsafe).backup(dir + "/missing.sh").fault("./relative.sh").timeout(Duration.ZERO)
        .timeout(Duration.ofSeconds(1)).environment(web).environment(web).build());

    assertEquals(List.of(
        "timeout: set twice (expected: once)",
        "environment: group web given twice (expected: once per group)",
        "master: " + unsafe + " is writable by others: chmod o-w " + unsafe,
        "backup: " + dir + "/missing.sh not found",
        "fault: \"./relative.sh\" is a relative path (expected: an absolute path, or a command in PATH)"),
        e.problems());
    assertEquals(List.of("scripts: none (expected: any, master, backup, fault or stop)",
        "timeout: PT0S (expected: more than 0)"),
        assertThrows(ConfigurationException.class, () -> NotifyHook.builder().timeout(Duration.ZERO).build())
            .problems());
  }

  @Test
  void anUnknownUserIsNamedOnce() throws IOException {
    String record = script("record.sh", "true\n");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> NotifyHook.builder()
        .master(record).backup(record).user("no-such-user-f4j").build());
    assertEquals(List.of("user: \"no-such-user-f4j\" not found (expected: a user known to this host)"), e.problems());
  }

  @Test
  void itsDescriptionNamesTheScriptsNotTheirCommands() throws IOException {
    String record = script("record.sh", "true\n");
    NotifyHook hook = NotifyHook.builder().backup(record).any(record + " --token s3cret").build();
    assertEquals("notify (backup, any; timeout 30000 ms)", hook.toString());
  }

  @Test
  void aSyncGroupIsNotifiedAsAWholeWithGroupAndNoPriority() throws IOException {
    String record = script("group.sh", "echo \"$@ $FAILOVER4J_SYNC_GROUP $FAILOVER4J_PRIORITY\" >> " + dir + "/calls\n");
    SyncGroupNotifier edge = new SyncGroupNotifier("edge", List.of("web", "pub"),
        NotifyHook.builder().any(record).build());
    edge.onRoleChange(change("web", Role.BACKUP, RoleChange.Cause.STARTED, 100));
    edge.onRoleChange(change("other", Role.MASTER, RoleChange.Cause.MASTER_DOWN, 100)); // not a member
    edge.onRoleChange(change("pub", Role.BACKUP, RoleChange.Cause.STARTED, 100)); // all started: BACKUP
    edge.onRoleChange(change("web", Role.MASTER, RoleChange.Cause.MASTER_DOWN, 100));
    edge.onRoleChange(change("pub", Role.MASTER, RoleChange.Cause.SYNC_GROUP, 100)); // all MASTER
    edge.onRoleChange(change("web", Role.FAULT, RoleChange.Cause.CHECK_FAILED, 100)); // one FAULT
    edge.onRoleChange(change("pub", Role.FAULT, RoleChange.Cause.SYNC_GROUP, 100)); // still FAULT: once
    edge.onRoleChange(change("web", Role.INITIALIZE, RoleChange.Cause.CLOSED, 100));
    edge.onRoleChange(change("pub", Role.INITIALIZE, RoleChange.Cause.CLOSED, 100)); // all closed
    awaitLines("calls", 4);
    // the trailing space: FAILOVER4J_PRIORITY is not set for a sync group
    assertEquals(List.of("GROUP edge BACKUP edge ", "GROUP edge MASTER edge ", "GROUP edge FAULT edge ",
        "GROUP edge STOP edge "), lines("calls"));
  }

  private static RoleChange change(String group, Role to, RoleChange.Cause cause, int priority) {
    return new RoleChange(group, Role.BACKUP, to, cause, "test", priority, Instant.now());
  }

  private String script(String name, String body) throws IOException {
    Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file.toString();
  }

  private void awaitLines(String file, int count) {
    eventually(DEADLINE, () -> lines(file).size() >= count, () -> file + ": " + lines(file) + "\n" + log());
  }

  private List<String> lines(String file) {
    try {
      return Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }

  private String log() {
    return log.toString(StandardCharsets.UTF_8);
  }

  /** Alive and not a zombie: an orphan's zombie may linger where nothing reaps it. */
  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }
}

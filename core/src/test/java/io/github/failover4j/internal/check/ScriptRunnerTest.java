package io.github.failover4j.internal.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ScriptRunnerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final ScriptRunner runner = new ScriptRunner(Optional.empty(), lines::add, Duration.ofMillis(300));

  private String nextLine() throws InterruptedException {
    String line = lines.poll(5, TimeUnit.SECONDS);
    assertNotNull(line, "no output line within 5 s");
    return line;
  }

  @Test
  void returnsTheExitCode() throws Exception {
    assertEquals(0, runner.run("true", Map.of(), TIMEOUT));
    assertEquals(3, runner.run("exit 3", Map.of(), TIMEOUT));
    assertEquals(127, runner.run("no-such-command-f4j", Map.of(), TIMEOUT));
  }

  @Test
  void deliversStdoutAndStderrLineByLine() throws Exception {
    assertEquals(0, runner.run("echo one; echo two >&2; printf 'three\\r\\nfour'", Map.of(), TIMEOUT));
    assertEquals(List.of("one", "two", "three", "four"), List.of(nextLine(), nextLine(), nextLine(), nextLine()));
  }

  @Test
  void runsInItsOwnSessionFromTheRootDirectoryWithoutInput() throws Exception {
    // fields 5 and 6 of /proc/PID/stat: process group and session
    runner.run("echo \"$(pwd) $(cat | wc -c)\"; cut -d' ' -f5,6 /proc/$$/stat; echo $$", Map.of(), TIMEOUT);
    assertEquals("/ 0", nextLine());
    String groupAndSession = nextLine();
    String shell = nextLine();
    assertEquals(shell + " " + shell, groupAndSession, "the shell leads its process group and session");
  }

  @Test
  void theEnvironmentHoldsOnlyPathLangAndTheGivenVariables() throws Exception {
    Set<String> inherited = new HashSet<>(System.getenv().keySet());
    inherited.removeAll(Set.of("PATH", "LANG", "PWD", "SHLVL", "_", "OLDPWD"));
    Assumptions.assumeFalse(inherited.isEmpty(), "this JVM's environment has nothing else to leak");

    assertEquals(0, runner.run("/usr/bin/env; echo end", Map.of("VRRP_STATE", "MASTER"), TIMEOUT));
    Set<String> seen = new HashSet<>();
    for (String line = nextLine(); !line.equals("end"); line = nextLine()) {
      seen.add(line);
    }
    assertTrue(seen.contains("PATH=" + ScriptRunner.PATH), seen.toString());
    assertTrue(seen.contains("LANG=C"), seen.toString());
    assertTrue(seen.contains("VRRP_STATE=MASTER"), seen.toString());
    for (String line : seen) {
      String name = line.substring(0, Math.max(0, line.indexOf('=')));
      assertTrue(!inherited.contains(name), name + " leaked from this JVM into the script");
    }
  }

  @Test
  void aTimeoutStopsTheWholeProcessGroup() throws Exception {
    // a child, a subshell and its own child (a grandchild, reparented when the subshell dies), the shell
    String script = "sleep 100 & echo $!; (sleep 100 & echo $!; wait) & echo $!; echo $$; wait";
    long start = System.nanoTime();
    TimeoutException e =
        assertThrows(TimeoutException.class, () -> runner.run(script, Map.of(), Duration.ofMillis(500)));
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "returned near the timeout");
    assertTrue(e.getMessage().contains("SIGTERM"), e.getMessage());
    assertAllGone(List.of(nextLine(), nextLine(), nextLine(), nextLine()));
  }

  @Test
  void childrenThatIgnoreSigtermGetSigkill() throws Exception {
    // ignored signals stay ignored across exec: the background sleep ignores SIGTERM too
    String script = "trap '' TERM; sleep 100 & echo $!; echo $$; wait";
    assertThrows(TimeoutException.class, () -> runner.run(script, Map.of(), Duration.ofMillis(300)));
    assertAllGone(List.of(nextLine(), nextLine()));
  }

  @Test
  void anInterruptStopsTheWholeProcessGroupAtOnce() throws Exception {
    FutureTask<Integer> run = new FutureTask<>(() -> runner.run("sleep 100 & echo $!; wait", Map.of(), TIMEOUT));
    Thread thread = new Thread(run);
    thread.start();
    String child = nextLine(); // the script is running
    thread.interrupt();
    ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(2, TimeUnit.SECONDS));
    assertInstanceOf(InterruptedException.class, e.getCause());
    assertAllGone(List.of(child));
  }

  @Test
  void anUnknownUserCannotStart() {
    ScriptRunner stranger = new ScriptRunner(Optional.of("no-such-user-f4j"), lines::add);
    IOException e = assertThrows(IOException.class, () -> stranger.run("true", Map.of(), TIMEOUT));
    assertTrue(e.getMessage().contains("no-such-user-f4j"), e.getMessage());
  }

  @Test
  void runsAsTheGivenUser() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "running as another user needs root");
    Accounts.Account nobody = Accounts.lookup("nobody").orElse(null);
    Assumptions.assumeTrue(nobody != null, "no user nobody here");
    ScriptRunner asNobody = new ScriptRunner(Optional.of("nobody"), lines::add);
    assertEquals(0, asNobody.run("id -u; id -g", Map.of(), TIMEOUT));
    assertEquals(String.valueOf(nobody.uid()), nextLine());
    assertEquals(String.valueOf(nobody.gid()), nextLine());
  }

  /** Waits (up to 5 s) until every pid has ended: gone, or a zombie its new parent has not reaped. */
  private static void assertAllGone(List<String> pids) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    List<String> alive = new ArrayList<>(pids);
    while (!alive.isEmpty()) {
      alive.removeIf(ScriptRunnerTest::ended);
      if (alive.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        fail("still running 5 s after the stop: " + alive);
      }
      Thread.sleep(20); // polls a condition; no result depends on this pause
    }
  }

  private static boolean ended(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid.strip(), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'Z' || state == 'X';
    } catch (NoSuchFileException e) {
      return true;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}

package io.github.failover4j.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.Announcements;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.internal.IpMovers;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.MoverContext;
import io.github.failover4j.spi.VirtualAddresses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecIpMoverTest {
  private static final Duration OPERATION = Duration.ofSeconds(30);
  private static final long BOUND_SECONDS = 10;
  private static final String TOKEN = "tok-5f2a9c-never-shown";
  private static final VirtualAddresses TARGET = new VirtualAddresses("web", 51, "eth0", Optional.empty(),
      List.of(VirtualIp.parse("192.0.2.10/24"), VirtualIp.parse("2001:db8::10/64")), Announcements.DEFAULT, false);

  @TempDir
  Path dir;

  private static IpMover mover(Map<String, String> settings) {
    MoverConfig config = MoverConfig.of(settings);
    return new ExecIpMoverProvider().create(new MoverContext() {
      @Override
      public VirtualAddresses target() {
        return TARGET;
      }

      @Override
      public MoverConfig config() {
        return config;
      }

      @Override
      public void schedule(Duration delay, Runnable task) {
        throw new UnsupportedOperationException("the exec mover schedules nothing");
      }
    });
  }

  /** A mover whose observe is {@code echo nobody}, with the given claim and more settings. */
  private static IpMover claiming(String claim, String... more) {
    Map<String, String> settings = new HashMap<>(Map.of("claim", claim, "observe", "echo nobody"));
    for (int i = 0; i < more.length; i += 2) {
      settings.put(more[i], more[i + 1]);
    }
    return mover(settings);
  }

  private static TestCall call() {
    return new TestCall(OPERATION);
  }

  private Path script(String name, String body) throws IOException {
    Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  private Path tokenFile() throws IOException {
    Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  @Test
  void theProviderIsFoundByName() {
    assertEquals(ExecIpMoverProvider.class, IpMovers.byName("exec").getClass());
  }

  @Test
  void claimObserveAndReleaseMoveTheHolderInTheCloud() throws Exception {
    // the "cloud": a file naming the holder, empty for nobody
    Path cloud = Files.writeString(dir.resolve("holder"), "node-b\n");
    IpMover mover = mover(Map.of(
        "observe", script("observe.sh", """
            h=$(cat "$CLOUD")
            if [ -z "$h" ]; then echo nobody; elif [ "$h" = "$FAILOVER4J_SELF" ]; then echo self; else echo "other $h"; fi
            """).toString(),
        "claim", script("claim.sh", "echo \"$FAILOVER4J_SELF\" > \"$CLOUD\"").toString(),
        "release", script("release.sh", "[ \"$(cat \"$CLOUD\")\" != \"$FAILOVER4J_SELF\" ] || : > \"$CLOUD\"").toString(),
        "self", "node-a",
        "environment.CLOUD", cloud.toString()));

    Holder before = mover.observe(call());
    assertEquals(Holder.other("node-b"), before);
    mover.claim(call(), before);
    assertEquals("node-a", Files.readString(cloud).strip());
    assertEquals(Holder.self(), mover.observe(call()));
    mover.release(call());
    assertEquals("", Files.readString(cloud).strip());
    assertEquals(Holder.nobody(), mover.observe(call()));
  }

  @Test
  void observeAnswersOnItsFirstLine() throws Exception {
    assertEquals(Holder.self(), mover(Map.of("claim", "true", "observe", "echo self; echo ignored")).observe(call()));
    assertEquals(Holder.nobody(), mover(Map.of("claim", "true", "observe", "echo '  nobody '")).observe(call()));
    assertEquals(Holder.other("server 42"),
        mover(Map.of("claim", "true", "observe", "echo 'other server 42'")).observe(call()));
    assertEquals(Holder.unknown("no read access"),
        mover(Map.of("claim", "true", "observe", "echo 'unknown no read access'")).observe(call()));
    assertEquals(Holder.State.UNKNOWN, mover(Map.of("claim", "true", "observe", "echo unknown")).observe(call()).state());
  }

  @Test
  void onlyTheProtocolsAnswersAreAnswers() {
    for (String line : List.of("", "SELF", "self now", "nobody yet", "other", "other ", "maybe")) {
      assertEquals(Optional.empty(), ExecIpMover.answer(line), line);
    }
  }

  @Test
  void anyOtherAnswerIsRetryableAndQuotesAtMost200Characters() {
    IpMover mover = mover(Map.of("claim", "true", "observe", "printf 'x%.0s' $(seq 1 500); echo"));
    IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(call()));
    assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
    assertEquals("exec observe: answered \"" + "x".repeat(200) + "...\" (expected: a first line self, nobody,"
        + " other NODE or unknown WHY)", e.getMessage());
    IpMoverException silent = assertThrows(IpMoverException.class,
        () -> mover(Map.of("claim", "true", "observe", "true")).observe(call()));
    assertTrue(silent.getMessage().startsWith("exec observe: answered no output"), silent.getMessage());
  }

  @Test
  void exitCodesAreClassified() {
    Map<String, IpMoverException.Kind> kinds = Map.of(
        "exit 75", IpMoverException.Kind.RETRYABLE,
        "exit 1", IpMoverException.Kind.RETRYABLE,
        "exit 77", IpMoverException.Kind.PERMANENT,
        "exit 78", IpMoverException.Kind.PERMANENT);
    kinds.forEach((command, kind) -> {
      IpMoverException e = assertThrows(IpMoverException.class,
          () -> claiming("echo refused; " + command, "self", "node-a").claim(call(), Holder.nobody()));
      assertEquals(kind, e.kind(), command);
      assertTrue(e.getMessage().startsWith("exec claim on node-a: " + command),
          e.getMessage());
      assertTrue(e.getMessage().endsWith(": \"refused\""), e.getMessage());
      assertEquals(Optional.empty(), e.retryAfter());
    });
    assertEquals("exec claim: exit 77 (EX_NOPERM): \"refused\"", assertThrows(IpMoverException.class,
        () -> claiming("echo refused; exit 77").claim(call(), Holder.nobody())).getMessage());
  }

  @Test
  void aRetryAfterLineSetsTheWait() {
    IpMoverException e = assertThrows(IpMoverException.class,
        () -> claiming("echo 'HTTP 429'; echo 'retry-after 30'; exit 75").claim(call(), Holder.nobody()));
    assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
    assertEquals(Optional.of(Duration.ofSeconds(30)), e.retryAfter());
  }

  @Test
  void commandsSeeTheirVariablesAndNothingOfThisProcess() throws Exception {
    Path seen = dir.resolve("env");
    IpMover mover = claiming("/usr/bin/env > " + seen,
        "self", "node-a", "environment.REGION", "fsn1", "secretFile.TOKEN", tokenFile().toString());
    mover.claim(call(), Holder.other("node-b"));
    Set<String> variables = Files.readAllLines(seen).stream()
        .filter(line -> !line.matches("(PWD|OLDPWD|SHLVL|_)=.*")) // set by the shell itself
        .collect(Collectors.toSet());
    assertEquals(Set.of(
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG=C",
        "FAILOVER4J_GROUP=web",
        "FAILOVER4J_VRID=51",
        "FAILOVER4J_INTERFACE=eth0",
        "FAILOVER4J_VIRTUAL_IPS=192.0.2.10/24 2001:db8:0:0:0:0:0:10/64",
        "FAILOVER4J_OPERATION=claim",
        "FAILOVER4J_SELF=node-a",
        "FAILOVER4J_HOLDER=other",
        "FAILOVER4J_HOLDER_NODE=node-b",
        "REGION=fsn1",
        "TOKEN=" + TOKEN), variables);
  }

  @Test
  void aLeaseHoldersCommandsSeeTheTermsFencingToken() throws Exception {
    Path seen = dir.resolve("token");
    IpMover mover = claiming("echo \"$FAILOVER4J_FENCING_TOKEN\" > " + seen);
    mover.claim(new TestCall(OPERATION, OptionalLong.of(1234)), Holder.nobody());
    assertEquals(List.of("1234"), Files.readAllLines(seen));
    mover.claim(call(), Holder.nobody());
    assertEquals(List.of(""), Files.readAllLines(seen), "a VRRP group's claim: no token");
  }

  @Test
  void noSecretShowsInMessagesOrAnswers() throws Exception {
    String tokenFile = tokenFile().toString();
    IpMover refusing = claiming("echo \"token $TOKEN refused\"; exit 77", "secretFile.TOKEN", tokenFile);
    IpMoverException e = assertThrows(IpMoverException.class, () -> refusing.claim(call(), Holder.nobody()));
    assertEquals("exec claim: exit 77 (EX_NOPERM): \"token **** refused\"", e.getMessage());
    IpMover echoing = mover(Map.of("claim", "true", "observe", "echo \"other $TOKEN\"", "secretFile.TOKEN", tokenFile));
    assertEquals(Holder.other("****"), echoing.observe(call()));
    assertFalse(echoing.toString().contains(TOKEN), echoing.toString());
  }

  @Test
  void aCommandStillRunningAtItsTimeoutIsStoppedAndRetryable() {
    IpMover mover = claiming("sleep 30", "timeout", "300ms");
    IpMoverException e = assertThrows(IpMoverException.class, () -> mover.claim(call(), Holder.nobody()));
    assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
    assertEquals("exec claim: still running after 300 ms, its process group was stopped (no output)", e.getMessage());
  }

  @Test
  void theOperationsDeadlineCutsTheTimeoutShortAndCancels() {
    IpMover mover = claiming("sleep 30");
    IpMoverException e = assertThrows(IpMoverException.class,
        () -> mover.claim(new TestCall(Duration.ofMillis(300)), Holder.nobody()));
    assertEquals(IpMoverException.Kind.CANCELLED, e.kind());
    assertTrue(e.getMessage().endsWith(": the operation's deadline passed"), e.getMessage());
  }

  @Test
  void cancellingStopsTheWholeProcessGroupAndLeavesNoInterrupt() throws Exception {
    // a background child holds a FIFO open for writing: the test's open returns once it runs, and
    // its read ends when the child is gone (a dead process's files are closed, reaped or not)
    Path fifo = dir.resolve("held");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    IpMover mover = claiming("sleep 600 > " + fifo + " & wait");
    TestCall call = call();
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try {
        mover.claim(call, Holder.nobody());
        outcome.complete("returned normally");
      } catch (IpMoverException e) {
        outcome.complete(List.of(e, Thread.currentThread().isInterrupted()));
      }
    });
    worker.setDaemon(true);
    worker.start();
    try (InputStream held = CompletableFuture.supplyAsync(() -> {
      try {
        return Files.newInputStream(fifo);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).get(BOUND_SECONDS, TimeUnit.SECONDS)) {
      call.cancel();
      Object result = outcome.get(BOUND_SECONDS, TimeUnit.SECONDS);
      assertTrue(result instanceof List<?>, result.toString());
      IpMoverException e = (IpMoverException) ((List<?>) result).get(0);
      assertEquals(IpMoverException.Kind.CANCELLED, e.kind());
      assertEquals("exec claim: cancelled; its process group was stopped", e.getMessage());
      assertEquals(false, ((List<?>) result).get(1), "the mover thread's interrupt flag after the cancel");
      assertEquals(-1, CompletableFuture.supplyAsync(() -> {
        try {
          return held.read();
        } catch (IOException x) {
          throw new UncheckedIOException(x);
        }
      }).get(BOUND_SECONDS, TimeUnit.SECONDS), "the background child's end of the FIFO");
    }
  }

  @Test
  void aCallCancelledBeforeTheStartRunsNothing() {
    Path ran = dir.resolve("ran");
    TestCall call = call();
    call.cancel();
    IpMoverException e = assertThrows(IpMoverException.class,
        () -> claiming("touch " + ran).claim(call, Holder.nobody()));
    assertEquals(IpMoverException.Kind.CANCELLED, e.kind());
    assertFalse(Files.exists(ran));
  }

  @Test
  void aCompletedRunLeavesTheThreadUninterrupted() throws Exception {
    claiming("true").claim(call(), Holder.nobody());
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void withoutAReleaseCommandReleaseDoesNothing() throws Exception {
    claiming("exit 1").release(call());
  }
}

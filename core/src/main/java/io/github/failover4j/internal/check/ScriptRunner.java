package io.github.failover4j.internal.check;

import io.github.failover4j.internal.Threads;
import io.github.failover4j.linux.ProcessGroups;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command line as keepalived runs a {@code vrrp_script} or a notify script:
 * {@code /usr/bin/setsid /bin/sh -c COMMAND}, in a session and process group of its own, from
 * {@code /}, with stdin from {@code /dev/null} and stdout and stderr merged and handed over line by
 * line. The environment is cleared: the script sees only {@code PATH} ({@value #PATH}),
 * {@code LANG=C} and the variables given to {@link #run}, never this process's (which may hold
 * credentials). As another user it runs through
 * {@code setpriv --reuid=UID --regid=GID --init-groups}, which needs root.
 *
 * <p>When the timeout passes or the calling thread is interrupted, the whole process group (the
 * shell and every child it started, also those in the background) gets SIGTERM, and SIGKILL 2
 * seconds later if any of it is still there; the caller does not wait for that. The group's id is
 * the shell's pid: the JVM's child is never a group leader, so {@code setsid} makes the new session
 * in place, without forking.
 *
 * <p>Thread-safe: runs may overlap (each has its own process).
 */
public final class ScriptRunner {
  /** The {@code PATH} of every script. */
  public static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  static final int KILL_AFTER_SECONDS = 2;
  private static final Logger LOG = LoggerFactory.getLogger("io.github.failover4j.check");
  // after the shell exits, how long its last output may take to arrive (a background child may
  // keep the pipe open for much longer: its lines are still delivered, but not waited for)
  private static final long OUTPUT_GRACE_MILLIS = 200;
  private static final String SETSID = "/usr/bin/setsid";
  private static final String SETPRIV = "/usr/bin/setpriv";
  private static final String SHELL = "/bin/sh";

  private final Optional<String> user;
  private final Consumer<String> output;
  private final Duration killAfter;
  private volatile List<String> runAs;

  /**
   * Creates a runner.
   *
   * @param user the user to run as (this process needs root), or empty for this process's
   * @param output receives each line the scripts write, on a thread of their own
   */
  public ScriptRunner(Optional<String> user, Consumer<String> output) {
    this(user, output, Duration.ofSeconds(KILL_AFTER_SECONDS));
  }

  ScriptRunner(Optional<String> user, Consumer<String> output, Duration killAfter) {
    this.user = Objects.requireNonNull(user, "user");
    this.output = Objects.requireNonNull(output, "output");
    this.killAfter = killAfter;
  }

  /**
   * Runs a command and waits for its exit.
   *
   * @param command the command line for {@code /bin/sh -c}
   * @param env variables besides {@code PATH} and {@code LANG} (they may also replace those two)
   * @param timeout how long it may run
   * @return its exit code; 128 + N if signal N ended it
   * @throws TimeoutException if it was still running at the timeout (its process group is stopped)
   * @throws InterruptedException if the calling thread was interrupted (its process group is stopped)
   * @throws IOException if it could not be started (e.g. the user does not exist)
   */
  public int run(String command, Map<String, String> env, Duration timeout)
      throws IOException, TimeoutException, InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("script not started: interrupted");
    }
    ProcessBuilder builder = new ProcessBuilder(commandLine(command))
        .directory(new File("/"))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.clear();
    environment.put("PATH", PATH);
    environment.put("LANG", "C");
    environment.putAll(env);
    Process process = builder.start();
    Thread pump = LinePump.start(process.getInputStream(), output);
    boolean exited;
    try {
      exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      stop(process);
      throw e;
    }
    if (!exited) {
      stop(process);
      throw new TimeoutException("script still running after " + timeout.toMillis() + " ms: its process group was"
          + " sent SIGTERM");
    }
    try {
      pump.join(OUTPUT_GRACE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the script is over: report its exit, and leave the flag to the caller
    }
    return process.exitValue();
  }

  private List<String> commandLine(String command) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(SETSID);
    argv.addAll(runAs());
    argv.add(SHELL);
    argv.add("-c");
    argv.add(command);
    return argv;
  }

  /** setpriv's arguments for the user, looked up once (a failed lookup is tried again next run). */
  private List<String> runAs() throws IOException {
    List<String> args = runAs;
    if (args == null) {
      if (user.isEmpty()) {
        args = List.of();
      } else {
        Accounts.Account account = Accounts.lookup(user.get())
            .orElseThrow(() -> new IOException("script user \"" + user.get() + "\" not found"));
        args = List.of(SETPRIV, "--reuid=" + account.uid(), "--regid=" + account.gid(), "--init-groups");
      }
      runAs = args;
    }
    return args;
  }

  /** SIGTERM to the group now, SIGKILL later if any of it is left; returns at once. */
  private void stop(Process process) {
    long group = process.pid();
    signal(process, group, ProcessGroups.SIGTERM);
    // setsid makes the group right after the fork: a script stopped within that instant is the
    // shell alone, not yet a group
    process.destroy();
    Threads.schedule(killAfter, () -> {
      // the group id cannot be reused while any member lives, so only an empty group could be
      // mistaken for a new one, and that is what the PROBE rules out (a tiny race is left)
      if (signal(process, group, ProcessGroups.PROBE)) {
        signal(process, group, ProcessGroups.SIGKILL);
      }
      process.destroyForcibly();
    });
  }

  private static boolean signal(Process process, long group, int signal) {
    try {
      return ProcessGroups.signal(group, signal);
    } catch (IOException | RuntimeException | LinkageError e) {
      // no native access (or EPERM): reach what is still a descendant, at least
      LOG.warn("cannot signal the process group of a script ({}): signalling its descendants only", e.toString());
      if (signal != ProcessGroups.PROBE) {
        process.descendants().forEach(signal == ProcessGroups.SIGKILL ? ProcessHandle::destroyForcibly
            : ProcessHandle::destroy);
      }
      return false;
    }
  }
}

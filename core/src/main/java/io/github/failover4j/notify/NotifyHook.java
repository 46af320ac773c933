package io.github.failover4j.notify;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.FailoverListener;
import io.github.failover4j.RoleChange;
import io.github.failover4j.internal.check.ScriptRunner;
import io.github.failover4j.internal.check.ScriptSecurity;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs notify scripts on role changes, as keepalived's {@code notify}, {@code notify_master},
 * {@code notify_backup}, {@code notify_fault} and {@code notify_stop}.
 *
 * <pre>{@code
 * NotifyHook hook = NotifyHook.builder()
 *     .any("/etc/failover4j/notify.sh")
 *     .master("/etc/failover4j/to-master.sh")
 *     .environment(new GroupFacts("web", 51, "eth0", List.of(VirtualIp.parse("192.0.2.10/24"))))
 *     .build();
 * web.addListener(hook, Runnable::run); // it only queues: the scripts run on threads of their own
 * }</pre>
 *
 * <p><b>Arguments.</b> keepalived's four, appended to the configured command line: {@code $1}
 * {@code INSTANCE}, {@code $2} the group's name, {@code $3} {@code MASTER}, {@code BACKUP},
 * {@code FAULT} or {@code STOP} (the group was closed), {@code $4} the priority it advertises now.
 * The per-state scripts get them too (keepalived gives them to {@code notify} only; a script that
 * ignores them works either way). A sync group's own scripts, run through a
 * {@link SyncGroupNotifier}, get keepalived's {@code GROUP}, the sync group's name and its state, and
 * {@code FAILOVER4J_SYNC_GROUP} and {@code FAILOVER4J_STATE} in their environment. A change to
 * INITIALIZE other than by closing (a group waiting for its checks' first result) is not notified,
 * as in keepalived.
 *
 * <p><b>Order.</b> A group's notifications run one at a time, in the order of its role changes, the
 * state's own script before {@code any} (keepalived's order). keepalived runs them concurrently, so
 * that a slow script of one change may finish after the scripts of the next; here a script sees the
 * changes in order. Different groups do not wait for each other.
 *
 * <p><b>Timeout.</b> A script still running after the timeout ({@value #DEFAULT_TIMEOUT_SECONDS} s
 * unless set) is stopped with its whole process group (SIGTERM, then SIGKILL) and logged at WARN,
 * and the next notification runs. The timeout bounds how late a hung script can make the next
 * notification; a script that must take long should start its work in the background.
 *
 * <p><b>Environment.</b> Only {@code PATH}, {@code LANG=C} and {@code FAILOVER4J_GROUP},
 * {@code FAILOVER4J_STATE}, {@code FAILOVER4J_PRIORITY} (as {@code $2} to {@code $4}), and, for a
 * group the hook was given {@link GroupFacts} of, {@code FAILOVER4J_VRID},
 * {@code FAILOVER4J_INTERFACE} and {@code FAILOVER4J_VIRTUAL_IPS} ({@code ADDRESS/PREFIX}, separated
 * by spaces). No variable of this process reaches a script, and no secret (VRRP password, IP mover
 * credentials) is ever in its environment or arguments. Scripts run from {@code /} with stdin from
 * {@code /dev/null}, as this process's user or the {@linkplain Builder#user user} set.
 *
 * <p><b>Log.</b> Logger {@code io.github.failover4j.notify}: each line a script writes (stdout and
 * stderr) at INFO, a non-zero exit, a timeout or a script that cannot start at WARN; never the
 * command line.
 *
 * <p>One hook may serve several groups (give it the facts of each); {@link #onRoleChange} only
 * queues, so it may be called on failover4j's event thread. Scripts are checked as health-check
 * scripts are (keepalived's script security) when the hook is built.
 */
public final class NotifyHook implements FailoverListener {
  /** The default timeout of a script, in seconds. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 30;

  private static final Logger LOG = LoggerFactory.getLogger("io.github.failover4j.notify");

  /** A group's state as a notify script's third argument tells it. */
  public enum State {
    /** Became MASTER. */
    MASTER,
    /** Became BACKUP. */
    BACKUP,
    /** Went to FAULT. */
    FAULT,
    /** Was closed (INITIALIZE after close): keepalived's {@code notify_stop}. */
    STOP;

    /** The state notified for a role change, if any. */
    static Optional<State> of(RoleChange change) {
      return switch (change.to()) {
        case MASTER -> Optional.of(MASTER);
        case BACKUP -> Optional.of(BACKUP);
        case FAULT -> Optional.of(FAULT);
        case INITIALIZE -> change.cause() == RoleChange.Cause.CLOSED ? Optional.of(STOP) : Optional.empty();
      };
    }

    /** The option naming its script, as in logs: {@code master}. */
    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<State, String> scripts;
  private final Optional<String> any;
  private final Duration timeout;
  private final Optional<String> user;
  private final Map<String, GroupFacts> facts;
  private final Object lock = new Object();
  private final Map<String, Lane> lanes = new HashMap<>(); // guarded by lock

  private NotifyHook(Builder b) {
    this.scripts = Map.copyOf(b.scripts);
    this.any = Optional.ofNullable(b.any);
    this.timeout = b.timeout;
    this.user = Optional.ofNullable(b.user);
    this.facts = Map.copyOf(b.facts);
  }

  /**
   * Starts describing a hook.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Queues the change's scripts on its group's lane and returns at once.
   *
   * @param change the role change
   */
  @Override
  public void onRoleChange(RoleChange change) {
    State.of(change).ifPresent(state -> {
      queue(Notification.ofGroup(change.group(), state, change.priority()));
    });
  }

  /** Runs a sync group's scripts, in order with its other changes, on a lane of its own. */
  void syncGroupChanged(String syncGroup, State state) {
    queue(Notification.ofSyncGroup(syncGroup, state));
  }

  private void queue(Notification notification) {
    // queued under the lock: two changes of a group queue in the order they were handed in
    synchronized (lock) {
      lanes.computeIfAbsent((notification.syncGroup() ? Notification.GROUP : Notification.INSTANCE) + " "
          + notification.group(), lane -> new Lane(lock)).submit(notification.state(), () -> run(notification));
    }
  }

  /**
   * Waits until every group this hook was notified of has been notified STOP and all its scripts
   * have run: for a process that closes its groups and then exits, so that the stop scripts run
   * before it does. A group whose close has not reached the hook yet is waited for.
   *
   * @param timeout how long at most
   * @return true if all of them are done, false if the time ran out
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!lanes.values().stream().allMatch(Lane::stopped)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /**
   * Returns the script run when a group enters a state.
   *
   * @param state the state
   * @return its command line, if one was set
   */
  public Optional<String> script(State state) {
    return Optional.ofNullable(scripts.get(state));
  }

  /**
   * Returns the script run on every change, after the state's own.
   *
   * @return its command line, if one was set
   */
  public Optional<String> anyScript() {
    return any;
  }

  /**
   * Returns how long a script may run.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns the user the scripts run as.
   *
   * @return the user, or empty for this process's
   */
  public Optional<String> user() {
    return user;
  }

  /** Names the scripts set, never their command lines. */
  @Override
  public String toString() {
    List<String> set = new ArrayList<>();
    scripts.keySet().stream().sorted().map(State::key).forEach(set::add);
    any.ifPresent(a -> set.add("any"));
    return "notify (" + String.join(", ", set) + "; timeout " + timeout.toMillis() + " ms)";
  }

  private void run(Notification notification) {
    script(notification.state()).ifPresent(command -> run(notification, notification.state().key(), command));
    any.ifPresent(command -> run(notification, "any", command));
  }

  private void run(Notification notification, String key, String command) {
    String tag = "[" + notification.group() + "] notify " + key;
    // a runner per run: its output lines then name the script and group they come from
    ScriptRunner runner = new ScriptRunner(user, line -> LOG.info("{}: {}", tag, line));
    long started = System.nanoTime();
    try {
      int exit = runner.run(notification.commandLine(command),
          notification.environment(Optional.ofNullable(facts.get(notification.group()))), timeout);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      if (exit == 0) {
        LOG.debug("{} ({}): exit 0 after {} ms", tag, notification, millis);
      } else {
        LOG.warn("{} ({}): exit {} after {} ms", tag, notification, exit, millis);
      }
    } catch (TimeoutException e) {
      LOG.warn("{} ({}): stopped at its timeout of {} ms", tag, notification, timeout.toMillis());
    } catch (IOException e) {
      LOG.warn("{} ({}): cannot run: {}", tag, notification, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("{} ({}): interrupted, stopped", tag, notification);
    }
  }

  /** Collects a hook's options; {@link #build()} checks them all at once. Each is set once. */
  public static final class Builder {
    private static final String SCRIPT = "script: ";
    private static final String USER_PROBLEM = SCRIPT + "user ";

    private final List<String> problems = new ArrayList<>();
    private final Set<String> set = new HashSet<>();
    private final Map<State, String> scripts = new EnumMap<>(State.class);
    private final Map<String, GroupFacts> facts = new LinkedHashMap<>();
    private String any;
    private Duration timeout = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
    private String user;

    private Builder() {}

    private void once(String option) {
      if (!set.add(option)) {
        problems.add(option + ": set twice (expected: once)");
      }
    }

    private Builder script(State state, String command) {
      once(state.key());
      scripts.put(state, command);
      return this;
    }

    /**
     * Sets the script run on every change (keepalived's {@code notify}), after the state's own.
     *
     * @param command a command line for {@code /bin/sh -c}; the four arguments are appended
     * @return this builder
     */
    public Builder any(String command) {
      once("any");
      any = command;
      return this;
    }

    /**
     * Sets the script run on becoming MASTER ({@code notify_master}).
     *
     * @param command a command line for {@code /bin/sh -c}; the four arguments are appended
     * @return this builder
     */
    public Builder master(String command) {
      return script(State.MASTER, command);
    }

    /**
     * Sets the script run on becoming BACKUP ({@code notify_backup}).
     *
     * @param command a command line for {@code /bin/sh -c}; the four arguments are appended
     * @return this builder
     */
    public Builder backup(String command) {
      return script(State.BACKUP, command);
    }

    /**
     * Sets the script run on going to FAULT ({@code notify_fault}).
     *
     * @param command a command line for {@code /bin/sh -c}; the four arguments are appended
     * @return this builder
     */
    public Builder fault(String command) {
      return script(State.FAULT, command);
    }

    /**
     * Sets the script run when the group is closed ({@code notify_stop}).
     *
     * @param command a command line for {@code /bin/sh -c}; the four arguments are appended
     * @return this builder
     */
    public Builder stop(String command) {
      return script(State.STOP, command);
    }

    /**
     * Sets how long a script may run before its process group is stopped (default
     * {@value NotifyHook#DEFAULT_TIMEOUT_SECONDS} s).
     *
     * @param value more than 0
     * @return this builder
     */
    public Builder timeout(Duration value) {
      once("timeout");
      timeout = value;
      return this;
    }

    /**
     * Runs the scripts as another user (this process needs root).
     *
     * @param value the user's name
     * @return this builder
     */
    public Builder user(String value) {
      once("user");
      user = value;
      return this;
    }

    /**
     * Tells the hook a group's configuration, for its scripts' environment. Once per group; a group
     * without facts gets only {@code FAILOVER4J_GROUP}, {@code FAILOVER4J_STATE} and
     * {@code FAILOVER4J_PRIORITY}.
     *
     * @param value the group's facts
     * @return this builder
     */
    public Builder environment(GroupFacts value) {
      Objects.requireNonNull(value, "value");
      if (facts.putIfAbsent(value.group(), value) != null) {
        problems.add("environment: group " + value.group() + " given twice (expected: once per group)");
      }
      return this;
    }

    /**
     * Checks every option, and every script as health-check scripts are checked, and builds the
     * hook.
     *
     * @return the hook
     * @throws ConfigurationException listing every problem
     */
    public NotifyHook build() {
      Set<String> all = new LinkedHashSet<>(problems);
      if (any == null && scripts.isEmpty()) {
        all.add("scripts: none (expected: any, master, backup, fault or stop)");
      }
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        all.add("timeout: " + timeout + " (expected: more than 0)");
      }
      if (user != null && user.isBlank()) {
        all.add("user: blank (expected: a user's name)");
      }
      Map<String, String> commands = new LinkedHashMap<>();
      Optional.ofNullable(any).ifPresent(command -> commands.put("any", command));
      scripts.forEach((state, command) -> commands.put(state.key(), command));
      Optional<String> runAs = Optional.ofNullable(user).filter(u -> !u.isBlank());
      commands.forEach((key, command) -> {
        for (String problem : ScriptSecurity.problems(command, runAs)) {
          // the same unknown user for every script: said once, under its own option
          all.add(problem.startsWith(USER_PROBLEM) ? "user: " + problem.substring(USER_PROBLEM.length())
              : key + ": " + problem.substring(problem.startsWith(SCRIPT) ? SCRIPT.length() : 0));
        }
      });
      if (!all.isEmpty()) {
        throw new ConfigurationException("notify hook", List.copyOf(all));
      }
      return new NotifyHook(this);
    }
  }
}

package io.github.failover4j.agent;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.FailoverException;
import io.github.failover4j.FailoverGroup;
import io.github.failover4j.notify.NotifyHook;
import io.github.failover4j.notify.SyncGroupNotifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover4j daemon: runs the failover groups of a configuration file, their health checks and
 * notify scripts, until SIGTERM or SIGINT, then hands over gracefully (every master sends priority 0
 * at once, then releases its addresses), lets the stop scripts run and exits 0. SIGUSR1 logs every
 * group's status and counters.
 *
 * <pre>
 * java -jar failover4j-agent.jar --config /etc/failover4j/agent.yaml
 * java -jar failover4j-agent.jar --check-config /etc/failover4j/agent.yaml
 * </pre>
 *
 * <p>Exit codes: 0 done (or a valid configuration), 1 an invalid configuration, 2 a usage error, 3
 * the groups could not start (e.g. a missing capability).
 */
public final class Agent {
  static final int OK = 0;
  static final int INVALID_CONFIG = 1;
  static final int USAGE = 2;
  static final int START_FAILED = 3;

  private static final String USAGE_TEXT = """
      usage: failover4j-agent --config FILE         run the groups of FILE
             failover4j-agent --check-config FILE   check FILE, print every problem
             failover4j-agent import-keepalived FILE  print keepalived.conf FILE as the agent's YAML
             failover4j-agent --from-env            run OpenShift ipfailover's OPENSHIFT_HA_* variables
                                                    (also with no argument, when OPENSHIFT_HA_VIRTUAL_IPS is set)
             failover4j-agent --print-config        print the YAML those variables make
             failover4j-agent status [--json] | yield GROUP | demote GROUP [N] [--reason TEXT]
                              | undemote GROUP | reload   [--socket PATH]   ask a running agent
      FILE is YAML, or JSON if it ends with .json; see the agent's README for the keys.""";

  private Agent() {}

  /**
   * Runs the agent and exits with its code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0 && args[0].equals(KeepalivedImport.COMMAND)) {
      return KeepalivedImport.run(args, out, err);
    }
    if (ControlClient.accepts(args)) { // status, yield, demote, undemote, reload: to a running agent
      return ControlClient.run(args, out, err);
    }
    if (IpFailoverCli.accepts(args, System.getenv())) { // OpenShift ipfailover's variables
      return IpFailoverCli.run(args, System.getenv(), IpFailoverGenerator.Network.SYSTEM, out, err);
    }
    if (args.length != 2 || !args[0].equals("--config") && !args[0].equals("--check-config")) {
      err.println(USAGE_TEXT);
      return USAGE;
    }
    if (args[0].equals("--config")) {
      // before anything makes a logger: slf4j-simple reads its settings once, at the first one
      configureLogging(AgentConfig.logLevel(Path.of(args[1])));
    }
    AgentConfig config;
    try {
      config = AgentConfig.load(Path.of(args[1]));
    } catch (ConfigurationException e) {
      err.println(e.getMessage());
      return INVALID_CONFIG;
    }
    config.warnings().forEach(warning -> err.println("warning: " + warning));
    if (args[0].equals("--check-config")) {
      out.println(args[1] + ": valid, " + config.groups().size() + (config.groups().size() == 1 ? " group" : " groups"));
      config.describe().forEach(line -> out.println("  " + line));
      return OK;
    }
    return serve(config.groups(), config.control());
  }

  /** slf4j-simple reads these once, at its first logger: one line per event, with a timestamp. */
  static void configureLogging(String level) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.out");
  }

  static int serve(List<AgentGroup> groups) {
    return serve(groups, ControlSocket.Settings.DEFAULT);
  }

  static int serve(List<AgentGroup> groups, ControlSocket.Settings control) {
    Logger log = LoggerFactory.getLogger(Agent.class);
    List<FailoverGroup> started = new ArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop = () -> {
      // on the signal's own thread, at once: every master's priority 0 is the first thing to go out
      stopAll(started, groups, log);
      log.info("stopped: every master sent priority 0, then gave its addresses up");
      stopped.countDown();
    };
    // the agent handles these itself: the JVM's default would exit 143 and run shutdown hooks in any order
    Signals.handle("TERM", stop);
    Signals.handle("INT", stop);
    Signals.handle("USR1", () -> StatusReport.log(log, groups.stream().map(AgentGroup::group).toList()));
    try {
      for (AgentGroup group : groups) {
        // the hook only queues: on the event thread, it sees the group's changes from the first on
        group.notifyHook().ifPresent(hook -> group.group().addListener(hook, Runnable::run));
        group.syncGroup().flatMap(SyncMembership::notifier)
            .ifPresent(notifier -> group.group().addListener(notifier, Runnable::run));
        group.group().start();
        started.add(group.group());
      }
    } catch (FailoverException e) {
      log.error("cannot start: {}", e.getMessage());
      stopAll(started, groups, log);
      return START_FAILED;
    }
    log.info("running {} {}", started.size(), started.size() == 1 ? "group" : "groups");
    ControlSocket socket = openControl(control, started, log);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (socket != null) {
        socket.close();
      }
    }
    return OK;
  }

  /**
   * Opens the control socket once the groups run; without it (e.g. another agent holds its path)
   * the groups run on, and the log says why.
   */
  private static ControlSocket openControl(ControlSocket.Settings control, List<FailoverGroup> groups, Logger log) {
    try {
      ControlSocket socket = ControlSocket.open(control, new ControlHandler(groups));
      log.info("control socket {} (mode 0660{})", socket.path(),
          control.group().map(g -> ", group " + g).orElse(""));
      return socket;
    } catch (IOException | RuntimeException e) {
      log.error("control socket {}: {}; the groups run without it", control.path(), e.getMessage());
      return null;
    }
  }

  /** Closes the groups, then gives their stop scripts up to their timeout: the process exits next. */
  private static void stopAll(List<FailoverGroup> started, List<AgentGroup> groups, Logger log) {
    closeAll(started);
    List<NotifyHook> hooks = new ArrayList<>();
    for (AgentGroup group : groups) {
      group.notifyHook().ifPresent(hooks::add);
      group.syncGroup().flatMap(SyncMembership::notifier).map(SyncGroupNotifier::hook)
          .filter(hook -> !hooks.contains(hook)).ifPresent(hooks::add);
    }
    long deadline = System.nanoTime() + hooks.stream().mapToLong(hook -> hook.timeout().toNanos()).max().orElse(0);
    try {
      for (NotifyHook hook : hooks) {
        if (!hook.awaitStopped(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
          log.warn("notify: {} still running; exiting without them", hook);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes every group at once: each master's priority 0 goes out without waiting for the others. */
  private static void closeAll(List<FailoverGroup> groups) {
    List<Thread> closing = new ArrayList<>();
    for (FailoverGroup group : groups) {
      Thread thread = new Thread(group::close, "close-" + group.name());
      thread.start();
      closing.add(thread);
    }
    for (Thread thread : closing) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

package io.github.failover4j.agent;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.FailoverException;
import io.github.failover4j.notify.NotifyHook;
import io.github.failover4j.notify.SyncGroupNotifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover4j daemon: runs the failover groups of a configuration file, their health checks and
 * notify scripts, until SIGTERM or SIGINT, then hands over gracefully (every master sends priority 0
 * at once, then releases its addresses), lets the stop scripts run and exits 0. SIGUSR1 logs every
 * group's status and counters; SIGHUP reloads the file ({@link Reloader}).
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
    Path file = Path.of(args[1]);
    LoadedConfig loaded;
    try {
      loaded = LoadedConfig.read(file, List.of());
    } catch (ConfigurationException e) {
      err.println(e.getMessage());
      return INVALID_CONFIG;
    }
    AgentConfig config = loaded.config();
    config.warnings().forEach(warning -> err.println("warning: " + warning));
    if (args[0].equals("--check-config")) {
      out.println(args[1] + ": valid, " + config.groups().size() + (config.groups().size() == 1 ? " group" : " groups"));
      config.describe().forEach(line -> out.println("  " + line));
      return OK;
    }
    return serve(loaded, Optional.of(file));
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

  /**
   * Runs groups that no file describes (OpenShift's variables): a reload is refused.
   *
   * @param groups the groups, built and not started
   * @return the exit code
   */
  static int serve(List<AgentGroup> groups) {
    Map<String, GroupDefinition> unread = new LinkedHashMap<>();
    groups.forEach(group -> unread.put(group.group().name(), GroupDefinition.unread(group.group().name())));
    return serve(new LoadedConfig(new AgentConfig("info", Map.of(), groups, List.of()), unread, Map.of()),
        Optional.empty());
  }

  /**
   * Runs the groups of a configuration until SIGTERM or SIGINT; SIGHUP reloads the file.
   *
   * @param loaded the configuration
   * @param file where it was read from, to reload; empty for none
   * @return the exit code
   */
  static int serve(LoadedConfig loaded, Optional<Path> file) {
    Logger log = LoggerFactory.getLogger(Agent.class);
    RunningGroups running = new RunningGroups();
    Reloader reloader = new Reloader(file, running, GroupRunner.LIVE, loaded.settings());
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop = () -> {
      // on the signal's own thread, at once: every master's priority 0 is the first thing to go out
      reloader.stop();
      stopAll(running, log);
      log.info("stopped: every master sent priority 0, then gave its addresses up");
      stopped.countDown();
    };
    // the agent handles these itself: the JVM's default would exit 143 and run shutdown hooks in any order
    Signals.handle("TERM", stop);
    Signals.handle("INT", stop);
    Signals.handle("USR1", () -> StatusReport.log(log, running.groups()));
    // the JVM's default for SIGHUP is to exit: here it reloads, on the reloader's thread
    Signals.handle("HUP", () -> reloader.request("SIGHUP").exceptionally(failure -> {
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      if (!(cause instanceof ConfigurationException)) { // the reloader logs a file's problems itself
        log.error("{}", cause.getMessage());
      }
      return null;
    }));
    for (AgentGroup group : loaded.config().groups()) {
      try {
        GroupRunner.LIVE.start(group);
      } catch (FailoverException e) {
        log.error("cannot start: {}", e.getMessage());
        reloader.stop();
        stopAll(running, log);
        return START_FAILED;
      }
      running.add(group, loaded.definitions().get(group.group().name()));
    }
    log.info("running {} {}", running.groups().size(), running.groups().size() == 1 ? "group" : "groups");
    MetricsEndpoint.open(loaded.config().metrics(), running); // follows the groups reloads start and stop
    ControlSocket socket = openControl(loaded.config().control(), new ControlHandler(running, reloader), log);
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
  private static ControlSocket openControl(ControlSocket.Settings control, ControlHandler handler, Logger log) {
    try {
      ControlSocket socket = ControlSocket.open(control, handler);
      log.info("control socket {} (mode 0660{})", socket.path(),
          control.group().map(g -> ", group " + g).orElse(""));
      return socket;
    } catch (IOException | RuntimeException e) {
      log.error("control socket {}: {}; the groups run without it", control.path(), e.getMessage());
      return null;
    }
  }

  /** Closes the running groups, then gives their stop scripts up to their timeout: the process exits next. */
  private static void stopAll(RunningGroups running, Logger log) {
    List<RunningGroups.Entry> entries = running.entries();
    GroupRunner.LIVE.close(entries.stream().map(RunningGroups.Entry::group).toList());
    List<NotifyHook> hooks = new ArrayList<>();
    for (RunningGroups.Entry entry : entries) {
      AgentGroup group = entry.group();
      group.notifyHook().ifPresent(hooks::add);
      group.syncGroup().flatMap(SyncMembership::notifier).map(SyncGroupNotifier::hook)
          .filter(hook -> !hooks.contains(hook)).ifPresent(hooks::add);
      running.remove(group.group().name());
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
}

package io.github.failover4j.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.failover4j.ConfigurationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the configuration file (SIGHUP, or {@code reload} on the control socket), one reload at a
 * time, on a thread of its own: one asked during another runs after it. The file is checked first,
 * as {@code --check-config} checks it, and an invalid one changes nothing. Then, by group name:
 * unchanged groups are not touched (the same running group: no advertisement missed, the addresses
 * stay); changed ones are closed (a master sends priority 0 and releases its addresses) and started
 * anew; those left out are closed; new ones start. Groups close first, all at once, so that a VRID
 * passed from one group to another is free when it starts. A group that fails to start does not
 * stop the others: the report says why.
 */
final class Reloader {
  /** Why a reload cannot be done at all (not a problem of the file). */
  static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger("reload");

  private final Optional<Path> file;
  private final RunningGroups running;
  private final GroupRunner runner;
  private final Map<String, JsonNode> settings;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
    Thread t = new Thread(task, "failover4j-reload");
    t.setDaemon(true);
    return t;
  });
  private final ReentrantLock lock = new ReentrantLock();
  private boolean stopping; // guarded by lock

  /**
   * Reloads a file into running groups.
   *
   * @param file the configuration file the agent started with; empty when it runs without one
   *     (OpenShift's variables), then every reload is refused
   * @param running the running groups, started from that file
   * @param runner what starts and closes groups
   * @param settings the file's settings outside the groups, as the agent runs them
   */
  Reloader(Optional<Path> file, RunningGroups running, GroupRunner runner, Map<String, JsonNode> settings) {
    this.file = file;
    this.running = running;
    this.runner = runner;
    this.settings = new LinkedHashMap<>(settings);
  }

  /**
   * Returns the file reloads read.
   *
   * @return the file, empty when the agent runs without one
   */
  Optional<Path> file() {
    return file;
  }

  /**
   * Asks for a reload, after any that is running or asked before; returns at once.
   *
   * @param who who asked, for the log: {@code SIGHUP}, {@code root (control socket)}
   * @return what it did; failed with a {@link ConfigurationException} for an invalid file (nothing
   *     changed), or {@link Unavailable} when the agent runs without a file or is stopping
   */
  CompletableFuture<ReloadReport> request(String who) {
    if (file.isEmpty()) {
      return CompletableFuture.failedFuture(new Unavailable("reload: this agent runs OpenShift ipfailover's"
          + " OPENSHIFT_HA_* variables (--from-env), which a running process cannot read again; restart it to"
          + " change them (a master hands over gracefully on SIGTERM), or run it with --config FILE"));
    }
    LOG.info("reload of {} asked by {}", file.get(), who);
    try {
      return CompletableFuture.supplyAsync(this::reload, thread);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new Unavailable("reload: the agent is stopping"));
    }
  }

  /**
   * Reloads the file now, on the calling thread.
   *
   * @return what it did
   * @throws ConfigurationException listing every problem of an invalid file; nothing changed
   * @throws Unavailable when the agent is stopping
   */
  ReloadReport reload() {
    Path path = file.orElseThrow();
    lock.lock();
    try {
      if (stopping) {
        throw new Unavailable("reload: the agent is stopping");
      }
      LoadedConfig next;
      try {
        next = LoadedConfig.read(path, running.entries());
      } catch (ConfigurationException e) {
        LOG.warn("reload: nothing changed: {}", e.getMessage());
        throw e;
      }
      ReloadReport report = apply(path, next);
      report.lines().forEach(line -> {
        if (report.ok()) {
          LOG.info("{}", line);
        } else {
          LOG.warn("{}", line);
        }
      });
      running.reloaded(report);
      return report;
    } finally {
      lock.unlock();
    }
  }

  private ReloadReport apply(Path path, LoadedConfig next) {
    Map<String, RunningGroups.Entry> was = new LinkedHashMap<>();
    running.entries().forEach(entry -> was.put(entry.definition().name(), entry));
    Map<String, GroupDefinition> definitions = new LinkedHashMap<>();
    was.forEach((name, entry) -> definitions.put(name, entry.definition()));
    ReloadPlan plan = ReloadPlan.between(definitions, next.definitions());

    List<String> closing = new ArrayList<>(plan.restarted());
    closing.addAll(plan.removed());
    if (!closing.isEmpty()) {
      runner.close(closing.stream().map(name -> was.get(name).group()).toList());
      closing.forEach(running::remove);
    }

    Map<String, AgentGroup> built = new LinkedHashMap<>();
    next.config().groups().forEach(group -> built.put(group.group().name(), group));
    Map<String, String> failures = new LinkedHashMap<>();
    for (String name : next.definitions().keySet()) {
      if (plan.restarted().contains(name) || plan.added().contains(name)) {
        AgentGroup group = built.get(name);
        try {
          runner.start(group);
          running.add(group, next.definitions().get(name));
        } catch (RuntimeException e) {
          failures.put(name, Objects.toString(e.getMessage(), e.toString()));
        }
      }
    }
    running.order(List.copyOf(next.definitions().keySet()));

    List<ReloadReport.Outcome> outcomes = new ArrayList<>();
    for (String name : next.definitions().keySet()) {
      ReloadReport.Change change = plan.unchanged().contains(name) ? ReloadReport.Change.UNCHANGED
          : plan.restarted().contains(name) ? ReloadReport.Change.RESTARTED : ReloadReport.Change.STARTED;
      outcomes.add(new ReloadReport.Outcome(name, change, Optional.ofNullable(failures.get(name))));
    }
    plan.removed().forEach(name -> outcomes.add(new ReloadReport.Outcome(name, ReloadReport.Change.STOPPED,
        Optional.empty())));
    return new ReloadReport(path.toString(), outcomes, notApplied(next.settings()), next.config().warnings());
  }

  /**
   * The settings outside the groups that changed: the logger and the control socket are made once,
   * at the start, so they keep the values they run with until the agent restarts.
   */
  private List<String> notApplied(Map<String, JsonNode> next) {
    List<String> lines = new ArrayList<>();
    List<String> keys = new ArrayList<>(settings.keySet());
    next.keySet().stream().filter(key -> !settings.containsKey(key)).forEach(keys::add);
    for (String key : keys) {
      if (!Objects.equals(settings.get(key), next.get(key))) {
        lines.add(key + ": changed; not applied: it takes effect when the agent restarts (it runs with the value"
            + " it started with)");
      }
    }
    return lines;
  }

  /**
   * Stops reloading, for the agent's stop: waits for a reload that is running, and refuses the
   * rest, so that the groups the stop closes are all there are.
   */
  void stop() {
    lock.lock();
    try {
      stopping = true;
    } finally {
      lock.unlock();
    }
    thread.shutdown();
  }
}

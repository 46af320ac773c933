package io.github.failover4j.internal.check;

import io.github.failover4j.check.Probe;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes the {@link ProbeTask} that runs a {@link Probe}: one per check, reused for every run. */
public final class Probes {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.failover4j.check");

  private Probes() {}

  /**
   * Makes the task of a probe; a script's output lines are logged at DEBUG, without the command
   * line (it may hold secrets).
   *
   * @param probe what to probe
   * @return the task
   */
  public static ProbeTask create(Probe probe) {
    return create(probe, line -> LOG.debug("script output: {}", line));
  }

  /**
   * Makes the task of a probe, handing a script's output to the caller.
   *
   * @param probe what to probe
   * @param scriptOutput receives each line a script writes to stdout or stderr, on a thread of its
   *     own; ignored by the other probes
   * @return the task
   */
  public static ProbeTask create(Probe probe, Consumer<String> scriptOutput) {
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(scriptOutput, "scriptOutput");
    if (probe instanceof Probe.Script s) {
      return new ScriptProbe(new ScriptRunner(s.user(), scriptOutput), s.command());
    } else if (probe instanceof Probe.Tcp t) {
      return new TcpProbe(t.host(), t.port());
    } else if (probe instanceof Probe.Http h) {
      return new HttpProbe(h);
    } else if (probe instanceof Probe.Ping p) {
      return new PingProbe(p.target());
    } else if (probe instanceof Probe.Process p) {
      return new ProcessProbe(p, Path.of("/proc"));
    } else if (probe instanceof Probe.InJvm j) {
      return timeout -> j.check().healthy();
    }
    // the interface is sealed: only a new kind of probe, not yet handled here, gets this far
    throw new IllegalArgumentException("unknown probe " + probe.getClass().getName());
  }
}

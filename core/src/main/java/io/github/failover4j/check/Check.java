package io.github.failover4j.check;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.internal.check.ScriptSecurity;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A health check that groups track: a {@link Probe} run every {@code interval} on failover4j's check
 * threads (never the engine thread), with keepalived's {@code vrrp_script} vocabulary. A run that
 * takes longer than {@code timeout} is stopped and counts as a failure; a run still going when the
 * next is due makes that one skipped. The check turns FAILING after {@code fall} failures in a row
 * and HEALTHY after {@code rise} successes in a row; before its first result it is UNKNOWN, and the
 * first result decides at once (as keepalived does), unless it starts FAILING ({@code init_fail}).
 *
 * <p>One check may be tracked by many groups, each with its own weight; it runs once for all of
 * them, from the start of the first group that tracks it to the close of the last.
 *
 * <pre>{@code
 * Check nginx = Check.builder("nginx").script("kill -0 $(cat /run/nginx.pid)")
 *     .interval(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(1)).rise(1).fall(2).build();
 * FailoverGroup.builder()...track(nginx, 0)...   // weight 0: FAULT while nginx fails
 * }</pre>
 */
public final class Check {
  private final String name;
  private final Probe probe;
  private final Duration interval;
  private final Duration timeout;
  private final int rise;
  private final int fall;
  private final boolean startFailing;

  private Check(Builder b) {
    this.name = b.name;
    this.probe = b.probe;
    this.interval = b.interval;
    this.timeout = b.timeout == null ? b.interval : b.timeout;
    this.rise = b.rise;
    this.fall = b.fall;
    this.startFailing = b.startFailing;
  }

  /**
   * Starts describing a check.
   *
   * @param name its name, for status, logs and listeners
   * @return the builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Returns the check's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns what it probes.
   *
   * @return the probe
   */
  public Probe probe() {
    return probe;
  }

  /**
   * Returns the time between the starts of two runs.
   *
   * @return the interval
   */
  public Duration interval() {
    return interval;
  }

  /**
   * Returns how long a run may take before it is stopped and counted as a failure.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns how many successes in a row make a failing check healthy.
   *
   * @return 1 or more
   */
  public int rise() {
    return rise;
  }

  /**
   * Returns how many failures in a row make a healthy check failing.
   *
   * @return 1 or more
   */
  public int fall() {
    return fall;
  }

  /**
   * Tells whether the check starts FAILING (needing {@link #rise()} successes) instead of UNKNOWN.
   *
   * @return keepalived's {@code init_fail}
   */
  public boolean startFailing() {
    return startFailing;
  }

  @Override
  public String toString() {
    return "check " + name + " (" + probe.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ", every "
        + interval.toMillis() + " ms)";
  }

  /** Collects a check's options; {@link #build()} checks them all at once. */
  public static final class Builder {
    private final String name;
    private final List<String> problems = new ArrayList<>();
    private Probe probe;
    private Duration interval = Duration.ofSeconds(1);
    private Duration timeout;
    private int rise = 1;
    private int fall = 1;
    private boolean startFailing;

    private Builder(String name) {
      this.name = name;
    }

    private Builder probe(Probe value) {
      if (probe != null) {
        problems.add("probe: " + kind(value) + " after " + kind(probe) + " (expected: one probe per check)");
      }
      probe = value;
      return this;
    }

    private static String kind(Probe p) {
      return p.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Runs a command (keepalived's {@code vrrp_script}) as this process's user.
     *
     * @param command a command line for {@code /bin/sh -c}; exit code 0 is healthy
     * @return this builder
     */
    public Builder script(String command) {
      return probe(new Probe.Script(command, Optional.empty()));
    }

    /**
     * Runs a command as another user (the process needs root).
     *
     * @param command a command line for {@code /bin/sh -c}
     * @param user the user's name
     * @return this builder
     */
    public Builder script(String command, String user) {
      return probe(new Probe.Script(command, Optional.of(user)));
    }

    /**
     * Connects to a TCP port.
     *
     * @param host an IP literal or host name
     * @param port 1..65535
     * @return this builder
     */
    public Builder tcp(String host, int port) {
      return probe(new Probe.Tcp(host, port));
    }

    /**
     * GETs a URI, healthy for a status of 200..299.
     *
     * @param uri an http or https URI
     * @return this builder
     */
    public Builder http(URI uri) {
      return probe(new Probe.Http(uri, 200, 299, Optional.empty()));
    }

    /**
     * GETs a URI.
     *
     * @param uri an http or https URI
     * @param minStatus the lowest healthy status
     * @param maxStatus the highest healthy status
     * @param bodyContains a text the body must contain, or null for none
     * @return this builder
     */
    public Builder http(URI uri, int minStatus, int maxStatus, String bodyContains) {
      return probe(new Probe.Http(uri, minStatus, maxStatus, Optional.ofNullable(bodyContains)));
    }

    /**
     * Pings an address (one ICMP echo per run).
     *
     * @param target IPv4 or IPv6
     * @return this builder
     */
    public Builder ping(InetAddress target) {
      return probe(new Probe.Ping(target));
    }

    /**
     * Counts processes by name (keepalived's {@code track_process}).
     *
     * @param processName the name
     * @param args the rest of the command line, exactly, or null for any
     * @param quorum the fewest healthy
     * @param quorumMax the most healthy
     * @return this builder
     */
    public Builder process(String processName, String args, int quorum, int quorumMax) {
      return probe(new Probe.Process(processName, Optional.ofNullable(args), quorum, quorumMax));
    }

    /**
     * Runs your own check in the JVM.
     *
     * @param check the check
     * @return this builder
     */
    public Builder inJvm(HealthCheck check) {
      return probe(new Probe.InJvm(Objects.requireNonNull(check, "check")));
    }

    /**
     * Sets the time between runs (default 1 s).
     *
     * @param value at least 10 ms
     * @return this builder
     */
    public Builder interval(Duration value) {
      interval = value;
      return this;
    }

    /**
     * Sets how long a run may take (default: the interval).
     *
     * @param value at least 1 ms
     * @return this builder
     */
    public Builder timeout(Duration value) {
      timeout = value;
      return this;
    }

    /**
     * Sets how many successes in a row make a failing check healthy (default 1).
     *
     * @param value 1 or more
     * @return this builder
     */
    public Builder rise(int value) {
      rise = value;
      return this;
    }

    /**
     * Sets how many failures in a row make a healthy check failing (default 1).
     *
     * @param value 1 or more
     * @return this builder
     */
    public Builder fall(int value) {
      fall = value;
      return this;
    }

    /**
     * Starts the check FAILING, so that it needs {@code rise} successes first (keepalived's
     * {@code init_fail}); default: UNKNOWN until the first result.
     *
     * @param value whether to start failing
     * @return this builder
     */
    public Builder startFailing(boolean value) {
      startFailing = value;
      return this;
    }

    /**
     * Checks every option at once and builds the check.
     *
     * @return the check
     * @throws ConfigurationException listing every problem
     */
    public Check build() {
      List<String> all = new ArrayList<>(problems);
      if (name == null || name.isBlank()) {
        all.add("name: missing (expected: a name for status and logs)");
      }
      if (probe == null) {
        all.add("probe: missing (expected: script, tcp, http, ping, process or inJvm)");
      }
      if (interval == null || interval.compareTo(Duration.ofMillis(10)) < 0) {
        all.add("interval: " + interval + " (expected: 10 ms or more)");
      }
      if (timeout != null && timeout.compareTo(Duration.ofMillis(1)) < 0) {
        all.add("timeout: " + timeout + " (expected: 1 ms or more)");
      }
      if (rise < 1) {
        all.add("rise: " + rise + " (expected: 1 or more)");
      }
      if (fall < 1) {
        all.add("fall: " + fall + " (expected: 1 or more)");
      }
      if (probe != null) {
        probeProblems(probe, all);
      }
      if (!all.isEmpty()) {
        throw new ConfigurationException("check " + name, all);
      }
      return new Check(this);
    }

    private static void probeProblems(Probe probe, List<String> all) {
      if (probe instanceof Probe.Script s) {
        all.addAll(ScriptSecurity.problems(s.command(), s.user()));
      } else if (probe instanceof Probe.Tcp t) {
        if (t.host() == null || t.host().isBlank()) {
          all.add("tcp: host missing (expected: HOST:PORT)");
        }
        if (t.port() < 1 || t.port() > 65535) {
          all.add("tcp: port " + t.port() + " (expected: 1..65535)");
        }
      } else if (probe instanceof Probe.Http h) {
        String scheme = h.uri() == null ? null : h.uri().getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || h.uri().getHost() == null) {
          all.add("http: " + h.uri() + " (expected: an http:// or https:// URI with a host)");
        }
        if (h.minStatus() < 100 || h.maxStatus() > 599 || h.minStatus() > h.maxStatus()) {
          all.add("http: status " + h.minStatus() + ".." + h.maxStatus() + " (expected: a range within 100..599)");
        }
      } else if (probe instanceof Probe.Process p) {
        if (p.name() == null || p.name().isBlank() || p.name().contains("/")) {
          all.add("process: name \"" + p.name() + "\" (expected: a process name, without a path)");
        }
        if (p.quorum() < 1 || p.quorumMax() < p.quorum()) {
          all.add("process: quorum " + p.quorum() + ".." + p.quorumMax() + " (expected: 1 <= quorum <= quorumMax)");
        }
      } else if (probe instanceof Probe.Ping p && p.target() == null) {
        all.add("ping: target missing (expected: an IP address)");
      }
    }
  }
}

package io.github.failover4j.internal.exec;

import io.github.failover4j.internal.check.ScriptRunner;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import io.github.failover4j.spi.Secret;
import io.github.failover4j.spi.VirtualAddresses;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code exec} mover: moves the addresses with commands the user gives (a cloud's command-line
 * tool, a script), run as notify scripts are ({@link ScriptRunner}: {@code /bin/sh -c}, a process
 * group of its own, a cleared environment), one per operation.
 *
 * <p>{@code observe} answers on the first line of its output: {@code self}, {@code nobody},
 * {@code other NODE} or {@code unknown WHY}. Exit codes: 0 done; 77 (EX_NOPERM) and 78 (EX_CONFIG)
 * permanent; any other, 75 (EX_TEMPFAIL) included, retryable, after the wait a line
 * {@code retry-after SECONDS} of the output asks for. A command still running at its timeout (or
 * the operation's deadline, if sooner) is stopped with its process group; so is one whose operation
 * is cancelled: the thread waiting for it is interrupted, which makes {@link ScriptRunner} stop it.
 */
final class ExecIpMover implements IpMover {
  /** sysexits.h: a temporary failure, try again. */
  static final int EX_TEMPFAIL = 75;
  /** sysexits.h: not permitted (a refused token). */
  static final int EX_NOPERM = 77;
  /** sysexits.h: a configuration error (a server that does not exist). */
  static final int EX_CONFIG = 78;
  /** The most of a command's output an error message quotes. */
  static final int QUOTED_CHARS = 200;

  private static final Logger LOG = LoggerFactory.getLogger("io.github.failover4j.mover");
  // only the start of the output is ever used: the answer, a retry-after line, the quote
  private static final int KEPT_LINES = 20;
  private static final String RETRY_AFTER = "retry-after ";

  private final VirtualAddresses target;
  private final ExecConfig config;
  private final Map<String, String> environment;

  ExecIpMover(VirtualAddresses target, ExecConfig config) {
    this.target = target;
    this.config = config;
    Map<String, String> env = new HashMap<>(config.environment());
    env.put("FAILOVER4J_GROUP", target.group());
    env.put("FAILOVER4J_VRID", String.valueOf(target.vrid()));
    env.put("FAILOVER4J_INTERFACE", target.interfaceName());
    // as notify scripts get them: ADDRESS/PREFIX, without the label
    env.put("FAILOVER4J_VIRTUAL_IPS", target.addresses().stream()
        .map(vip -> vip.address().getHostAddress() + "/" + vip.prefixLength()).collect(Collectors.joining(" ")));
    config.self().ifPresent(self -> env.put("FAILOVER4J_SELF", self));
    this.environment = Map.copyOf(env);
  }

  @Override
  public Holder observe(MoverCall call) throws IpMoverException {
    Output output = run(ExecConfig.OBSERVE, config.observe(), Map.of(), call);
    return answer(output.firstLine()).orElseThrow(() -> new IpMoverException(what(ExecConfig.OBSERVE)
        + ": answered " + output.quote() + " (expected: a first line self, nobody, other NODE or unknown WHY)"));
  }

  @Override
  public void claim(MoverCall call, Holder current) throws IpMoverException {
    Map<String, String> holder = new HashMap<>();
    holder.put("FAILOVER4J_HOLDER", current.state().name().toLowerCase(Locale.ROOT));
    if (current.state() == Holder.State.OTHER) {
      // the node to take them from, for a provider that must first remove them there
      holder.put("FAILOVER4J_HOLDER_NODE", current.node().orElseThrow());
    }
    run(ExecConfig.CLAIM, config.claim(), holder, call);
  }

  @Override
  public void release(MoverCall call) throws IpMoverException {
    if (config.release().isPresent()) {
      run(ExecConfig.RELEASE, config.release().get(), Map.of(), call);
    }
  }

  @Override
  public String toString() {
    return "exec mover of group " + target.group() + config.self().map(self -> " on " + self).orElse("");
  }

  /** The holder an observe command's first line names, if it is one of the protocol's answers. */
  static Optional<Holder> answer(String line) {
    String text = line.strip();
    int space = text.indexOf(' ');
    String word = space < 0 ? text : text.substring(0, space);
    String rest = space < 0 ? "" : text.substring(space + 1).strip();
    return switch (word) {
      case "self" -> rest.isEmpty() ? Optional.of(Holder.self()) : Optional.empty();
      case "nobody" -> rest.isEmpty() ? Optional.of(Holder.nobody()) : Optional.empty();
      case "other" -> rest.isEmpty() ? Optional.empty() : Optional.of(Holder.other(cut(rest)));
      case "unknown" -> Optional.of(Holder.unknown(rest.isEmpty() ? "the observe command cannot tell" : cut(rest)));
      default -> Optional.empty();
    };
  }

  private Output run(String operation, String command, Map<String, String> variables, MoverCall call)
      throws IpMoverException {
    String what = what(operation);
    Duration left = call.remaining();
    if (call.cancelled() || left.isNegative() || left.isZero()) {
      throw IpMoverException.cancelled(what + ": cancelled before it started");
    }
    boolean deadlineFirst = left.compareTo(config.timeout()) < 0;
    Duration timeout = deadlineFirst ? left : config.timeout();
    Map<String, String> env = new HashMap<>(environment);
    env.put("FAILOVER4J_OPERATION", operation);
    // under a lease, the term the group holds the addresses for: a backend can refuse a stale one
    call.fencingToken().ifPresent(token -> env.put("FAILOVER4J_FENCING_TOKEN", Long.toString(token)));
    env.putAll(variables);
    config.secrets().forEach((name, secret) -> env.put(name, secret.reveal()));

    Output output = new Output(operation);
    Interrupter abort = new Interrupter();
    call.onCancel(abort);
    Integer exit = null;
    Exception failure = null;
    long started = System.nanoTime();
    try {
      // a runner per run: a stopped command's late output cannot reach the next one's
      exit = new ScriptRunner(config.user(), output).run(command, env, timeout);
    } catch (IOException | TimeoutException | InterruptedException e) {
      failure = e;
    }
    if (abort.disarm()) {
      // the interrupt was ours, whether it reached the command or came as it ended: the caller's
      // thread must not keep it
      Thread.interrupted();
      throw IpMoverException.cancelled(what + ": cancelled" + (exit == null ? "; its process group was stopped" : ""));
    }
    if (failure instanceof InterruptedException) {
      Thread.currentThread().interrupt(); // someone else's: theirs to see
      throw IpMoverException.cancelled(what + ": interrupted; its process group was stopped");
    }
    if (failure instanceof TimeoutException) {
      String message = what + ": still running after " + timeout.toMillis() + " ms, its process group was stopped ("
          + output.quote() + ")";
      throw deadlineFirst ? IpMoverException.cancelled(message + ": the operation's deadline passed")
          : new IpMoverException(message);
    }
    if (failure != null) {
      throw new IpMoverException(what + ": cannot start: " + redact(failure.getMessage()));
    }
    if (exit != 0) {
      throw failed(what, exit, output);
    }
    LOG.debug("[{}] exec {}: exit 0 after {} ms", target.group(), operation,
        Duration.ofNanos(System.nanoTime() - started).toMillis());
    return output;
  }

  private IpMoverException failed(String what, int exit, Output output) {
    String message = what + ": exit " + exit + switch (exit) {
      case EX_TEMPFAIL -> " (EX_TEMPFAIL)";
      case EX_NOPERM -> " (EX_NOPERM)";
      case EX_CONFIG -> " (EX_CONFIG)";
      default -> "";
    } + ": " + output.quote();
    if (exit == EX_NOPERM || exit == EX_CONFIG) {
      return IpMoverException.permanent(message);
    }
    return new IpMoverException(IpMoverException.Kind.RETRYABLE, message, null, output.retryAfter().orElse(null));
  }

  private String what(String operation) {
    return "exec " + operation + config.self().map(self -> " on " + self).orElse("");
  }

  private String redact(String text) {
    String clean = text;
    for (Secret secret : config.secrets().values()) {
      clean = secret.redact(clean);
    }
    return clean;
  }

  private static String cut(String text) {
    return text.length() <= QUOTED_CHARS ? text : text.substring(0, QUOTED_CHARS) + "...";
  }

  /**
   * A command's output, stdout and stderr merged: each line logged at DEBUG and the first few kept,
   * every secret's value redacted before either.
   */
  private final class Output implements Consumer<String> {
    private final String operation;
    private final List<String> lines = new ArrayList<>(); // guarded by this

    Output(String operation) {
      this.operation = operation;
    }

    @Override
    public void accept(String line) {
      String clean = redact(line);
      LOG.debug("[{}] exec {}: {}", target.group(), operation, clean);
      synchronized (this) {
        if (lines.size() < KEPT_LINES) {
          lines.add(clean);
        }
      }
    }

    synchronized String firstLine() {
      return lines.isEmpty() ? "" : lines.get(0);
    }

    /** The start of the output, quoted, for a message. */
    synchronized String quote() {
      return lines.isEmpty() ? "no output" : "\"" + cut(String.join(" | ", lines)) + "\"";
    }

    /** The wait a {@code retry-after SECONDS} line asks for. */
    synchronized Optional<Duration> retryAfter() {
      for (String line : lines) {
        String text = line.strip();
        if (text.startsWith(RETRY_AFTER) && text.substring(RETRY_AFTER.length()).strip().matches("\\d{1,9}")) {
          return Optional.of(Duration.ofSeconds(Long.parseLong(text.substring(RETRY_AFTER.length()).strip())));
        }
      }
      return Optional.empty();
    }
  }

  /** Aborts a command by interrupting the thread that waits for it, until disarmed. */
  private static final class Interrupter implements Runnable {
    private final Thread waiting = Thread.currentThread();
    private boolean armed = true; // guarded by this
    private boolean fired; // guarded by this

    @Override
    public synchronized void run() {
      if (armed) {
        fired = true;
        waiting.interrupt();
      }
    }

    /** Stops it from interrupting; tells whether it did. */
    synchronized boolean disarm() {
      armed = false;
      return fired;
    }
  }
}

package io.github.failover4j.internal.check;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** keepalived's {@code vrrp_script}: healthy if and only if the command exits with code 0. */
final class ScriptProbe implements ProbeTask {
  private final ScriptRunner runner;
  private final String command;

  /**
   * Creates the probe.
   *
   * @param runner runs it, as its user, with its output going where the check wants it
   * @param command the command line for {@code /bin/sh -c}
   */
  ScriptProbe(ScriptRunner runner, String command) {
    this.runner = runner;
    this.command = command;
  }

  @Override
  public boolean run(Duration timeout) throws IOException, TimeoutException, InterruptedException {
    return runner.run(command, Map.of(), timeout) == 0;
  }
}

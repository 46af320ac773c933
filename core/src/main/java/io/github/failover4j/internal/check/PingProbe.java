package io.github.failover4j.internal.check;

import io.github.failover4j.linux.IcmpEcho;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * One ICMP echo per run: healthy when the reply comes within the timeout. The socket is opened for
 * each run, not kept: a raw socket left open between runs would queue every ICMP packet from the
 * target meanwhile.
 */
final class PingProbe implements ProbeTask {
  private final InetAddress target;

  /**
   * Creates the probe.
   *
   * @param target the address to ping
   */
  PingProbe(InetAddress target) {
    this.target = target;
  }

  /**
   * {@inheritDoc}
   *
   * @throws io.github.failover4j.FailoverException if this process may open no ICMP socket at all
   */
  @Override
  public boolean run(Duration timeout) throws IOException, TimeoutException, InterruptedException {
    try (IcmpEcho echo = IcmpEcho.open(target)) {
      if (echo.ping(timeout)) {
        return true;
      }
    }
    throw new TimeoutException(
        "ping " + target.getHostAddress() + ": no echo reply within " + timeout.toMillis() + " ms");
  }
}

package io.github.failover4j.check;

import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;

/**
 * What a {@link Check} probes. The built-ins never fork, except {@link Script}, which is
 * keepalived's {@code vrrp_script}.
 */
public sealed interface Probe {
  /**
   * A command run with {@code /bin/sh -c} in a session of its own, exit code 0 meaning healthy
   * (keepalived's {@code vrrp_script}). At the timeout its whole process group is killed. Its
   * environment holds only {@code PATH} and {@code LANG}: no variable of this process reaches it.
   *
   * @param command the command line, e.g. {@code kill -0 $(cat /run/nginx.pid)}
   * @param user the user to run it as (needs root), or empty for this process's
   */
  record Script(String command, Optional<String> user) implements Probe {}

  /**
   * A TCP connection that must be accepted (OpenShift ipfailover's monitor port).
   *
   * @param host an IP literal or a host name
   * @param port 1..65535
   */
  record Tcp(String host, int port) implements Probe {}

  /**
   * An HTTP(S) GET whose status must fall in a range and whose body may have to contain a text.
   *
   * @param uri an {@code http} or {@code https} URI
   * @param minStatus the lowest healthy status
   * @param maxStatus the highest healthy status
   * @param bodyContains a text the body must contain, if any
   */
  record Http(URI uri, int minStatus, int maxStatus, Optional<String> bodyContains) implements Probe {}

  /**
   * One ICMP echo that must be answered: through an unprivileged ICMP socket where
   * {@code net.ipv4.ping_group_range} allows it, else a raw socket (CAP_NET_RAW).
   *
   * @param target the address to ping, IPv4 or IPv6
   */
  record Ping(InetAddress target) implements Probe {}

  /**
   * Processes by name (keepalived's {@code track_process}): healthy while their number is within
   * the quorum.
   *
   * @param name the process name, as {@code /proc/PID/comm} or the base name of its executable
   * @param args if set, the rest of its command line must be exactly this
   * @param quorum the fewest processes that are healthy
   * @param quorumMax the most processes that are healthy
   */
  record Process(String name, Optional<String> args, int quorum, int quorumMax) implements Probe {}

  /**
   * Your own check, run in the JVM.
   *
   * @param check the check
   */
  record InJvm(HealthCheck check) implements Probe {}
}

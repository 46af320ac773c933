package io.github.failover4j.internal.check;

import io.github.failover4j.FailoverException;
import io.github.failover4j.linux.IcmpEcho;
import java.net.InetAddress;
import java.time.Duration;

/**
 * Run by {@link IcmpEchoTest} in a JVM of its own, in a network namespace of its own, on loopback
 * addresses only. {@code ping ADDRESS...} prints, per address, the problems reported and the socket
 * kind and outcome of one echo; {@code silent ADDRESS} (where echo requests are ignored) prints the
 * outcome of a short ping and how an interrupted one ended.
 */
public final class IcmpEchoChild {
  private IcmpEchoChild() {}

  public static void main(String[] args) throws Exception {
    boolean silent = args[0].equals("silent");
    for (int i = 1; i < args.length; i++) {
      InetAddress target = InetAddress.getByName(args[i]);
      if (!target.isLoopbackAddress()) {
        throw new IllegalArgumentException(args[i] + " is not a loopback address");
      }
      if (silent) {
        silent(target);
      } else {
        ping(args[i], target);
      }
    }
  }

  private static void ping(String name, InetAddress target) throws Exception {
    System.out.println(name + " problems " + IcmpEcho.problems(target));
    try (IcmpEcho echo = IcmpEcho.open(target)) {
      System.out.println(name + " " + echo.kind() + " " + (echo.ping(Duration.ofSeconds(2)) ? "reply" : "none"));
    } catch (FailoverException e) {
      System.out.println(name + " unavailable " + e.getMessage());
    }
  }

  private static void silent(InetAddress target) throws Exception {
    try (IcmpEcho echo = IcmpEcho.open(target)) {
      long start = System.nanoTime();
      boolean reply = echo.ping(Duration.ofMillis(300));
      System.out.println("short " + (reply ? "reply" : "none") + " " + (System.nanoTime() - start) / 1_000_000);
      Thread.currentThread().interrupt();
      start = System.nanoTime();
      try {
        echo.ping(Duration.ofSeconds(30));
        System.out.println("interrupted ping returned");
      } catch (InterruptedException e) {
        System.out.println("interrupted " + (System.nanoTime() - start) / 1_000_000);
      }
    }
  }
}

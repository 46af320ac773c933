package io.github.failover4j.examples;

import io.github.failover4j.FailoverGroup;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The smallest useful embedding: one group from command-line options, its role changes printed,
 * and a graceful handover on SIGTERM / SIGINT (the shutdown hook closes the group: priority 0 first).
 *
 * <pre>
 * java -cp ... io.github.failover4j.examples.FailoverNode --interface eth0 --vrid 51 --priority 150 \
 *     --interval 100ms --vip 192.0.2.10/24 [--namespace NAME] [--name web]
 * </pre>
 */
public final class FailoverNode {
  private FailoverNode() {}

  /**
   * Runs one group until the process is told to stop.
   *
   * @param args {@code --option value} pairs, see the class comment
   * @throws InterruptedException if interrupted while running
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    FailoverGroup.Builder builder = FailoverGroup.builder()
        .name(options.getOrDefault("name", "node"))
        .interfaceName(options.getOrDefault("interface", "eth0"))
        .vrid(Integer.parseInt(options.getOrDefault("vrid", "51")))
        .priority(Integer.parseInt(options.getOrDefault("priority", "100")))
        .advertInterval(Duration.ofMillis(Long.parseLong(options.getOrDefault("interval", "1000ms")
            .replace("ms", ""))))
        .virtualIp(options.getOrDefault("vip", "192.0.2.10/24"));
    if (options.containsKey("namespace")) {
      builder.networkNamespace(options.get("namespace"));
    }
    FailoverGroup group = builder.build();
    group.addListener(change -> System.out.println("role " + change.to() + " (" + change.reason() + ")"),
        Runnable::run);
    Runtime.getRuntime().addShutdownHook(new Thread(group::close, "failover-node-close"));
    group.start();
    Thread.currentThread().join(); // the engine runs on its own thread; wait for a signal
  }
}

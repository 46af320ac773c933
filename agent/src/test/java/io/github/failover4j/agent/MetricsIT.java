package io.github.failover4j.agent;

import static io.github.failover4j.linux.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.agent.Daemons.Daemon;
import io.github.failover4j.linux.NetnsLab;
import io.github.failover4j.linux.NetnsLab.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent jar with {@code metrics} set, in a network namespace, scraped from inside it as
 * Prometheus would: the master's role and counters are there, its VRRPv2 password is not.
 */
class MetricsIT {
  private static final String PASSWORD = "pw4metr";

  @TempDir
  Path dir;

  @Test
  void servesTheRunningGroupsMetricsWithoutThePassword() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      Node a = lab.node("a").address("10.0.0.1/24");
      Path config = Files.writeString(dir.resolve("a.yaml"), """
          control: {socket: %s}
          metrics: {address: "10.0.0.1:9405"}
          groups:
            - name: web
              interface: eth0
              vrid: 51
              version: 2
              priority: 200
              authPassword: "%s"
              virtualIps: ["10.0.0.200/24"]
          """.formatted(dir.resolve("a.sock"), PASSWORD));
      Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
      Daemon agent = a.own(Daemons.agent(a, Daemons.AGENT_JAR, config, dir.resolve("a.log")));
      eventually(Duration.ofSeconds(30), () -> a.has("10.0.0.200"), agent::log); // a loaded CI machine starts slowly

      eventually(Duration.ofSeconds(15), () -> scrape(a).contains(
          "failover4j_group_role{group=\"web\",role=\"master\"} 1.0"), agent::log);
      List<String> lines = scrape(a).lines().toList();
      assertTrue(lines.contains("failover4j_group_role{group=\"web\",role=\"backup\"} 0.0"), lines::toString);
      assertTrue(lines.stream().anyMatch(l -> l.matches("failover4j_adverts_sent_total\\{group=\"web\"} [1-9].*")),
          lines::toString);
      assertTrue(lines.contains("failover4j_group_transitions_total{group=\"web\"} 2.0"), lines::toString);
      assertTrue(lines.contains("failover4j_mover_state{group=\"web\",mover=\"local\",state=\"holding\"} 1.0"),
          lines::toString);
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("jvm_memory_used_bytes{")), "the JVM's meters");
      assertFalse(scrape(a).contains(PASSWORD), "the password must not be served");
      assertTrue(agent.log().contains("metrics on http://10.0.0.1:9405/metrics"), agent.log());
      assertFalse(agent.log().contains(PASSWORD), agent.log());
    }
  }

  /** GET /metrics from inside the node, with bash alone (whatever else the machine has); empty if refused. */
  private static String scrape(Node node) {
    try {
      return node.exec("bash", "-c",
          "exec 3<>/dev/tcp/10.0.0.1/9405 && printf 'GET /metrics HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3");
    } catch (RuntimeException e) {
      return "";
    }
  }
}

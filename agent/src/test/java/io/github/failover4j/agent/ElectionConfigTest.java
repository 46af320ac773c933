package io.github.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.failover4j.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A group's {@code election:} key: its shape, its flattening, and the VRRP keys it refuses. */
class ElectionConfigTest {
  @TempDir
  Path dir;

  @Test
  void nestedSettingsAreFlattenedWithDotsAndListsWithCommas() throws IOException {
    JsonNode settings = new ObjectMapper(new YAMLFactory()).readTree("""
        endpoints: ["https://10.0.0.5:2379", "https://10.0.0.6:2379"]
        ttl: 5s
        tls: {ca: /etc/failover4j/ca.pem, keyFile: /etc/failover4j/etcd.key}
        """);
    List<String> nested = new ArrayList<>();
    assertEquals(Map.of("endpoints", "https://10.0.0.5:2379,https://10.0.0.6:2379", "ttl", "5s",
        "tls.ca", "/etc/failover4j/ca.pem", "tls.keyFile", "/etc/failover4j/etcd.key"),
        ElectionReader.settings(settings, nested));
    assertEquals(List.of(), nested);
  }

  @Test
  void everyProblemIsListedAtOnceUnderTheGroupsPath() throws IOException {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> AgentConfig.load(write("""
        groups:
          - name: web
            interface: lo
            vrid: 42
            advertInterval: 1s
            unicast: {source: 10.0.0.1, peers: [10.0.0.2]}
            election:
              etdc: {endpoints: ["https://10.0.0.5:2379"], tls: {certs: [{a: 1}]}}
            virtualIps: ["10.0.1.1/32"]
        """)));
    String problems = String.join("\n", e.problems());
    assertTrue(problems.contains("groups[0].election.etdc.tls.certs: a list of maps"), problems);
    e = assertThrows(ConfigurationException.class, () -> AgentConfig.load(write("""
        groups:
          - name: web
            interface: lo
            vrid: 42
            advertInterval: 1s
            election:
              etdc: {endpoints: ["https://10.0.0.5:2379"]}
            virtualIps: ["10.0.1.1/32"]
        """)));
    problems = String.join("\n", e.problems());
    assertTrue(problems.contains("groups[0] (web).vrid: set with an election"), problems);
    assertTrue(problems.contains("groups[0] (web).advertInterval: set with an election"), problems);
    assertTrue(problems.contains("groups[0] (web).election: unknown election \"etdc\" (available: etcd, kubernetes)"), problems);
  }

  @Test
  void anElectionNamesOneProvider() throws IOException {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> AgentConfig.load(write("""
        groups:
          - name: web
            interface: lo
            election: {etcd: {ttl: 5s}, kubernetes: {lease: web}}
            virtualIps: ["10.0.1.1/32"]
        """)));
    String problems = String.join("\n", e.problems());
    assertTrue(problems.contains("groups[0].election: a map (expected: a map of one provider's name to its settings"),
        problems);
  }

  @Test
  void theShippedStoresCheckTheirSettingsWithoutNetwork() throws IOException {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        current-context: lab
        clusters: [{name: lab, cluster: {server: "https://127.0.0.1:6443"}}]
        users: [{name: lab, user: {token: not-a-real-token}}]
        contexts: [{name: lab, context: {cluster: lab, user: lab}}]
        """);
    Files.setPosixFilePermissions(kubeconfig, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    AgentConfig valid = AgentConfig.load(write("""
        groups:
          - name: web
            interface: lo
            candidate: node-a
            election:
              etcd: {endpoints: ["http://127.0.0.1:2379"], prefix: /failover4j, ttl: 5s}
            virtualIps: ["10.0.1.1/32"]
          - name: db
            interface: lo
            election:
              kubernetes: {namespace: kube-system, lease: db-vip, duration: 15s, renew: 10s, kubeconfig: KUBECONFIG}
            virtualIps: ["10.0.1.2/32"]
        """.replace("KUBECONFIG", kubeconfig.toString())));
    assertEquals(2, valid.groups().size());
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> AgentConfig.load(write("""
        groups:
          - name: web
            interface: lo
            election:
              etcd: {endpoints: ["ftp://10.0.0.5:2379"], ttl: 1s}
            virtualIps: ["10.0.1.1/32"]
          - name: db
            interface: lo
            election:
              kubernetes: {lease: db-vip, duration: 10s, renew: 15s, kubeconfig: KUBECONFIG}
            virtualIps: ["10.0.1.2/32"]
        """.replace("KUBECONFIG", kubeconfig.toString()))));
    String problems = String.join("\n", e.problems());
    assertTrue(problems.contains("groups[0] (web).election: etcd: ttl: 1s"), problems);
    assertTrue(problems.contains("ftp://10.0.0.5:2379"), problems);
    assertTrue(problems.contains("groups[1] (db).election:") && problems.contains("renew"), problems);
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("failover4j.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}

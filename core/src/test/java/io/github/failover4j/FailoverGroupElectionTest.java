package io.github.failover4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builder's election options: what it refuses, all at once. */
class FailoverGroupElectionTest {

  @Test
  void anElectionRefusesTheVrrpOptionsAndListsEveryProblemAtOnce() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> FailoverGroup.builder()
        .interfaceName("eth0")
        .vrid(51)
        .advertInterval(Duration.ofMillis(100))
        .unicastPeers(List.of("192.0.2.2"))
        .priority(255)
        .syncGroup(SyncGroup.named("edge"))
        .candidate(" ")
        .election("etdc", Map.of("endpoints", "https://192.0.2.5:2379"))
        .virtualIp("192.0.2.10/32")
        .build());
    List<String> problems = e.problems();
    assertEquals(List.of(
        "vrid: set with an election (expected: none; the etdc election, not VRRP, elects the group)",
        "advertInterval: set with an election (expected: none; the etdc election, not VRRP, elects the group)",
        "unicastPeers: set with an election (expected: none; the etdc election, not VRRP, elects the group)",
        "name: missing (expected: a name; with an election it names the group's key or Lease)",
        "priority: 255 with an election (expected: 1..254; a lease has no address owner)",
        "syncGroup: set with an election (expected: none; sync groups move VRRP groups only)",
        "candidate: blank (expected: this node's identity, unique among the group's candidates)",
        "election: unknown election \"etdc\" (available: none)"),
        problems.stream().filter(p -> p.startsWith("vrid") || p.startsWith("advertInterval")
            || p.startsWith("unicastPeers") || p.startsWith("name") || p.startsWith("priority: 255")
            || p.startsWith("syncGroup") || p.startsWith("candidate") || p.startsWith("election")).toList());
  }

  @Test
  void ourElectionsNameTheModuleToAdd() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> FailoverGroup.builder()
        .name("web").interfaceName("eth0").election("kubernetes", Map.of()).virtualIp("192.0.2.10/32").build());
    assertEquals(List.of("election: unknown election \"kubernetes\" (available: none); add"
        + " io.github.failover4j:failover4j-election-kubernetes to the class path or module path"), e.problems());
  }

  @Test
  void aCandidateWithoutAnElectionIsAMistake() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> FailoverGroup.builder()
        .interfaceName("eth0").vrid(51).candidate("web-1").virtualIp("192.0.2.10/32").build());
    assertEquals(List.of("candidate: set without an election (expected: election(...) too; VRRP has no candidates)"),
        e.problems());
  }
}

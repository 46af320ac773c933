/**
 * The {@code kubernetes} election: a failover group's leadership from a Kubernetes
 * {@code coordination.k8s.io/v1} Lease instead of VRRP, for nodes that share no LAN. The leader is
 * the Lease's holder, as with client-go's leader election; the Lease's transitions are the fencing
 * token given to the movers.
 *
 * <p>Choose it by name ({@code election("kubernetes", settings)}); {@link java.util.ServiceLoader}
 * finds it.
 */
module io.github.failover4j.election.kubernetes {
  requires transitive io.github.failover4j;
  requires okhttp3;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;
  requires org.slf4j;

  exports io.github.failover4j.election.kubernetes;

  provides io.github.failover4j.spi.ElectionProvider
      with io.github.failover4j.election.kubernetes.KubernetesElectionProvider;
}

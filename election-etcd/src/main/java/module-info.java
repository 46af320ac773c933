/**
 * The {@code etcd} election: a failover group's leadership from an etcd v3 lease instead of VRRP,
 * for nodes that share no LAN. The leader holds the group's election key, attached to its lease;
 * the key's create revision is the fencing token given to the movers.
 *
 * <p>Choose it by name ({@code election("etcd", settings)}); {@link java.util.ServiceLoader} finds it.
 */
module io.github.failover4j.election.etcd {
  requires transitive io.github.failover4j;
  requires okhttp3;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports io.github.failover4j.election.etcd;

  provides io.github.failover4j.spi.ElectionProvider with io.github.failover4j.election.etcd.EtcdElectionProvider;
}

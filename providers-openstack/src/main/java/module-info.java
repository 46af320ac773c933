/**
 * The {@code openstack} IP mover: when a group becomes MASTER, re-associates a Neutron floating IP
 * with this node's port, or makes sure the group's address is in this node's port's allowed address
 * pairs. Credentials come from {@code clouds.yaml}, the {@code OS_*} environment variables, or the
 * mover's own settings.
 *
 * <p>Choose it by name ({@code mover("openstack", settings)}); {@link java.util.ServiceLoader} finds it.
 */
module io.github.failover4j.provider.openstack {
  requires transitive io.github.failover4j;
  requires io.github.failover4j.provider.support;
  requires okhttp3;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.slf4j;

  exports io.github.failover4j.provider.openstack;

  provides io.github.failover4j.spi.IpMoverProvider with io.github.failover4j.provider.openstack.OpenStackMoverProvider;
}

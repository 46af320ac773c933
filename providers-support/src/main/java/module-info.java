/**
 * Internal plumbing shared by failover4j's cloud IP movers (hetzner, ovh, openstack): one HTTP
 * request bounded by an operation's deadline and aborted by its cancellation, the answer read
 * whole, JSON trees, {@code Retry-After}, the metadata service, settings checks and address text.
 * Not an API for users: it is exported to the provider modules only, and may change with them.
 */
// the qualified export names the provider modules, which are built after this one
@SuppressWarnings("module")
module io.github.failover4j.provider.support {
  requires transitive io.github.failover4j;
  requires transitive okhttp3;
  requires transitive com.fasterxml.jackson.databind;
  requires transitive org.slf4j;

  exports io.github.failover4j.provider.support to io.github.failover4j.provider.hetzner,
      io.github.failover4j.provider.ovh, io.github.failover4j.provider.openstack;
}

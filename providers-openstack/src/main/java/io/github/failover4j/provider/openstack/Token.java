package io.github.failover4j.provider.openstack;

import io.github.failover4j.spi.Secret;
import java.time.Instant;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * A Keystone token and what a mover needs of its catalog.
 *
 * @param value the token, sent as {@code X-Auth-Token}
 * @param expiresAt when Keystone says it expires; empty for a token that does not
 * @param network Neutron's base URL, without {@code v2.0}
 */
record Token(Secret value, Optional<Instant> expiresAt, HttpUrl network) {
  @Override
  public String toString() {
    return "Token(expires " + expiresAt.map(Instant::toString).orElse("never") + ", network " + network + ")";
  }
}

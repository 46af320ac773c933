package io.github.failover4j.provider.hetzner;

import io.github.failover4j.spi.Secret;

/**
 * Where a mover reads the credentials that its settings do not name as files: the process's
 * environment in production, a map in tests.
 */
@FunctionalInterface
interface Environment {
  /** The process's own environment. */
  Environment SYSTEM = Secret::fromEnvironment;

  /**
   * Reads a variable as a secret.
   *
   * @param variable e.g. {@code HCLOUD_TOKEN}
   * @return its value
   * @throws Secret.Unavailable if it is unset or empty
   */
  Secret secret(String variable);
}

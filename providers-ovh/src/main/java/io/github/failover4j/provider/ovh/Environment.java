package io.github.failover4j.provider.ovh;

import io.github.failover4j.spi.Secret;
import java.util.Optional;

/**
 * The {@code OVH_*} variables a mover reads when its settings do not name a credential: the
 * process's environment in production, a map in tests.
 */
interface Environment {
  /** The process's own environment. */
  Environment SYSTEM = new Environment() {
    @Override
    public Optional<String> value(String variable) {
      return Optional.ofNullable(System.getenv(variable)).map(String::strip).filter(v -> !v.isEmpty());
    }

    @Override
    public Secret secret(String variable) {
      return Secret.fromEnvironment(variable);
    }
  };

  /**
   * Reads a variable that is not a secret (an application key, an endpoint).
   *
   * @param variable e.g. {@code OVH_ENDPOINT}
   * @return its value without surrounding white space, empty if unset or blank
   */
  Optional<String> value(String variable);

  /**
   * Reads a variable as a secret.
   *
   * @param variable e.g. {@code OVH_APPLICATION_SECRET}
   * @return its value
   * @throws Secret.Unavailable if it is unset or empty
   */
  Secret secret(String variable);
}

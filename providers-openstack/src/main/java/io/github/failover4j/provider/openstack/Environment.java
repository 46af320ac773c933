package io.github.failover4j.provider.openstack;

import io.github.failover4j.spi.Secret;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The environment variables a mover reads its {@code OS_*} settings from: the process's own in
 * production, a map in tests (which must never see the real ones).
 */
final class Environment {
  private final Map<String, String> variables;
  private final boolean process;

  private Environment(Map<String, String> variables, boolean process) {
    this.variables = Map.copyOf(variables);
    this.process = process;
  }

  /**
   * The process's environment.
   *
   * @return the environment
   */
  static Environment system() {
    return new Environment(System.getenv(), true);
  }

  /**
   * An environment of given variables.
   *
   * @param variables the variables
   * @return the environment
   */
  static Environment of(Map<String, String> variables) {
    return new Environment(variables, false);
  }

  /**
   * Reads a variable.
   *
   * @param name its name
   * @return its value, empty if unset or blank
   */
  Optional<String> get(String name) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /**
   * Returns the variables whose names start with a prefix.
   *
   * @param prefix e.g. {@code OS_}
   * @return name to value, sorted by name
   */
  Map<String, String> startingWith(String prefix) {
    Map<String, String> found = new TreeMap<>();
    variables.forEach((name, value) -> {
      if (name.startsWith(prefix) && !value.isBlank()) {
        found.put(name, value.strip());
      }
    });
    return found;
  }

  /**
   * Reads a variable as a secret.
   *
   * @param name its name, e.g. {@code OS_PASSWORD}
   * @return the secret, which says where it came from, never its value
   * @throws Secret.Unavailable if the variable is unset or empty
   */
  Secret secret(String name) {
    if (process) {
      return Secret.fromEnvironment(name);
    }
    return get(name).map(Secret::of).orElseThrow(() ->
        new Secret.Unavailable("environment variable " + name + " is not set (expected: the secret)"));
  }
}

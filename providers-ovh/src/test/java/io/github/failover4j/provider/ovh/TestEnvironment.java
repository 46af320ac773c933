package io.github.failover4j.provider.ovh;

import io.github.failover4j.spi.Secret;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** An environment of a test: variables in a map, never the JVM's own (which may hold real OVH_* credentials). */
final class TestEnvironment implements Environment {
  private final Map<String, String> variables = new HashMap<>();

  TestEnvironment set(String variable, String value) {
    variables.put(variable, value);
    return this;
  }

  @Override
  public Optional<String> value(String variable) {
    return Optional.ofNullable(variables.get(variable)).map(String::strip).filter(v -> !v.isEmpty());
  }

  @Override
  public Secret secret(String variable) {
    return value(variable).map(Secret::of)
        .orElseThrow(() -> new Secret.Unavailable("environment variable " + variable + " is not set"));
  }
}

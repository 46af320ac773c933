package io.github.failover4j.spi;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An election store's settings as text by key (nested keys joined with dots, e.g. {@code tls.ca};
 * lists joined with commas), as the agent reads them from its file and as a builder passes them.
 * Values may name secret files, never hold secrets: {@link #toString()} shows the keys only.
 *
 * @param values the settings
 */
public record ElectionConfig(Map<String, String> values) {
  /**
   * Copies the settings.
   *
   * @param values the settings
   */
  public ElectionConfig {
    values = Map.copyOf(values);
  }

  /**
   * Returns one setting.
   *
   * @param key its key
   * @return its value, if set
   */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /**
   * Returns the keys that are set, for a provider to report those it does not know.
   *
   * @return the keys
   */
  public Set<String> keys() {
    return values.keySet();
  }

  @Override
  public String toString() {
    return "ElectionConfig" + new TreeMap<>(values).keySet();
  }
}

package io.github.failover4j.spi;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A provider's settings as strings by key (from code or from the agent's configuration file).
 * Providers read them through a typed view whose validation lists every problem at once. Values may
 * be secrets: {@link #toString()} shows only the keys.
 */
public final class MoverConfig {
  private static final MoverConfig EMPTY = new MoverConfig(Map.of());

  private final Map<String, String> values;

  private MoverConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * Settings from a map.
   *
   * @param values the settings
   * @return the configuration
   */
  public static MoverConfig of(Map<String, String> values) {
    return new MoverConfig(values);
  }

  /**
   * No settings.
   *
   * @return the empty configuration
   */
  public static MoverConfig empty() {
    return EMPTY;
  }

  /**
   * Returns a setting.
   *
   * @param key its key
   * @return its value, if set
   */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /**
   * Returns the keys that are set, so that a provider can reject the ones it does not know.
   *
   * @return the keys
   */
  public Set<String> keys() {
    return values.keySet();
  }

  @Override
  public String toString() {
    return "MoverConfig" + new TreeMap<>(values).keySet();
  }
}

package io.github.failover4j.internal;

import io.github.failover4j.spi.IpMoverProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds IP mover providers by name through {@link ServiceLoader}, from the caller's context class
 * loader and failover4j's own. Never falls back to anything: an unknown name, a missing provider
 * module, or two providers with one name is an error that says so.
 */
public final class IpMovers {
  private static final Set<String> OURS = Set.of("ovh", "hetzner", "openstack");

  private IpMovers() {}

  /**
   * Returns the provider of a name.
   *
   * @param name e.g. {@code local}
   * @return the provider
   * @throws IllegalArgumentException naming the problem, e.g. {@code unknown ip mover "hetzer"
   *     (available: local, ovh)}
   */
  public static IpMoverProvider byName(String name) {
    Map<String, List<IpMoverProvider>> byName = all();
    List<IpMoverProvider> found = byName.getOrDefault(name, List.of());
    if (found.size() > 1) {
      throw new IllegalArgumentException("ip mover \"" + name + "\": provided twice, by "
          + found.stream().map(p -> p.getClass().getName()).toList() + " (expected: one provider per name)");
    }
    if (found.isEmpty()) {
      String hint = OURS.contains(name)
          ? "; add io.github.failover4j:failover4j-provider-" + name + " to the class path or module path"
          : "";
      throw new IllegalArgumentException("unknown ip mover \"" + name + "\" (available: "
          + String.join(", ", new TreeSet<>(byName.keySet())) + ")" + hint);
    }
    return found.get(0);
  }

  private static Map<String, List<IpMoverProvider>> all() {
    Map<String, IpMoverProvider> byClass = new LinkedHashMap<>();
    List<ClassLoader> loaders = new ArrayList<>();
    if (Thread.currentThread().getContextClassLoader() != null) {
      loaders.add(Thread.currentThread().getContextClassLoader());
    }
    loaders.add(IpMovers.class.getClassLoader());
    for (ClassLoader loader : loaders) {
      try {
        for (IpMoverProvider provider : ServiceLoader.load(IpMoverProvider.class, loader)) {
          byClass.putIfAbsent(provider.getClass().getName(), provider);
        }
      } catch (ServiceConfigurationError e) {
        // a provider jar that is broken (a missing class, a constructor that throws) names itself here
        throw new IllegalArgumentException("ip mover providers: one could not be loaded: " + e.getMessage()
            + (e.getCause() == null ? "" : " (" + e.getCause() + ")")
            + "; remove or fix that jar (expected: every provider on the path loads)", e);
      }
    }
    Map<String, List<IpMoverProvider>> byName = new LinkedHashMap<>();
    byClass.values().forEach(p -> byName.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p));
    return byName;
  }
}

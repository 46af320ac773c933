package io.github.failover4j.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Finds providers of one kind by name through {@link ServiceLoader}, from the caller's context
 * class loader and failover4j's own. Never falls back to anything: an unknown name, a missing
 * provider module, or two providers with one name is an error that says so.
 *
 * @param <P> the kind of provider
 */
final class NamedProviders<P> {
  private final Class<P> type;
  private final String what;
  private final Function<P, String> name;
  private final Set<String> ours;
  private final String artifactPrefix;

  /**
   * Describes a kind of provider.
   *
   * @param type the service interface
   * @param what its name in messages, e.g. {@code ip mover}
   * @param name a provider's name
   * @param ours the names of providers failover4j ships in modules of their own
   * @param artifactPrefix their artifacts' prefix, e.g. {@code failover4j-provider-}
   */
  NamedProviders(Class<P> type, String what, Function<P, String> name, Set<String> ours, String artifactPrefix) {
    this.type = type;
    this.what = what;
    this.name = name;
    this.ours = ours;
    this.artifactPrefix = artifactPrefix;
  }

  P byName(String wanted) {
    Map<String, List<P>> byName = all();
    List<P> found = byName.getOrDefault(wanted, List.of());
    if (found.size() > 1) {
      throw new IllegalArgumentException(what + " \"" + wanted + "\": provided twice, by "
          + found.stream().map(p -> p.getClass().getName()).toList() + " (expected: one provider per name)");
    }
    if (found.isEmpty()) {
      String hint = ours.contains(wanted)
          ? "; add io.github.failover4j:" + artifactPrefix + wanted + " to the class path or module path"
          : "";
      throw new IllegalArgumentException("unknown " + what + " \"" + wanted + "\" (available: "
          + (byName.isEmpty() ? "none" : String.join(", ", new TreeSet<>(byName.keySet()))) + ")" + hint);
    }
    return found.get(0);
  }

  private Map<String, List<P>> all() {
    Map<String, P> byClass = new LinkedHashMap<>();
    List<ClassLoader> loaders = new ArrayList<>();
    if (Thread.currentThread().getContextClassLoader() != null) {
      loaders.add(Thread.currentThread().getContextClassLoader());
    }
    loaders.add(NamedProviders.class.getClassLoader());
    for (ClassLoader loader : loaders) {
      try {
        for (P provider : ServiceLoader.load(type, loader)) {
          byClass.putIfAbsent(provider.getClass().getName(), provider);
        }
      } catch (ServiceConfigurationError e) {
        // a provider jar that is broken (a missing class, a constructor that throws) names itself here
        throw new IllegalArgumentException(what + " providers: one could not be loaded: " + e.getMessage()
            + (e.getCause() == null ? "" : " (" + e.getCause() + ")")
            + "; remove or fix that jar (expected: every provider on the path loads)", e);
      }
    }
    Map<String, List<P>> byName = new LinkedHashMap<>();
    byClass.values().forEach(p -> byName.computeIfAbsent(name.apply(p), n -> new ArrayList<>()).add(p));
    return byName;
  }
}

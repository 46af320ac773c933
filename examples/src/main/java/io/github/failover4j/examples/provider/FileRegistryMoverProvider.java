package io.github.failover4j.examples.provider;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverProvider;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.MoverContext;
import io.github.failover4j.spi.Secret;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An example of a custom IP mover provider, {@code file-registry}: the "cloud" is a
 * {@link FileRegistry}, a properties file on a shared disk naming who holds each address. Copy it
 * for your own provider: settings checked all at once with every problem listed, the token read
 * into a {@link Secret}, check-act-verify in the mover, failures classified by status.
 *
 * <pre>{@code
 * FailoverGroup web = FailoverGroup.builder()
 *     ...
 *     .mover("file-registry", MoverConfig.of(Map.of(
 *         "file", "/shared/failover4j/registry.properties",
 *         "node", "node-a",
 *         "tokenFile", "/etc/failover4j/registry.token")))
 *     .build();
 * }</pre>
 *
 * <p>Registered for {@link java.util.ServiceLoader} twice: {@code provides} in this module's
 * {@code module-info.java} (module path) and
 * {@code META-INF/services/io.github.failover4j.spi.IpMoverProvider} (class path).
 */
public final class FileRegistryMoverProvider implements IpMoverProvider {
  /** The name groups choose the provider by. */
  public static final String NAME = "file-registry";

  private static final Set<String> KEYS = Set.of("file", "node", "tokenFile");

  /** Creates the provider (ServiceLoader calls this). */
  public FileRegistryMoverProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Checks the settings, reads the token and makes the mover; the registry itself is not touched
   * (a registry that is down now may be up when the group needs it).
   *
   * @param context the group's addresses and the settings {@code file}, {@code node} and {@code tokenFile}
   * @return the mover
   * @throws ConfigurationException listing every problem of the settings
   */
  @Override
  public IpMover create(MoverContext context) {
    MoverConfig config = context.config();
    List<String> problems = new ArrayList<>();
    for (String key : new TreeSet<>(config.keys())) {
      if (!KEYS.contains(key)) {
        problems.add(key + ": unknown (expected: file, node, tokenFile)");
      }
    }
    Optional<Path> file = required(config, "file", "the registry's properties file", problems).flatMap(value -> {
      try {
        return Optional.of(Path.of(value));
      } catch (InvalidPathException e) {
        problems.add("file: \"" + value + "\" is not a valid path");
        return Optional.empty();
      }
    });
    Optional<String> node = required(config, "node", "this node's name in the registry", problems);
    Optional<Secret> token = required(config, "tokenFile", "a file holding the registry's token", problems)
        .flatMap(value -> {
          try {
            return Optional.of(Secret.fromFile(Path.of(value)));
          } catch (InvalidPathException e) {
            problems.add("tokenFile: \"" + value + "\" is not a valid path");
          } catch (Secret.Unavailable e) {
            problems.add("tokenFile: " + e.getMessage()); // names the file, never its content
          }
          return Optional.empty();
        });
    if (!problems.isEmpty()) {
      throw new ConfigurationException("ip mover " + NAME, problems);
    }
    List<String> addresses = context.target().addresses().stream()
        .map(vip -> vip.address().getHostAddress()).toList();
    return new FileRegistryMover(file.orElseThrow(), token.orElseThrow(), node.orElseThrow(), addresses);
  }

  private static Optional<String> required(MoverConfig config, String key, String expected, List<String> problems) {
    Optional<String> value = config.get(key).filter(v -> !v.isBlank());
    if (value.isEmpty()) {
      problems.add(key + ": missing (expected: " + expected + ")");
    }
    return value;
  }
}

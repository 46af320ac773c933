package io.github.failover4j.provider.openstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.failover4j.provider.support.JsonBodies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code clouds.yaml} file every OpenStack user already has, read as openstacksdk reads it: the
 * first file found of {@code OS_CLIENT_CONFIG_FILE}, then {@code clouds.yaml} (or {@code .yml},
 * {@code .json}) in the working directory, {@code $XDG_CONFIG_HOME/openstack},
 * {@code ~/.config/openstack} and {@code /etc/openstack}; and {@code secure.yaml}, found the same way
 * ({@code OS_CLIENT_SECURE_FILE} first), whose entries are merged over the ones of the same name so
 * that the secrets can live in a file only the service can read.
 *
 * <p>Parse errors are reported by line only: a YAML library's message quotes the text around the
 * error, which may be a password.
 */
final class CloudsYaml {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final List<String> SUFFIXES = List.of(".yaml", ".yml", ".json");

  /**
   * Where to look for the files, in order.
   *
   * @param directories the folders, the first found wins
   */
  record Locations(List<Path> directories) {
    /** Copies the list. */
    Locations {
      directories = List.copyOf(directories);
    }

    /**
     * openstacksdk's search path: the working directory, the user's configuration folder
     * ({@code $XDG_CONFIG_HOME/openstack} when set, and {@code ~/.config/openstack}), and
     * {@code /etc/openstack}.
     *
     * @param environment for {@code XDG_CONFIG_HOME}
     * @return the locations
     */
    static Locations standard(Environment environment) {
      List<Path> folders = new ArrayList<>();
      folders.add(Path.of("").toAbsolutePath());
      environment.get("XDG_CONFIG_HOME").ifPresent(xdg -> folders.add(Path.of(xdg, "openstack")));
      folders.add(Path.of(System.getProperty("user.home"), ".config", "openstack"));
      folders.add(Path.of("/etc/openstack"));
      return new Locations(folders);
    }
  }

  /**
   * One cloud of the file, flattened as openstacksdk flattens it: the keys of its {@code auth}
   * section beside (and over) the others, {@code -} in keys read as {@code _}.
   *
   * @param name the cloud's name
   * @param values every scalar setting, e.g. {@code auth_url}, {@code region_name}
   * @param file the clouds.yaml it is in
   * @param secureFile the secure.yaml merged over it, if any
   * @param secureKeys the keys whose value came from that secure.yaml
   */
  record Entry(String name, Map<String, String> values, Path file, Optional<Path> secureFile, Set<String> secureKeys) {
    /** Copies the collections. */
    Entry {
      values = Map.copyOf(values);
      secureKeys = Set.copyOf(secureKeys);
    }

    /**
     * Tells which file a setting came from.
     *
     * @param key e.g. {@code password}
     * @return secure.yaml if it set the key there, else clouds.yaml
     */
    Path origin(String key) {
      return secureKeys.contains(key) && secureFile.isPresent() ? secureFile.get() : file;
    }

    /**
     * Names the entry for messages.
     *
     * @return e.g. {@code cloud "prod" of /etc/openstack/clouds.yaml}
     */
    String describe() {
      return "cloud \"" + name + "\" of " + file + secureFile.map(s -> " (and " + s + ")").orElse("");
    }
  }

  private final Path file;
  private final JsonNode clouds;
  private final Optional<Path> secureFile;
  private final JsonNode secureClouds;

  private CloudsYaml(Path file, JsonNode clouds, Optional<Path> secureFile, JsonNode secureClouds) {
    this.file = file;
    this.clouds = clouds;
    this.secureFile = secureFile;
    this.secureClouds = secureClouds;
  }

  /**
   * Finds and reads clouds.yaml and secure.yaml.
   *
   * @param environment for {@code OS_CLIENT_CONFIG_FILE} and {@code OS_CLIENT_SECURE_FILE}
   * @param locations where to look
   * @param problems where a file that cannot be read or parsed is reported
   * @return the clouds, empty if no clouds.yaml was found or it could not be read
   */
  static Optional<CloudsYaml> find(Environment environment, Locations locations, List<String> problems) {
    Optional<Path> found = first(environment.get("OS_CLIENT_CONFIG_FILE"), "clouds", locations);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Optional<JsonNode> clouds = read(found.get(), problems);
    if (clouds.isEmpty()) {
      return Optional.empty();
    }
    Optional<Path> secure = first(environment.get("OS_CLIENT_SECURE_FILE"), "secure", locations);
    JsonNode secureClouds = secure.flatMap(s -> read(s, problems)).orElse(JsonBodies.object());
    return Optional.of(new CloudsYaml(found.get(), clouds.get(), secure, secureClouds));
  }

  /** The file named by the variable, else the first one of the search path that exists. */
  private static Optional<Path> first(Optional<String> override, String name, Locations locations) {
    List<Path> candidates = new ArrayList<>();
    override.ifPresent(o -> candidates.add(Path.of(o)));
    for (Path folder : locations.directories()) {
      for (String suffix : SUFFIXES) {
        candidates.add(folder.resolve(name + suffix));
      }
    }
    return candidates.stream().filter(Files::isRegularFile).findFirst();
  }

  /** The {@code clouds} section of a file (JSON is YAML), or a problem. */
  private static Optional<JsonNode> read(Path path, List<String> problems) {
    try {
      JsonNode document = YAML.readTree(path.toFile());
      JsonNode clouds = document == null ? null : document.path("clouds");
      if (clouds == null || !clouds.isObject()) {
        problems.add("cloud: " + path + " has no clouds section (expected: a clouds.yaml with clouds: NAME: auth: ...)");
        return Optional.empty();
      }
      return Optional.of(clouds);
    } catch (JsonProcessingException e) {
      // the line only: the parser's message quotes the file, perhaps a password
      problems.add("cloud: " + path + " is not valid YAML (line " + e.getLocation().getLineNr() + ")");
    } catch (IOException e) {
      problems.add("cloud: " + path + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    return Optional.empty();
  }

  /**
   * Returns the file that was read.
   *
   * @return clouds.yaml's path
   */
  Path file() {
    return file;
  }

  /**
   * Returns the names of its clouds.
   *
   * @return the names, sorted
   */
  Set<String> names() {
    Set<String> names = new TreeSet<>();
    clouds.properties().forEach(field -> names.add(field.getKey()));
    return names;
  }

  /**
   * Returns one cloud, with its secure.yaml entry merged over it.
   *
   * @param name the cloud's name
   * @return the cloud, empty if the file has none of that name
   */
  Optional<Entry> entry(String name) {
    JsonNode cloud = clouds.path(name);
    if (!cloud.isObject()) {
      return Optional.empty();
    }
    JsonNode secure = secureClouds.path(name);
    ObjectNode merged = cloud.deepCopy();
    if (secure.isObject()) {
      merge(merged, secure);
    }
    Set<String> secureKeys = secure.isObject() ? flatten(secure).keySet() : Set.of();
    return Optional.of(new Entry(name, flatten(merged), file, secure.isObject() ? secureFile : Optional.empty(),
        secureKeys));
  }

  private static void merge(ObjectNode base, JsonNode over) {
    over.properties().forEach(field -> {
      JsonNode existing = base.get(field.getKey());
      if (existing instanceof ObjectNode object && field.getValue().isObject()) {
        merge(object, field.getValue());
      } else {
        base.set(field.getKey(), field.getValue().deepCopy());
      }
    });
  }

  /**
   * The scalar settings of a cloud: its own, then its {@code auth} section's over them (openstacksdk
   * prefers those), then the first of its {@code regions} when it names no {@code region_name}.
   */
  private static Map<String, String> flatten(JsonNode cloud) {
    Map<String, String> values = new TreeMap<>();
    scalars(cloud, values);
    scalars(cloud.path("auth"), values);
    JsonNode regions = cloud.path("regions");
    if (!values.containsKey("region_name") && regions.isArray() && !regions.isEmpty()) {
      JsonNode first = regions.get(0);
      JsonNode region = first.isObject() ? first.path("name") : first;
      if (region.isValueNode() && !region.asText().isBlank()) {
        values.put("region_name", region.asText());
      }
    }
    return values;
  }

  private static void scalars(JsonNode node, Map<String, String> into) {
    node.properties().forEach(field -> {
      if (field.getValue().isValueNode() && !field.getValue().isNull()) {
        into.put(field.getKey().replace('-', '_').toLowerCase(Locale.ROOT), field.getValue().asText());
      }
    });
  }
}

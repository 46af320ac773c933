package io.github.failover4j.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the configuration file says about one group, compared by value to tell the groups a reload
 * leaves alone from those it restarts: the group's entry as read (anchors and merge keys resolved),
 * the definitions of the checks it tracks, its sync group's entry, and a digest of each file its keys
 * name ({@code authPasswordFile}, a mover's {@code tokenFile}), read now. Any difference restarts
 * the group, a key added to the schema later included: a restart too many costs one handover, a
 * restart missed would run the old configuration.
 *
 * @param name the group's name
 * @param entry its entry of {@code groups}
 * @param checks the checks it tracks by name, each as {@code checks} defines it (empty if it does not)
 * @param syncGroup the entry of {@code syncGroups} that lists it, if any
 * @param files a digest of each file its keys name, by path as written; never shown
 */
record GroupDefinition(String name, JsonNode entry, Map<String, Optional<JsonNode>> checks,
    Optional<JsonNode> syncGroup, Map<String, String> files) {

  /** Copies the maps. */
  GroupDefinition {
    checks = Map.copyOf(checks);
    files = Map.copyOf(files);
  }

  /**
   * Describes every named group of a file that was read without problems.
   *
   * @param root the file's top map
   * @param directory where relative paths start (the configuration's directory)
   * @return the definitions by group name, in the file's order
   */
  static Map<String, GroupDefinition> of(JsonNode root, Path directory) {
    Map<String, GroupDefinition> definitions = new LinkedHashMap<>();
    for (JsonNode entry : root.path("groups")) {
      String name = entry.path("name").asText();
      Map<String, Optional<JsonNode>> checks = new LinkedHashMap<>();
      for (JsonNode item : entry.path("track").path("checks")) {
        String check = item.isObject() ? item.path("name").asText() : item.asText();
        checks.put(check, Optional.ofNullable(root.path("checks").get(check)));
      }
      Optional<JsonNode> syncGroup = Optional.empty();
      for (JsonNode sync : root.path("syncGroups")) {
        for (JsonNode member : sync.path("groups")) {
          if (member.asText().equals(name)) {
            syncGroup = Optional.of(sync);
          }
        }
      }
      Map<String, String> files = new LinkedHashMap<>();
      digests(entry, directory, files);
      definitions.put(name, new GroupDefinition(name, entry, checks, syncGroup, files));
    }
    return definitions;
  }

  /**
   * Describes a group no file describes (one of OpenShift's variables), which no reload compares.
   *
   * @param name the group's name
   * @return the definition: the name alone
   */
  static GroupDefinition unread(String name) {
    return new GroupDefinition(name, MissingNode.getInstance(), Map.of(), Optional.empty(), Map.of());
  }

  /**
   * Returns the name of its sync group.
   *
   * @return the name, if it is a member of one
   */
  Optional<String> syncGroupName() {
    return syncGroup.map(sync -> sync.path("name").asText());
  }

  /** Keys ending in {@code File} name files, as a path or a map of paths ({@code secretFile.X}). */
  private static void digests(JsonNode node, Path directory, Map<String, String> files) {
    node.properties().forEach(property -> {
      JsonNode value = property.getValue();
      if (property.getKey().endsWith("File") && value.isTextual()) {
        files.put(value.asText(), digest(directory.resolve(value.asText())));
      } else if (property.getKey().endsWith("File") && value.isObject()) {
        value.forEach(path -> files.put(path.asText(), digest(directory.resolve(path.asText()))));
      }
    });
    node.forEach(child -> {
      if (child.isContainerNode()) {
        digests(child, directory, files);
      }
    });
  }

  /** A file's SHA-256, to compare: it may hold a password, which is not kept. */
  private static String digest(Path file) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      return "unreadable: " + e.getClass().getSimpleName();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
  }

  /** Its name only: the entry may hold a password, and a digest of a short one can be reversed. */
  @Override
  public String toString() {
    return "GroupDefinition[" + name + "]";
  }
}

package io.github.failover4j.agent;

import io.github.failover4j.TrackChange;
import io.github.failover4j.Tracked;
import io.github.failover4j.check.Check;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group's {@code track} section: checks of the file's {@code checks}, other interfaces, and files
 * holding a number. An item is a name (a path for a file), or a map with its weight. Weight ranges,
 * weights with priority 255 and items tracked twice are the group builder's to judge; its problems
 * are said with the items' paths ({@link #renamed}).
 */
final class TrackReader {
  /** keepalived's {@code vrrp_track_file} weight, as its users expect it. */
  static final int FILE_WEIGHT = 1;

  /** An item being read. */
  private static final class Item {
    String name;
    int weight;
    boolean reverse;

    Item(int weight) {
      this.weight = weight;
    }
  }

  private static final Options<Item> NAMED = Options.of(
      Option.of("name", Type.TEXT, (item, value) -> item.name = value),
      Option.of("weight", Type.INTEGER, (item, value) -> item.weight = value),
      Option.of("reverse", Type.BOOLEAN, (item, value) -> item.reverse = value));
  private static final Options<Item> FILE = Options.of(
      Option.of("path", Type.TEXT, (item, value) -> item.name = value),
      Option.of("weight", Type.INTEGER, (item, value) -> item.weight = value));
  private static final Options<TrackReader> TRACK = Options.of(
      Option.custom("checks", "checks", (node, r) -> node.each("checks", item -> r.check(item))),
      Option.custom("interfaces", "interfaces", (node, r) -> node.each("interfaces", item -> r.trackInterface(item))),
      Option.custom("files", "files", (node, r) -> node.each("files", item -> r.file(item))));

  private final Map<String, Optional<Check>> checks;
  private final Path directory;
  private final List<Tracked> items = new ArrayList<>();
  private final Map<String, String> paths = new LinkedHashMap<>();

  private TrackReader(Map<String, Optional<Check>> checks, Path directory) {
    this.checks = checks;
    this.directory = directory;
  }

  /**
   * Reads a group's {@code track} section, if it has one.
   *
   * @param group the group's map
   * @param checks the file's checks, by name; empty for one with problems
   * @param directory where relative file paths start
   * @return the reader, holding the items read
   */
  static TrackReader read(Node group, Map<String, Optional<Check>> checks, Path directory) {
    TrackReader reader = new TrackReader(checks, directory);
    group.map("track", "a map with checks, interfaces, files").ifPresent(track -> TRACK.read(track, reader));
    return reader;
  }

  /** The items, in the order of the file. */
  List<Tracked> items() {
    return List.copyOf(items);
  }

  /**
   * Says a group builder's problem of an item with the item's path: {@code track check nginx:
   * tracked twice} becomes {@code groups[0].track.checks[2]: tracked twice}.
   *
   * @param problem as the builder said it
   * @return the problem with its path, or empty if it is not one of an item
   */
  Optional<String> renamed(String problem) {
    return paths.entrySet().stream().filter(e -> problem.startsWith(e.getKey() + ":")).findFirst()
        .map(e -> e.getValue() + problem.substring(e.getKey().length()));
  }

  private void check(Node node) {
    item(node, NAMED, "name", 0).ifPresent(item -> {
      Optional<Check> check = checks.get(item.name);
      if (check == null) {
        node.problem(Node.unknownName("check", "checks", item.name, checks.keySet()));
      }
      // a check with problems of its own is reported under checks, not again here
      Optional.ofNullable(check).flatMap(c -> c).ifPresent(c -> add(node, new Tracked.OfCheck(c, item.weight,
          item.reverse)));
    });
  }

  private void trackInterface(Node node) {
    item(node, NAMED, "name", 0).ifPresent(item ->
        add(node, new Tracked.OfInterface(item.name, item.weight, item.reverse)));
  }

  private void file(Node node) {
    item(node, FILE, "path", FILE_WEIGHT).ifPresent(item ->
        add(node, new Tracked.OfFile(directory == null ? Path.of(item.name) : directory.resolve(item.name),
            item.weight)));
  }

  private void add(Node node, Tracked item) {
    items.add(item);
    // the last of a name: the builder says "tracked twice" of the second
    paths.put(builderName(item), node.path());
  }

  /** An item: a bare name, or a map with the name. */
  private static Optional<Item> item(Node node, Options<Item> options, String nameKey, int weight) {
    Item item = new Item(weight);
    options.readShorthand(node, nameKey, item);
    return item.name == null ? Optional.empty() : Optional.of(item);
  }

  /** How {@code FailoverGroup.Builder} names an item in its problems, to say them with the file's path. */
  static String builderName(Tracked item) {
    return "track " + item.label();
  }

  /** One item for {@code --check-config}: kind, name and its effect ({@code check nginx -60}). */
  static String describe(Tracked item) {
    String effect = item.weight() == 0 ? "fault" : item.kind() == TrackChange.Kind.FILE ? "x" + item.weight()
        : (item.weight() > 0 ? "+" : "") + item.weight();
    return item.label() + " " + effect
        + (item.reverse() ? " reversed" : "");
  }
}

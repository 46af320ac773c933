package io.github.failover4j.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.failover4j.ConfigurationException;
import io.github.failover4j.FailoverGroup;
import io.github.failover4j.MoverOptions;
import io.github.failover4j.spi.MoverConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One entry of a group's {@code movers}: the driver's keys, the same for every provider, read into
 * {@link MoverOptions}; every other key is the provider's, handed over as text (a nested map as
 * dotted keys: {@code environment: {A: b}} is {@code environment.A}). Keys whose first part ends in
 * {@code File} are paths, relative to the configuration file's directory. The provider judges its
 * own keys, without any network call.
 */
final class MoverReader {
  private static final Options<MoverReader> DRIVER = Options.of(
      Option.of("provider", Type.TEXT, (m, value) -> m.provider = value),
      Option.of("reconcileInterval", Type.DURATION, (m, value) -> m.options.reconcileInterval(value)),
      Option.of("settle", Type.DURATION, (m, value) -> m.options.settle(value)),
      Option.of("timeout", Type.DURATION, (m, value) -> m.options.timeout(value)),
      Option.of("maxBackoff", Type.DURATION, (m, value) -> m.options.maxBackoff(value)),
      Option.of("release", words(MoverOptions.Release.values()), (m, value) -> m.options.release(value)),
      Option.of("onClaimFailure", words(MoverOptions.OnClaimFailure.values()),
          (m, value) -> m.options.onClaimFailure(value)),
      Option.of("failAfter", Type.DURATION, (m, value) -> m.options.failAfter(value)),
      Option.of("demoteBy", Type.INTEGER, (m, value) -> m.options.demoteBy(value)),
      Option.of("onSplitBrain", words(MoverOptions.OnSplitBrain.values()), (m, value) -> m.options.onSplitBrain(value)));

  private static final Set<String> DRIVER_KEYS = Set.copyOf(DRIVER.keys());

  private final Node node;
  private final Path directory;
  private final MoverOptions.Builder options = MoverOptions.builder();
  private String provider;

  private MoverReader(Node node, Path directory) {
    this.node = node;
    this.directory = directory;
  }

  /**
   * Reads a group's {@code movers} into its builder.
   *
   * @param group the group's map
   * @param directory where relative paths start, or null
   * @param builder the group's builder
   */
  static void readAll(Node group, Path directory, FailoverGroup.Builder builder) {
    group.eachMap("movers", "a map with provider and the provider's keys",
        item -> new MoverReader(item, directory).read(builder));
  }

  private void read(FailoverGroup.Builder builder) {
    DRIVER.options().forEach(option -> option.read().accept(node, this));
    if (provider == null) {
      if (!node.has("provider")) {
        node.problem("provider", "missing (expected: the provider's name, e.g. hetzner, exec)");
      }
      return;
    }
    Map<String, String> config = new LinkedHashMap<>();
    for (String key : node.keys()) {
      if (!DRIVER_KEYS.contains(key)) {
        node.raw(key).ifPresent(value -> flatten(key, value, config));
      }
    }
    MoverOptions built;
    try {
      built = options.build();
    } catch (ConfigurationException e) {
      e.problems().forEach(problem -> node.problems().add(node.path() + "." + problem));
      built = MoverOptions.defaults(); // so that the provider's own problems are listed too
    }
    builder.mover(provider, MoverConfig.of(config), built);
  }

  /** A provider's key as text; maps become dotted keys, lists are not a provider's kind of value. */
  private void flatten(String key, JsonNode value, Map<String, String> config) {
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        flatten(key + "." + field.getKey(), field.getValue(), config);
      }
    } else if (value.isValueNode() && !value.isNull()) {
      String text = value.asText();
      config.put(key, key.split("\\.", 2)[0].endsWith("File") && directory != null
          ? directory.resolve(text).toString() : text);
    } else if (!value.isNull()) {
      node.problem(key, "a list (expected: a text, number or boolean, or a map of them)");
    }
  }

  /** An enum's constants as the file writes them: {@code keep-trying} for {@code KEEP_TRYING}. */
  private static <E extends Enum<E>> Type<E> words(E[] constants) {
    List<String> words = java.util.Arrays.stream(constants).map(MoverReader::word).toList();
    Map<String, E> byWord = java.util.Arrays.stream(constants).collect(Collectors.toMap(MoverReader::word, c -> c));
    return Type.oneOf(words, byWord::get);
  }

  private static String word(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}

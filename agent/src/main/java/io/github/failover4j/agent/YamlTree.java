package io.github.failover4j.agent;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a YAML document as a tree, as Jackson's own {@code readTree} does (the same scalars: YAML
 * 1.1's {@code yes} is true, {@code 0012} is 10), and also resolves what it leaves out: aliases
 * ({@code *defaults}, the node of {@code &defaults}) and merge keys ({@code <<: *defaults}, whose
 * map's keys are added where the map does not have them; from a list of maps, the first has them).
 * An aliased node is shared, not copied; a document whose aliases expand to more than
 * {@link #MAX_VALUES} values is refused (the "billion laughs").
 */
final class YamlTree {
  static final long MAX_VALUES = 1_000_000;
  private static final YAMLFactory FACTORY = YAMLFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper SCALARS = new ObjectMapper(FACTORY);

  /** An error found here rather than by the parser: its kind, and where. */
  static final class Invalid extends JsonProcessingException {
    private static final long serialVersionUID = 1L;

    Invalid(String kind, JsonLocation location) {
      super(kind, location);
    }
  }

  private final YAMLParser parser;
  private final Map<String, JsonNode> anchors = new HashMap<>();
  private final Map<JsonNode, Long> sizes = new IdentityHashMap<>();
  private long values;

  private YamlTree(YAMLParser parser) {
    this.parser = parser;
  }

  /**
   * Reads the first document.
   *
   * @param text the YAML
   * @return its tree, or null if it is empty
   * @throws JsonProcessingException the parser's, or an {@link Invalid}
   */
  static JsonNode read(String text) throws IOException {
    try (YAMLParser parser = FACTORY.createParser(text)) {
      JsonToken token = parser.nextToken();
      return token == null ? null : new YamlTree(parser).value(token);
    }
  }

  private JsonNode value(JsonToken token) throws IOException {
    if (parser.isCurrentAlias()) {
      JsonNode target = anchors.get(parser.getText());
      if (target == null) {
        throw new Invalid("an alias (*name) with no anchor (&name) before it", parser.currentLocation());
      }
      count(sizes.getOrDefault(target, 1L));
      return target;
    }
    String anchor = parser.getObjectId();
    long before = values;
    JsonNode node = switch (token) {
      case START_OBJECT -> map();
      case START_ARRAY -> list();
      case VALUE_NULL -> NullNode.getInstance();
      default -> SCALARS.readTree(parser);
    };
    count(1);
    if (anchor != null) {
      anchors.put(anchor, node);
      sizes.put(node, values - before);
    }
    return node;
  }

  private void count(long more) throws Invalid {
    values += more;
    if (values > MAX_VALUES) {
      throw new Invalid("aliases that expand to more than " + MAX_VALUES + " values", parser.currentLocation());
    }
  }

  private JsonNode list() throws IOException {
    var list = JsonNodeFactory.instance.arrayNode();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      list.add(value(token));
    }
    return list;
  }

  private JsonNode map() throws IOException {
    List<String> keys = new ArrayList<>();
    List<JsonNode> items = new ArrayList<>();
    Set<String> explicit = new HashSet<>();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
      String key = parser.currentName();
      JsonLocation at = parser.currentLocation();
      JsonNode item = value(parser.nextToken());
      if (key.equals("<<") && !(item.isObject() || item.isArray() && allMaps(item))) {
        throw new Invalid("a merge key (<<) whose value is not a map or a list of maps", at);
      }
      keys.add(key);
      items.add(item);
      if (!key.equals("<<")) {
        explicit.add(key);
      }
    }
    ObjectNode map = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < keys.size(); i++) {
      if (!keys.get(i).equals("<<")) {
        map.set(keys.get(i), items.get(i));
        continue;
      }
      List<JsonNode> merged = new ArrayList<>();
      if (items.get(i).isObject()) {
        merged.add(items.get(i));
      } else {
        items.get(i).forEach(merged::add);
      }
      for (JsonNode from : merged) {
        from.properties().forEach(field -> {
          if (!explicit.contains(field.getKey()) && !map.has(field.getKey())) {
            map.set(field.getKey(), field.getValue());
          }
        });
      }
    }
    return map;
  }

  private static boolean allMaps(JsonNode list) {
    for (JsonNode item : list) {
      if (!item.isObject()) {
        return false;
      }
    }
    return !list.isEmpty();
  }
}

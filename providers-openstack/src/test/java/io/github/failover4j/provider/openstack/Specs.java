package io.github.failover4j.provider.openstack;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolverFactory;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.failover4j.provider.support.testing.OpenApiSpecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import mockwebserver3.RecordedRequest;

/**
 * The OpenAPI descriptions of Neutron (openstack-network-v2.yaml) and Keystone
 * (openstack-identity-v3.yaml) in shared/specs beside the repository, which every request a fake
 * receives, and every answer it gives, must satisfy. A missing file fails the tests: they would
 * otherwise prove nothing about the wire.
 *
 * <p>The validator (swagger-request-validator 2.x, the last that runs on Java 17) reads OpenAPI
 * 3.0: given these 3.1 descriptions as they are, it checks no body at all. So they are rewritten
 * before it reads them, mechanically and without changing what the mover's calls must satisfy:
 * only the operations the mover calls are kept, with the components they reference; a type list
 * with {@code null} becomes the type and {@code nullable}, a list of several types no type, a
 * {@code const} an {@code enum}, a numeric exclusive bound its 3.0 form; and the keywords that 3.0
 * does not have and these schemas do not rely on are dropped ({@code extraProperties},
 * {@code definitions}, {@code examples}, {@code if}/{@code then}/{@code else},
 * {@code patternProperties}). {@link SpecsTest} shows the result catching a numeric {@code port_id},
 * a malformed UUID and wrongly shaped bodies.
 *
 * <p>An object may have properties its schema does not list, as JSON Schema reads a schema without
 * {@code additionalProperties} (the validator's own default is stricter): Neutron and Keystone
 * answer with more fields than the descriptions name ({@code project_id}, Keystone's
 * {@code issued_at}, which the description spells {@code issues_at}), and the description of an
 * allowed address pair names {@code max_address} where Neutron reads {@code mac_address}. The fake
 * Neutron checks instead that the mover sends no other field than it means to.
 *
 * <p>Neutron's description declares no error answers, so an error answer of a status it does not
 * list is checked only as a request. Nor does it declare Neutron's {@code If-Match}: the fake
 * checks that header itself, as it checks the token.
 */
final class Specs {
  /** Neutron's description. */
  static final String NETWORK = "openstack-network-v2.yaml";
  /** Keystone's description. */
  static final String IDENTITY = "openstack-identity-v3.yaml";

  private static final Map<String, List<String>> CALLED = Map.of(
      NETWORK, List.of("/v2.0/floatingips", "/v2.0/floatingips/{id}", "/v2.0/ports", "/v2.0/ports/{port_id}"),
      IDENTITY, List.of("/v3/auth/tokens"));
  private static final Set<String> DROPPED = Set.of("extraProperties", "definitions", "examples", "if", "then", "else",
      "patternProperties", "$schema", "$id");
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();

  private Specs() {}

  /**
   * Reads both descriptions now, which takes seconds, so that no fake reads them while a mover
   * waits for its answer.
   */
  static void load() {
    validator(NETWORK);
    validator(IDENTITY);
  }

  private static OpenApiInteractionValidator validator(String spec) {
    return VALIDATORS.computeIfAbsent(spec, Specs::read);
  }

  private static OpenApiInteractionValidator read(String spec) {
    try {
      ObjectNode root = (ObjectNode) new YAMLMapper().readTree(OpenApiSpecs.folder(NETWORK, IDENTITY).resolve(spec)
          .toFile());
      ((ObjectNode) root.path("paths")).retain(CALLED.get(spec));
      keepReferenced(root);
      root.put("openapi", "3.0.3");
      toOpenApi30(root);
      return OpenApiInteractionValidator.createForInlineApiSpecification(root.toString())
          .withLevelResolver(LevelResolverFactory.withAdditionalPropertiesIgnored())
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Drops the components no kept operation references, directly or through another component. */
  private static void keepReferenced(ObjectNode root) {
    Set<String> wanted = new HashSet<>();
    references(root.path("paths"), wanted);
    Deque<String> todo = new ArrayDeque<>(wanted);
    while (!todo.isEmpty()) {
      Set<String> more = new HashSet<>();
      references(root.at(todo.pop().substring(1)), more);
      more.stream().filter(wanted::add).forEach(todo::push);
    }
    root.path("components").properties().forEach(section -> {
      if (!section.getKey().equals("securitySchemes") && section.getValue() instanceof ObjectNode entries) {
        List<String> keep = new ArrayList<>();
        entries.properties().forEach(e -> {
          if (wanted.contains("#/components/" + section.getKey() + "/" + e.getKey())) {
            keep.add(e.getKey());
          }
        });
        entries.retain(keep);
      }
    });
  }

  private static void references(JsonNode node, Set<String> into) {
    if (node.isObject() && node.path("$ref").isTextual()) {
      into.add(node.path("$ref").asText());
    }
    node.forEach(child -> references(child, into));
  }

  private static void toOpenApi30(JsonNode node) {
    if (node instanceof ObjectNode o) {
      JsonNode type = o.get("type");
      if (type != null && type.isArray()) {
        List<String> types = new ArrayList<>();
        type.forEach(t -> types.add(t.asText()));
        o.remove("type");
        if (types.remove("null")) {
          o.put("nullable", true);
        }
        if (types.size() == 1) {
          o.put("type", types.get(0));
        }
      }
      if (o.has("const")) {
        o.putArray("enum").add(o.remove("const"));
      }
      for (String bound : List.of("Minimum", "Maximum")) {
        JsonNode exclusive = o.get("exclusive" + bound);
        if (exclusive != null && exclusive.isNumber()) {
          o.set(bound.toLowerCase(Locale.ROOT), exclusive);
          o.put("exclusive" + bound, true);
        }
      }
      o.remove(DROPPED);
    }
    node.forEach(Specs::toOpenApi30);
  }

  /**
   * Checks one exchange with a fake against a description.
   *
   * @param spec {@link #NETWORK} or {@link #IDENTITY}
   * @param basePath where the fake serves the API, e.g. {@code /networking}
   * @param request what the mover sent
   * @param status the fake's status
   * @param body the fake's body
   * @param headers the fake's headers
   * @return the violations, one line each; empty if none
   */
  static List<String> violations(String spec, String basePath, RecordedRequest request, int status, String body,
      Map<String, String> headers) {
    String path = request.getUrl().encodedPath();
    if (!path.startsWith(basePath + "/")) {
      return List.of(request.getMethod() + " " + path + ": not under " + basePath);
    }
    SimpleResponse.Builder response = SimpleResponse.Builder.status(status).withContentType("application/json")
        .withBody(body);
    headers.forEach(response::withHeader);
    ValidationReport report = validator(spec).validate(OpenApiSpecs.request(request, path.substring(basePath.length())),
        response.build());
    // an error status the description does not list has no body to check
    return OpenApiSpecs.violations(report, request, status,
        m -> status >= 400 && m.getKey().equals("validation.response.status.unknown") || nullPortDetails(m));
  }

  /**
   * Tells whether a violation is the one known disagreement of Neutron's description with itself:
   * {@code port_details} of a floating IP is declared an object, but described as "{@code null}"
   * when the floating IP is not associated, which is what Neutron sends. Only that null passes: an
   * object of the wrong shape there still fails.
   */
  private static boolean nullPortDetails(ValidationReport.Message m) {
    return m.getKey().equals("validation.response.body.schema.type")
        && m.getMessage().matches("\\[Path '/floatingips?(/\\d+)?/port_details'\\] Instance type \\(null\\).*");
  }

  /**
   * Tells whether a text is a Neutron id: a lower-case UUID with dashes.
   *
   * @param text the text
   * @return true if it is one
   */
  static boolean uuid(String text) {
    return text != null && UUID.matcher(text).matches();
  }
}

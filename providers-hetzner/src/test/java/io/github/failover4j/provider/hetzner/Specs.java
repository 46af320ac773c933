package io.github.failover4j.provider.hetzner;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.provider.support.testing.OpenApiSpecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.RecordedRequest;

/**
 * The Hetzner Cloud API's OpenAPI description (shared/specs/hcloud.json, beside the repository),
 * which every request the fake receives, and every answer it gives, must satisfy. A missing file
 * fails the tests: they would otherwise prove nothing about the wire.
 */
final class Specs {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern VIOLATION_PATH = Pattern.compile("\\[Path '([^']*)'\\]");
  private static final Set<String> nullableAllOfProperties = ConcurrentHashMap.newKeySet();
  private static OpenApiInteractionValidator hcloud;

  private Specs() {}

  /**
   * Reads hcloud.json now rather than on the fake's first request: reading it takes seconds, which
   * would count against the deadline of whichever test happens to run first.
   */
  static void loadHcloud() {
    hcloud();
  }

  private static synchronized OpenApiInteractionValidator hcloud() {
    if (hcloud == null) {
      try {
        JsonNode spec = MAPPER.readTree(OpenApiSpecs.folder("hcloud.json").resolve("hcloud.json").toFile());
        upperCaseStatusRanges(spec);
        collectNullableAllOf(spec);
        hcloud = OpenApiInteractionValidator.createForInlineApiSpecification(spec.toString()).build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return hcloud;
  }

  /**
   * Writes the error ranges as OpenAPI spells them ({@code 4XX}): hcloud.json writes {@code 4xx},
   * which the validator would not match, and would then report every error answer as undefined.
   */
  private static void upperCaseStatusRanges(JsonNode spec) {
    for (JsonNode path : spec.path("paths")) {
      for (JsonNode operation : path) {
        if (operation.path("responses") instanceof ObjectNode responses) {
          for (String range : List.of("4xx", "5xx")) {
            if (responses.has(range)) {
              responses.set(range.toUpperCase(Locale.ROOT), responses.remove(range));
            }
          }
        }
      }
    }
  }

  /**
   * Checks one exchange with the fake against hcloud.json.
   *
   * @param request what the mover sent
   * @param status the fake's status
   * @param body the fake's body
   * @return the violations, one line each; empty if none
   */
  static List<String> hcloudViolations(RecordedRequest request, int status, String body) {
    SimpleResponse response = SimpleResponse.Builder.status(status).withContentType("application/json").withBody(body)
        .build();
    ValidationReport report = hcloud().validate(OpenApiSpecs.request(request, request.getUrl().encodedPath()), response);
    return OpenApiSpecs.violations(report, request, status, m -> nullableAllOf(m, body));
  }

  /**
   * Tells whether a violation is the one known disagreement between the validator and hcloud.json:
   * a {@code null} where the description says {@code nullable: true} beside an {@code allOf} (an
   * action's {@code error} until it fails, a server's {@code image}, {@code iso}, {@code ipv4} or
   * {@code ipv6} when it has none). The API sends those nulls; the validator ignores
   * {@code nullable} without a {@code type}, as OpenAPI 3.0.3 reads it. Only a null of such a
   * property is let through: an object of the wrong shape there still fails.
   */
  private static boolean nullableAllOf(ValidationReport.Message m, String body) {
    Matcher path = VIOLATION_PATH.matcher(m.getMessage());
    if (!m.getKey().equals("validation.response.body.schema.allOf") || !path.find()) {
      return false;
    }
    String pointer = path.group(1);
    String property = pointer.substring(pointer.lastIndexOf('/') + 1);
    try {
      return nullableAllOfProperties.contains(property) && MAPPER.readTree(body).at(pointer).isNull();
    } catch (IOException e) {
      return false;
    }
  }

  /** Collects the names of the properties that hcloud.json declares as nullable allOf. */
  private static void collectNullableAllOf(JsonNode node) {
    node.path("properties").properties().forEach(p -> {
      if (p.getValue().has("allOf") && p.getValue().path("nullable").asBoolean()) {
        nullableAllOfProperties.add(p.getKey());
      }
    });
    node.forEach(Specs::collectNullableAllOf);
  }
}

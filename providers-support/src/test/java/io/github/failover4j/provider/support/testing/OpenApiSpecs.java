package io.github.failover4j.provider.support.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import mockwebserver3.RecordedRequest;

/**
 * The providers' OpenAPI descriptions (shared/specs, beside the repository), which every request a
 * provider's fake receives, and every answer it gives, must satisfy; and the wiring of
 * swagger-request-validator to the fakes' exchanges. Each provider reads its own descriptions, and
 * lets through the disagreements it knows between its description and its API.
 */
public final class OpenApiSpecs {
  private OpenApiSpecs() {}

  /**
   * Returns the folder of the descriptions: {@code -Dfailover4j.specs}, else shared/specs beside
   * the repository. A missing description fails the test: it would otherwise prove nothing about
   * the wire.
   *
   * @param files the descriptions the caller reads, e.g. {@code hcloud.json}
   * @return the folder
   */
  public static Path folder(String... files) {
    String configured = System.getProperty("failover4j.specs");
    Path folder = configured != null ? Path.of(configured)
        : Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "..", "shared", "specs");
    for (String file : files) {
      if (!Files.isRegularFile(folder.resolve(file))) {
        fail(file + " not found in " + folder.toAbsolutePath().normalize()
            + " (expected: shared/specs beside the repository, or -Dfailover4j.specs=FOLDER)");
      }
    }
    return folder;
  }

  /**
   * Turns what a mover sent a fake into the validator's request: method, headers, query and body.
   *
   * @param request what the mover sent
   * @param path its path as the description names it, e.g. without the fake's base path
   * @return the validator's request
   */
  public static SimpleRequest request(RecordedRequest request, String path) {
    SimpleRequest.Builder b = new SimpleRequest.Builder(request.getMethod(), path);
    for (String name : request.getHeaders().names()) {
      b.withHeader(name, request.getHeaders().values(name));
    }
    for (String name : request.getUrl().queryParameterNames()) {
      b.withQueryParam(name, request.getUrl().queryParameterValues(name));
    }
    if (request.getBody() != null && request.getBody().size() > 0) {
      b.withBody(request.getBody().utf8());
    }
    return b.build();
  }

  /**
   * Lists a report's errors, one line each: {@code METHOD path -> status: key message}.
   *
   * @param report the validator's report of one exchange
   * @param request what the mover sent
   * @param status the fake's status
   * @param known the errors that are known disagreements of the description with its API, let through
   * @return the violations; empty if none
   */
  public static List<String> violations(ValidationReport report, RecordedRequest request, int status,
      Predicate<ValidationReport.Message> known) {
    return report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        .filter(known.negate())
        .map(m -> request.getMethod() + " " + request.getUrl().encodedPath() + " -> " + status + ": " + m.getKey() + " "
            + m.getMessage())
        .toList();
  }
}

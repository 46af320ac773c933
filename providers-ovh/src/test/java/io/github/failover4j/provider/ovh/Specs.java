package io.github.failover4j.provider.ovh;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.github.failover4j.provider.support.testing.OpenApiSpecs;
import java.util.List;
import mockwebserver3.RecordedRequest;

/**
 * OVH's OpenAPI description of its {@code /ip} universe (shared/specs/ovh-ip.json, beside the
 * repository), which every {@code /ip} request the fake receives, and every successful answer it
 * gives, must satisfy. The description declares only the 200 answers, so an error answer is not
 * checked against it (its request still is). A missing file fails the tests: they would otherwise
 * prove nothing about the wire.
 *
 * <p>Not in the description, and so checked by the fake's own rules only: the Public Cloud paths
 * ({@code /cloud/project/…}, OVH's {@code cloud} universe, whose description is not in
 * shared/specs), {@code /auth/time}, the OAuth2 token endpoint, the metadata service, and the
 * authentication headers.
 */
final class Specs {
  private static OpenApiInteractionValidator ovhIp;

  private Specs() {}

  private static synchronized OpenApiInteractionValidator ovhIp() {
    if (ovhIp == null) {
      ovhIp = OpenApiInteractionValidator.createFor(OpenApiSpecs.folder("ovh-ip.json").resolve("ovh-ip.json").toString())
          .build();
    }
    return ovhIp;
  }

  /**
   * Tells whether a path is described by ovh-ip.json.
   *
   * @param path the request's encoded path, e.g. {@code /1.0/ip/203.0.113.7%2F32}
   * @return true for the {@code /ip} universe
   */
  static boolean described(String path) {
    return path.equals("/1.0/ip") || path.startsWith("/1.0/ip/");
  }

  /**
   * Checks one exchange with the fake against ovh-ip.json.
   *
   * @param request what the mover sent
   * @param status the fake's status
   * @param body the fake's body
   * @return the violations, one line each; empty if none
   */
  static List<String> ovhIpViolations(RecordedRequest request, int status, String body) {
    SimpleRequest r = OpenApiSpecs.request(request, request.getUrl().encodedPath());
    ValidationReport report = status == 200
        ? ovhIp().validate(r, SimpleResponse.Builder.status(status).withContentType("application/json").withBody(body)
            .build())
        : ovhIp().validateRequest(r);
    return OpenApiSpecs.violations(report, request, status, m -> false);
  }
}

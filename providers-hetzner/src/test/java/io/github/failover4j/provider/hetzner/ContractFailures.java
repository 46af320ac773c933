package io.github.failover4j.provider.hetzner;

import io.github.failover4j.testkit.IpMoverContract.Failure;
import java.util.Map;

/** The contract's failures in the fakes' words: Hetzner Cloud's error codes, and Robot's. */
final class ContractFailures {
  private ContractFailures() {}

  /**
   * Makes the fake Hetzner Cloud API fail its next request.
   *
   * @param cloud the fake
   * @param failure how
   * @return true: the fake models every failure
   */
  static boolean inject(FakeCloud cloud, Failure failure) {
    switch (failure) {
      case TRANSIENT -> cloud.fail(null, ".*", 503, "unavailable", "A service is temporarily unavailable");
      case RATE_LIMITED -> cloud.fail(null, ".*", 429, "rate_limit_exceeded", "Rate limit exceeded",
          "RateLimit-Limit", "3600", "RateLimit-Remaining", "0",
          "RateLimit-Reset", Long.toString(CloudHarness.NOW.getEpochSecond() + 2));
      case BUSY -> cloud.fail(null, ".*", 423, "locked",
          "The item you are trying to access is locked (there is already an Action running)");
      case UNAUTHORIZED -> cloud.fail(null, ".*", 401, "unauthorized", "Request was made with an invalid credential");
      case NOT_FOUND -> cloud.fail(null, ".*", 404, "not_found", "The resource was not found");
      case HANG -> cloud.hang(null, ".*");
      default -> throw new IllegalArgumentException("failure " + failure);
    }
    return true;
  }

  /**
   * Makes the fake Robot webservice fail its next request.
   *
   * @param robot the fake
   * @param failure how
   * @return true: the fake models every failure
   */
  static boolean inject(FakeRobot robot, Failure failure) {
    switch (failure) {
      case TRANSIENT -> robot.fail(null, 503, "MAINTENANCE", "Robot is under maintenance", Map.of());
      case RATE_LIMITED -> robot.fail(null, 403, "RATE_LIMIT_EXCEEDED", "rate limit exceeded",
          Map.of("max_request", 100, "interval", 3600));
      case BUSY -> robot.fail(null, 409, "FAILOVER_LOCKED", "blocked due to another active request", Map.of());
      case UNAUTHORIZED -> robot.fail(null, 401, "UNAUTHORIZED", "Unauthorized", Map.of());
      case NOT_FOUND -> robot.fail(null, 404, "NOT_FOUND", "Failover IP not found", Map.of());
      case HANG -> robot.hangNext();
      default -> throw new IllegalArgumentException("failure " + failure);
    }
    return true;
  }
}

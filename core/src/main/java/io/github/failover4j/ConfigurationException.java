package io.github.failover4j;

import java.util.List;

/** An invalid configuration: every problem found, not only the first. */
public class ConfigurationException extends FailoverException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /**
   * Creates an exception listing problems.
   *
   * @param what what was being configured, e.g. {@code "failover group web"}
   * @param problems each in the form {@code "vrid: 0 (expected: 1..255)"}
   */
  public ConfigurationException(String what, List<String> problems) {
    super(what + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "\n  - "
        + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * Returns the problems, one per entry.
   *
   * @return the problems
   */
  public List<String> problems() {
    return problems;
  }
}

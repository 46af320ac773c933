package io.github.failover4j.spi;

/** Makes {@link IpMover}s of one kind; found by {@link java.util.ServiceLoader}, chosen by name. */
public interface IpMoverProvider {
  /**
   * Returns the name groups choose this provider by.
   *
   * @return e.g. {@code local}, {@code hetzner}
   */
  String name();

  /**
   * Checks a mover's settings without making it and without any network call: what
   * {@code FailoverGroup.Builder.build()} and the agent's {@code --check-config} report. Secret
   * files may be read (to say that one is missing or readable by every user), never sent.
   *
   * @param config the settings
   * @return every problem, each as {@code key: value (expected: ...)}; empty if none (the default)
   */
  default java.util.List<String> validate(MoverConfig config) {
    return java.util.List.of();
  }

  /**
   * Makes a mover for one group.
   *
   * @param context the group's addresses, the provider's settings, and a scheduler
   * @return the mover
   * @throws io.github.failover4j.ConfigurationException listing every problem of the settings
   */
  IpMover create(MoverContext context);
}

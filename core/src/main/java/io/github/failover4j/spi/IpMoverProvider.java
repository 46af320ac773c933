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
   * Makes a mover for one group.
   *
   * @param context the group's addresses, the provider's settings, and a scheduler
   * @return the mover
   * @throws io.github.failover4j.ConfigurationException listing every problem of the settings
   */
  IpMover create(MoverContext context);
}

package io.github.failover4j.linux;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverProvider;
import io.github.failover4j.spi.MoverContext;
import java.util.List;

/** Provides the {@code local} mover: virtual addresses on the group's own interface. */
public final class LocalIpMoverProvider implements IpMoverProvider {
  /** The provider's name. */
  public static final String NAME = "local";

  /** Creates the provider (ServiceLoader calls this). */
  public LocalIpMoverProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public IpMover create(MoverContext context) {
    if (!context.config().keys().isEmpty()) {
      throw new ConfigurationException("ip mover local", List.of("settings: " + context.config().keys()
          + " (expected: none; the local mover takes its addresses and announcements from the group)"));
    }
    return new LocalIpMover(context);
  }
}

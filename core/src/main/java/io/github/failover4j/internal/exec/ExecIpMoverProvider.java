package io.github.failover4j.internal.exec;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverProvider;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.MoverContext;
import java.util.List;

/**
 * Provides the {@code exec} mover: the addresses are moved by commands the user configures (a
 * cloud's command-line tool, a script), for a provider failover4j does not ship. Its settings are
 * read and checked, and its secret files read, when the mover is made.
 */
public final class ExecIpMoverProvider implements IpMoverProvider {
  /** The provider's name. */
  public static final String NAME = "exec";

  /** Creates the provider (ServiceLoader calls this). */
  public ExecIpMoverProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> validate(MoverConfig config) {
    try {
      ExecConfig.read(config);
      return List.of();
    } catch (ConfigurationException e) {
      return e.problems();
    }
  }

  @Override
  public IpMover create(MoverContext context) {
    return new ExecIpMover(context.target(), ExecConfig.read(context.config()));
  }
}

package io.github.failover4j.provider.hetzner;

import io.github.failover4j.provider.support.HttpExchange;
import io.github.failover4j.provider.support.MetadataClient;
import io.github.failover4j.provider.support.SelfId;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverProvider;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.MoverContext;
import io.github.failover4j.spi.Secret;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provides the {@code hetzner} mover, which moves one of a group's addresses through Hetzner's
 * APIs: a Hetzner Cloud floating IP ({@code mode: floating-ip}), an alias IP in a Hetzner Cloud
 * private network ({@code mode: alias-ip}), or a Hetzner Robot failover IP of dedicated servers
 * ({@code mode: robot}). The module's README lists every setting.
 *
 * <p>{@link #create} checks the settings and reads the credentials, and reports every problem at
 * once; it calls no API, so it works offline. The API token, or the Robot password, never appears
 * in a log line, an exception or a {@code toString()}.
 */
public final class HetznerMoverProvider implements IpMoverProvider {
  /** The provider's name. */
  public static final String NAME = "hetzner";

  /** Where every request is logged, at debug level: method, path, status, correlation id, budget left. */
  private static final Logger LOG = LoggerFactory.getLogger(HetznerMoverProvider.class);

  private final Environment environment;
  private final Clock clock;

  /** Creates the provider (ServiceLoader calls this). */
  public HetznerMoverProvider() {
    this(Environment.SYSTEM, Clock.systemUTC());
  }

  /**
   * Creates a provider that reads credentials from elsewhere than the process's environment.
   *
   * @param environment where credentials not given as files are read
   * @param clock the wall clock, for the APIs' rate-limit reset times
   */
  HetznerMoverProvider(Environment environment, Clock clock) {
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Checks the settings and reads the credential files, without a group and without any network
   * call; the group's addresses are checked by {@link #create}.
   */
  @Override
  public List<String> validate(MoverConfig config) {
    return HetznerConfig.problems(config, environment);
  }

  /**
   * Makes a mover for one of the group's addresses.
   *
   * @throws io.github.failover4j.ConfigurationException listing every problem of the settings
   */
  @Override
  public IpMover create(MoverContext context) {
    HetznerConfig config = HetznerConfig.parse(context.config(), context.target(), environment);
    String group = context.target().group();
    if (config.mode() == HetznerConfig.Mode.ROBOT) {
      // a pooled connection found dead is not silently sent the switch again: Robot is not to switch twice
      HttpExchange http = http(config, config.robotPassword()).retryOnConnectionFailure(false).build();
      HetznerRobotApi api = new HetznerRobotApi(http, config.endpoint(), config.robotUser(), config.robotPassword(),
          config.requestTimeout(), config.switchTimeout(), clock);
      return new RobotMover(api, config.failoverIp(), config.serverIp(), config.serverIpText(), group);
    }
    HttpExchange http = http(config, config.token()).logNote(HetznerCloudApi::budgetNote).build();
    HetznerCloudApi api = new HetznerCloudApi(http, config.endpoint(), config.token(), config.requestTimeout(), clock);
    SelfId<Long> self = SelfServer.of(config.server(), new MetadataClient(http, config.metadataUrl(),
        config.requestTimeout()));
    return config.mode() == HetznerConfig.Mode.FLOATING_IP
        ? new FloatingIpMover(api, self, config.floatingIp(), config.address(), config.pollInterval(), group)
        : new AliasIpMover(api, self, config.network(), config.address(), config.pollInterval(), group);
  }

  private static HttpExchange.Builder http(HetznerConfig config, Secret credential) {
    return HttpExchange.builder("failover4j-provider-hetzner", LOG)
        .connectTimeout(config.requestTimeout())
        .redact(credential::redact)
        .requestId("X-Correlation-Id", "correlation id");
  }
}

package io.github.failover4j.provider.ovh;

import io.github.failover4j.provider.support.HttpExchange;
import io.github.failover4j.provider.support.MetadataClient;
import io.github.failover4j.provider.support.SelfId;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverProvider;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.MoverContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provides the {@code ovh} mover, which moves one of a group's addresses through OVHcloud's API: a
 * Public Cloud additional ("failover") IP attached to this instance ({@code mode: cloud-ip}), or an
 * additional IP moved to this dedicated server or other service with {@code /ip/{ip}/move}
 * ({@code mode: ip-move}). The module's README lists every setting.
 *
 * <p>Credentials come from the settings (secrets as files), from the {@code OVH_*} environment
 * variables, or from the ovh.conf files OVH's own clients read. {@link #validate} and
 * {@link #create} read them and report every problem at once; neither calls the network. No
 * secret — application secret, consumer key, client secret, token — ever appears in a log line,
 * an exception or a {@code toString()}.
 */
public final class OvhMoverProvider implements IpMoverProvider {
  /** The provider's name. */
  public static final String NAME = "ovh";

  private static final Logger LOG = LoggerFactory.getLogger(OvhMoverProvider.class);

  private final Environment environment;
  private final List<Path> confPaths;
  private final Clock clock;

  /** Creates the provider (ServiceLoader calls this). */
  public OvhMoverProvider() {
    this(Environment.SYSTEM, OvhConf.DEFAULT_PATHS, Clock.systemUTC());
  }

  /**
   * Creates a provider that reads credentials from elsewhere than the process's environment and
   * OVH's usual files.
   *
   * @param environment where the {@code OVH_*} variables are read
   * @param confPaths the ovh.conf files, the first winning
   * @param clock the wall clock: signed requests carry OVH's time, computed from it
   */
  OvhMoverProvider(Environment environment, List<Path> confPaths, Clock clock) {
    this.environment = environment;
    this.confPaths = List.copyOf(confPaths);
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Checks the settings and reads the credentials, without a network call.
   *
   * @param config the settings
   * @return every problem; empty if none
   */
  @Override
  public List<String> validate(MoverConfig config) {
    return OvhConfig.problems(config, environment, confPaths);
  }

  /**
   * Makes a mover for one of the group's addresses, without a network call.
   *
   * @throws io.github.failover4j.ConfigurationException listing every problem of the settings
   */
  @Override
  public IpMover create(MoverContext context) {
    OvhConfig config = OvhConfig.parse(context.config(), context.target(), environment, confPaths);
    String group = context.target().group();
    OvhCredentials credentials = config.credentials();
    HttpExchange transport = HttpExchange.builder("failover4j-provider-ovh", LOG)
        .connectTimeout(config.requestTimeout())
        .redact(credentials::redact)
        .requestId("X-Ovh-QueryID", "query id")
        .build();
    Authenticator auth = credentials instanceof OvhCredentials.Signed signed
        ? new Signer(signed, new ClockOffset(transport, config.endpoint().api(), config.requestTimeout(), clock))
        : new OAuth2Tokens((OvhCredentials.OAuth2) credentials, transport, config.requestTimeout(), clock);
    OvhApi api = new OvhApi(transport, config.endpoint().api(), auth, config.requestTimeout(), clock);
    LOG.info("[{}] ovh mover {} of {} through {} with {}", group, config.mode(), config.block(),
        config.endpoint().name(), credentials);
    if (config.mode() == OvhConfig.Mode.CLOUD_IP) {
      SelfId<String> self = SelfInstance.of(config.instance(), new MetadataClient(transport, config.metadataUrl(),
          config.requestTimeout()));
      return new CloudIpMover(api, self, config.project(), config.block(), config.pollInterval(), group);
    }
    return new IpMoveMover(api, config.service(), config.block(), config.pollInterval(), group);
  }

  @Override
  public String toString() {
    return "OvhMoverProvider";
  }
}

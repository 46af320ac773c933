package io.github.failover4j.provider.openstack;

import io.github.failover4j.provider.support.ConfigReader;
import io.github.failover4j.provider.support.HttpExchange;
import io.github.failover4j.provider.support.MetadataClient;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverProvider;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.MoverContext;
import io.github.failover4j.spi.VirtualAddresses;
import java.time.Clock;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provides the {@code openstack} mover, which moves one of a group's addresses through Neutron:
 * it re-associates a floating IP with this node's port ({@code mode: floating-ip}), or makes sure
 * the address is in this node's port's allowed address pairs ({@code mode: allowed-address-pairs}).
 * It authenticates to Keystone v3 with a password or an application credential from
 * {@code clouds.yaml}, the {@code OS_*} environment variables, or its own settings. The module's
 * README lists every setting.
 *
 * <p>{@link #validate} and {@link #create} read the settings, clouds.yaml and the secret files, and
 * report every problem at once; neither calls the network, so a configuration check works offline.
 * No password, application credential secret or token ever appears in a log line, an exception or a
 * {@code toString()}.
 */
public final class OpenStackMoverProvider implements IpMoverProvider {
  /** The provider's name. */
  public static final String NAME = "openstack";

  private static final Logger LOG = LoggerFactory.getLogger(OpenStackMoverProvider.class);

  private final Environment environment;
  private final CloudsYaml.Locations locations;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final InterfaceMacs macs;

  /** Creates the provider (ServiceLoader calls this). */
  public OpenStackMoverProvider() {
    this(Environment.system(), null, Clock.systemUTC(), System::nanoTime, InterfaceMacs.SYSFS);
  }

  /**
   * Creates a provider that reads its environment, files and clocks from elsewhere (tests).
   *
   * @param environment the {@code OS_*} variables
   * @param locations where clouds.yaml may be; null for openstacksdk's search path
   * @param clock the wall clock, for tokens' expiry times
   * @param nanoTime the monotonic clock
   * @param macs reads the group interface's MAC address
   */
  OpenStackMoverProvider(Environment environment, CloudsYaml.Locations locations, Clock clock, LongSupplier nanoTime,
      InterfaceMacs macs) {
    this.environment = environment;
    this.locations = locations;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.macs = macs;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Checks the settings, clouds.yaml and the secret files, without the network. The settings that
   * default to the group's address are checked by {@link #create}.
   */
  @Override
  public List<String> validate(MoverConfig config) {
    return OpenStackConfig.problems(config, environment, locations());
  }

  /**
   * Makes a mover for one of the group's addresses, without calling the network.
   *
   * @throws io.github.failover4j.ConfigurationException listing every problem of the settings
   */
  @Override
  public IpMover create(MoverContext context) {
    VirtualAddresses target = context.target();
    OpenStackConfig config = OpenStackConfig.parse(context.config(), target, environment, locations());
    OpenStackCredentials credentials = config.credentials();
    if (!credentials.authUrl().isHttps() && !ConfigReader.isLoopback(credentials.authUrl())) {
      LOG.warn("[{}] Keystone at {} is reached over plain http: the credentials and tokens travel unencrypted",
          target.group(), credentials.authUrl());
    }
    HttpExchange http = HttpExchange.builder("failover4j-provider-openstack", LOG)
        .connectTimeout(config.requestTimeout())
        // an I/O error's text names hosts, never headers: no token to remove, the credentials' secret all the same
        .redact(credentials::redact)
        .requestId("X-OpenStack-Request-Id", "request id")
        // what an operator needs to find a failed call in the cloud's logs
        .logFailuresAtInfo()
        .build();
    TokenCache tokens = new TokenCache(new Keystone(http, credentials, config.requestTimeout(), clock), credentials,
        clock, nanoTime);
    NeutronApi api = new NeutronApi(http, tokens, config.requestTimeout(), clock);
    NodePort self = new NodePort(config.port(), new NodePort.Selector(config.macAddress(), config.fixedIp(),
        target.interfaceName(), target.networkNamespace()), new MetadataClient(http, config.metadataUrl(),
        config.requestTimeout()), api, macs, target.group());
    return config.mode() == OpenStackConfig.Mode.FLOATING_IP
        ? new FloatingIpMover(api, self, config.floatingIp(), config.address(), config.fixedIp(), config.pollInterval(),
            target.group())
        : new AllowedAddressPairsMover(api, self, config.vip(), target.group());
  }

  private CloudsYaml.Locations locations() {
    return locations != null ? locations : CloudsYaml.Locations.standard(environment);
  }
}

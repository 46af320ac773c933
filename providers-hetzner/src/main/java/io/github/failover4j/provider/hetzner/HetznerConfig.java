package io.github.failover4j.provider.hetzner;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.provider.support.AddressText;
import io.github.failover4j.provider.support.ConfigReader;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.Secret;
import io.github.failover4j.spi.VirtualAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The settings of one {@code hetzner} mover: a typed view over its {@link MoverConfig}, read and
 * checked at once so that {@link #parse} reports every problem in one
 * {@link ConfigurationException} (unknown keys, keys of another mode, bad values, missing
 * credentials). It only reads local files and the environment: nothing here calls an API, so that
 * a configuration check works offline.
 *
 * <p>Accessors of another mode's settings return null or empty: each mover reads its own.
 */
final class HetznerConfig {
  /** Hetzner Cloud's API. */
  static final String CLOUD_ENDPOINT = "https://api.hetzner.cloud/v1";
  /** Hetzner Robot's webservice. */
  static final String ROBOT_ENDPOINT = "https://robot-ws.your-server.de";
  /** The Hetzner Cloud metadata service, reachable from every cloud server without credentials. */
  static final String METADATA_URL = "http://169.254.169.254/hetzner/v1/metadata";
  /** Where the hcloud CLI reads its token, and so do we when no tokenFile is set. */
  static final String TOKEN_VARIABLE = "HCLOUD_TOKEN";
  /** The Robot webservice user when no {@code user} is set. */
  static final String ROBOT_USER_VARIABLE = "HROBOT_USER";
  /** The Robot webservice password when no {@code passwordFile} is set. */
  static final String ROBOT_PASSWORD_VARIABLE = "HROBOT_PASSWORD";

  /** What the mover moves, and so which API it calls. */
  enum Mode {
    /** A Hetzner Cloud floating IP, assigned to this server. */
    FLOATING_IP,
    /** An alias IP of this server in a Hetzner Cloud private network. */
    ALIAS_IP,
    /** A Hetzner Robot failover IP, routed to this dedicated server. */
    ROBOT;

    /** As the {@code mode} setting spells it, e.g. {@code floating-ip}. */
    @Override
    public String toString() {
      return ConfigReader.spelling(this);
    }
  }

  private static final Set<Mode> ALL = EnumSet.allOf(Mode.class);
  private static final Set<Mode> CLOUD = EnumSet.of(Mode.FLOATING_IP, Mode.ALIAS_IP);

  /** Every key, and the modes it belongs to. */
  private static final Map<String, Set<Mode>> KEYS = Map.ofEntries(
      Map.entry("mode", ALL),
      Map.entry("address", ALL),
      Map.entry("endpoint", ALL),
      Map.entry("requestTimeout", ALL),
      Map.entry("tokenFile", CLOUD),
      Map.entry("server", CLOUD),
      Map.entry("metadataUrl", CLOUD),
      Map.entry("pollInterval", CLOUD),
      Map.entry("floatingIp", EnumSet.of(Mode.FLOATING_IP)),
      Map.entry("network", EnumSet.of(Mode.ALIAS_IP)),
      Map.entry("user", EnumSet.of(Mode.ROBOT)),
      Map.entry("passwordFile", EnumSet.of(Mode.ROBOT)),
      Map.entry("serverIp", EnumSet.of(Mode.ROBOT)),
      Map.entry("failoverIp", EnumSet.of(Mode.ROBOT)),
      Map.entry("switchTimeout", EnumSet.of(Mode.ROBOT)));

  /** A Hetzner id: a positive integer. */
  static final Pattern ID = Pattern.compile("[1-9]\\d{0,17}");

  private final MoverConfig config;
  private final Environment environment;
  private final List<String> problems = new ArrayList<>();
  private final ConfigReader settings;

  private Mode mode;
  private InetAddress address;
  private HttpUrl endpoint;
  private Duration requestTimeout;
  private Secret token;
  private OptionalLong server = OptionalLong.empty();
  private HttpUrl metadataUrl;
  private Duration pollInterval;
  private OptionalLong floatingIp = OptionalLong.empty();
  private long network;
  private String robotUser;
  private Secret robotPassword;
  private InetAddress serverIp;
  private String serverIpText;
  private String failoverIp;
  private Duration switchTimeout;

  private HetznerConfig(MoverConfig config, Environment environment) {
    this.config = config;
    this.environment = environment;
    this.settings = new ConfigReader(config, problems);
  }

  /**
   * Reads and checks a mover's settings.
   *
   * @param config the settings
   * @param target the group's addresses, one of which the mover moves
   * @param environment where credentials not given as files are read
   * @return the settings
   * @throws ConfigurationException listing every problem
   */
  static HetznerConfig parse(MoverConfig config, VirtualAddresses target, Environment environment) {
    HetznerConfig c = new HetznerConfig(config, environment);
    c.read(Optional.of(target.addresses()));
    if (!c.problems.isEmpty()) {
      throw new ConfigurationException("ip mover hetzner of group " + target.group(), c.problems);
    }
    return c;
  }

  /**
   * Checks a mover's settings without a group: every problem but those of the group's addresses,
   * which only {@link #parse} can see.
   *
   * @param config the settings
   * @param environment where credentials not given as files are read
   * @return the problems; empty if none
   */
  static List<String> problems(MoverConfig config, Environment environment) {
    HetznerConfig c = new HetznerConfig(config, environment);
    c.read(Optional.empty());
    return List.copyOf(c.problems);
  }

  private void read(Optional<List<VirtualIp>> groupAddresses) {
    mode = settings.mode(Mode.class, KEYS);
    address = groupAddresses.map(this::address).orElseGet(() -> config.get("address")
        .map(v -> literal("address", v, "the group's address that this mover moves")).orElse(null));
    String api = mode == Mode.ROBOT ? ROBOT_ENDPOINT : CLOUD_ENDPOINT;
    // the credentials go with every request: never in clear text, except to a test's loopback fake
    endpoint = settings.secureUrl("endpoint", config.get("endpoint").orElse(api), "a URL such as " + api);
    requestTimeout = settings.requestTimeout();
    // the values of the mode-specific keys are checked whatever the mode, so that a wrong mode does
    // not hide them; only what a mode needs is required, and credentials are read only for it
    OptionalLong serverId = serverId();
    HttpUrl metadata = settings.url("metadataUrl", METADATA_URL);
    Duration poll = settings.duration("pollInterval", Duration.ofSeconds(1), Duration.ofMillis(100),
        Duration.ofMinutes(1));
    OptionalLong floatingIpId = id("floatingIp",
        "the floating IP's id, a positive integer, or leave it out to find the floating IP by its address");
    OptionalLong networkId = id("network", "the private network's id, a positive integer");
    Optional<String> serverIpValue = config.get("serverIp");
    InetAddress mainIp = serverIpValue.map(v -> literal("serverIp", v,
        "this server's main IP address, as Robot's active_server_ip shows it")).orElse(null);
    Optional<String> failoverIpValue = config.get("failoverIp");
    InetAddress failover = failoverIpValue.map(v -> literal("failoverIp", v,
        "the failover IP, or for an IPv6 failover net the net's address")).orElse(null);
    Duration switchWait = settings.duration("switchTimeout", Duration.ofSeconds(180), Duration.ofSeconds(1),
        Duration.ofMinutes(10));
    Optional<String> user = config.get("user");
    if (user.isPresent() && user.get().isBlank()) {
      problems.add("user: blank (expected: the Robot webservice user)");
    }
    if (mode == null) {
      return;
    }
    switch (mode) {
      case FLOATING_IP, ALIAS_IP -> {
        token = secret("tokenFile", TOKEN_VARIABLE, "a Hetzner Cloud API token (read and write)");
        server = serverId;
        metadataUrl = metadata;
        pollInterval = poll;
        floatingIp = floatingIpId;
        if (mode == Mode.ALIAS_IP) {
          if (config.get("network").isEmpty()) {
            problems.add("network: missing (expected: the private network's id, a positive integer)");
          }
          network = networkId.orElse(0);
          if (address != null && !(address instanceof Inet4Address)) {
            problems.add("address: " + AddressText.of(address)
                + " (expected: an IPv4 address; Hetzner Cloud private networks are IPv4)");
          }
        }
      }
      case ROBOT -> {
        robotUser = user.orElseGet(this::robotUserFromEnvironment);
        robotPassword = secret("passwordFile", ROBOT_PASSWORD_VARIABLE, "the Robot webservice password");
        if (serverIpValue.isEmpty()) {
          problems.add("serverIp: missing (expected: this server's main IP address, as Robot's active_server_ip shows it)");
        }
        serverIp = mainIp;
        serverIpText = serverIpValue.orElse(null);
        switchTimeout = switchWait;
        if (failover != null) {
          failoverIp = failoverIpValue.get();
        } else if (failoverIpValue.isEmpty() && address != null) {
          // Robot routes an IPv6 failover net as a whole /64, named by the net's address
          failoverIp = address instanceof Inet6Address ? AddressText.of(Addresses.network(address, 64))
              : address.getHostAddress();
        }
      }
    }
  }

  private InetAddress address(List<VirtualIp> addresses) {
    List<String> shown = addresses.stream().map(v -> AddressText.of(v.address())).toList();
    Optional<String> chosen = config.get("address");
    if (chosen.isPresent()) {
      InetAddress a = literal("address", chosen.get(), "one of the group's addresses " + shown);
      if (a != null && addresses.stream().noneMatch(v -> v.address().equals(a))) {
        problems.add("address: " + chosen.get() + " (expected: one of the group's addresses " + shown + ")");
        return null;
      }
      return a;
    }
    if (addresses.size() == 1) {
      return addresses.get(0).address();
    }
    if (addresses.isEmpty()) {
      problems.add("address: none (expected: a group with the virtual address this mover moves)");
    } else {
      problems.add("address: missing (expected: which of the group's addresses " + shown
          + " this mover moves; it moves one: for several, one group each, in a sync group)");
    }
    return null;
  }

  private InetAddress literal(String key, String value, String expected) {
    try {
      if (!value.contains("/")) {
        return VirtualIp.parse(value).address();
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    problems.add(key + ": " + value + " (expected: " + expected + ")");
    return null;
  }

  private OptionalLong id(String key, String expected) {
    Optional<String> value = config.get(key);
    if (value.isEmpty()) {
      return OptionalLong.empty();
    }
    if (!ID.matcher(value.get()).matches()) {
      problems.add(key + ": " + value.get() + " (expected: " + expected + ")");
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(value.get()));
  }

  private OptionalLong serverId() {
    Optional<String> value = config.get("server");
    if (value.isEmpty() || value.get().equals("auto")) {
      return OptionalLong.empty();
    }
    return id("server", "auto, to ask the metadata service, or this server's id, a positive integer");
  }

  private Secret secret(String key, String variable, String what) {
    Optional<String> file = config.get(key);
    if (file.isPresent()) {
      return settings.secretFile(key, file.get(), what);
    }
    try {
      return environment.secret(variable);
    } catch (Secret.Unavailable e) {
      problems.add(key + ": missing, and the environment variable " + variable + " is not set (expected: a file holding "
          + what + ", or " + variable + ")");
      return null;
    }
  }

  private String robotUserFromEnvironment() {
    try {
      return environment.secret(ROBOT_USER_VARIABLE).reveal();
    } catch (Secret.Unavailable e) {
      problems.add("user: missing, and the environment variable " + ROBOT_USER_VARIABLE
          + " is not set (expected: the Robot webservice user, or " + ROBOT_USER_VARIABLE + ")");
      return null;
    }
  }

  /**
   * Returns the mode.
   *
   * @return what the mover moves
   */
  Mode mode() {
    return mode;
  }

  /**
   * Returns the group's address this mover moves.
   *
   * @return the address
   */
  InetAddress address() {
    return address;
  }

  /**
   * Returns the API's base URL.
   *
   * @return Hetzner Cloud's or Robot's, unless overridden
   */
  HttpUrl endpoint() {
    return endpoint;
  }

  /**
   * Returns the longest wait for one answer (the operation's deadline may cut it shorter).
   *
   * @return the timeout
   */
  Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * Returns the Hetzner Cloud API token (cloud modes).
   *
   * @return the token
   */
  Secret token() {
    return token;
  }

  /**
   * Returns this server's id if configured (cloud modes).
   *
   * @return the id, or empty to ask the metadata service
   */
  OptionalLong server() {
    return server;
  }

  /**
   * Returns the metadata service's base URL (cloud modes).
   *
   * @return the URL
   */
  HttpUrl metadataUrl() {
    return metadataUrl;
  }

  /**
   * Returns the wait between two reads of a running action (cloud modes).
   *
   * @return the interval
   */
  Duration pollInterval() {
    return pollInterval;
  }

  /**
   * Returns the floating IP's id if configured (floating-ip mode).
   *
   * @return the id, or empty to find it by address
   */
  OptionalLong floatingIp() {
    return floatingIp;
  }

  /**
   * Returns the private network's id (alias-ip mode).
   *
   * @return the id
   */
  long network() {
    return network;
  }

  /**
   * Returns the Robot webservice user (robot mode).
   *
   * @return the user
   */
  String robotUser() {
    return robotUser;
  }

  /**
   * Returns the Robot webservice password (robot mode).
   *
   * @return the password
   */
  Secret robotPassword() {
    return robotPassword;
  }

  /**
   * Returns this server's main IP address (robot mode).
   *
   * @return the address
   */
  InetAddress serverIp() {
    return serverIp;
  }

  /**
   * Returns this server's main IP address as configured, which is what Robot is sent (robot mode).
   *
   * @return the address's text
   */
  String serverIpText() {
    return serverIpText;
  }

  /**
   * Returns the failover IP as Robot names it in its paths (robot mode).
   *
   * @return the failover IP, or for IPv6 the failover net's address
   */
  String failoverIp() {
    return failoverIp;
  }

  /**
   * Returns the longest wait for Robot to switch the routing, which its POST does before it answers
   * (robot mode).
   *
   * @return the timeout
   */
  Duration switchTimeout() {
    return switchTimeout;
  }

  /** Names the keys that are set, never a value: some are credentials' paths, none is shown. */
  @Override
  public String toString() {
    return "HetznerConfig[mode=" + mode + ", address=" + (address == null ? null : AddressText.of(address))
        + ", keys=" + new TreeSet<>(config.keys()) + "]";
  }
}

package io.github.failover4j.provider.openstack;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.provider.support.AddressText;
import io.github.failover4j.provider.support.ConfigReader;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.VirtualAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The settings of one {@code openstack} mover: a typed view over its {@link MoverConfig}, read and
 * checked at once so that every problem is reported together (unknown keys, keys of the other mode,
 * bad values, missing or unreadable credentials). It reads only local files and the environment:
 * nothing here calls an API, so that a configuration check works offline.
 *
 * <p>Without the group's addresses ({@link io.github.failover4j.spi.IpMoverProvider#validate}), the
 * settings that default to them are checked when the mover is made.
 */
final class OpenStackConfig {
  /** The metadata service of every OpenStack instance (Nova's), reachable without credentials. */
  static final String METADATA_URL = "http://169.254.169.254";

  /** What the mover changes in Neutron. */
  enum Mode {
    /** A floating IP, re-associated with this node's port. */
    FLOATING_IP,
    /** This node's port's allowed address pairs, which must hold the group's address. */
    ALLOWED_ADDRESS_PAIRS;

    /** As the {@code mode} setting spells it, e.g. {@code floating-ip}. */
    @Override
    public String toString() {
      return ConfigReader.spelling(this);
    }
  }

  private static final Set<Mode> ALL = EnumSet.allOf(Mode.class);

  /** Every key, and the modes it belongs to. */
  private static final Map<String, Set<Mode>> KEYS = Map.ofEntries(
      Map.entry("mode", ALL),
      Map.entry("cloud", ALL),
      Map.entry("authUrl", ALL),
      Map.entry("username", ALL),
      Map.entry("passwordFile", ALL),
      Map.entry("project", ALL),
      Map.entry("projectId", ALL),
      Map.entry("userDomain", ALL),
      Map.entry("userDomainId", ALL),
      Map.entry("projectDomain", ALL),
      Map.entry("projectDomainId", ALL),
      Map.entry("applicationCredentialId", ALL),
      Map.entry("applicationCredentialSecretFile", ALL),
      Map.entry("region", ALL),
      Map.entry("interface", ALL),
      Map.entry("port", ALL),
      Map.entry("macAddress", ALL),
      Map.entry("fixedIp", ALL),
      Map.entry("metadataUrl", ALL),
      Map.entry("requestTimeout", ALL),
      Map.entry("floatingIp", EnumSet.of(Mode.FLOATING_IP)),
      Map.entry("address", EnumSet.of(Mode.FLOATING_IP)),
      Map.entry("pollInterval", EnumSet.of(Mode.FLOATING_IP)),
      Map.entry("vip", EnumSet.of(Mode.ALLOWED_ADDRESS_PAIRS)));

  /** Neutron's ids: UUIDs with dashes. */
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");

  private final MoverConfig config;
  private final List<String> problems = new ArrayList<>();
  private final ConfigReader settings;

  private Mode mode;
  private OpenStackCredentials credentials;
  private Duration requestTimeout;
  private Duration pollInterval;
  private Optional<String> floatingIp = Optional.empty();
  private Optional<InetAddress> address = Optional.empty();
  private InetAddress vip;
  private Optional<String> port = Optional.empty();
  private Optional<String> macAddress = Optional.empty();
  private Optional<InetAddress> fixedIp = Optional.empty();
  private HttpUrl metadataUrl;

  private OpenStackConfig(MoverConfig config) {
    this.config = config;
    this.settings = new ConfigReader(config, problems);
  }

  /**
   * Reads and checks a mover's settings.
   *
   * @param config the settings
   * @param target the group's addresses, one of which the mover moves
   * @param environment the {@code OS_*} variables
   * @param locations where clouds.yaml may be
   * @return the settings
   * @throws ConfigurationException listing every problem
   */
  static OpenStackConfig parse(MoverConfig config, VirtualAddresses target, Environment environment,
      CloudsYaml.Locations locations) {
    OpenStackConfig c = new OpenStackConfig(config);
    c.read(Optional.of(target), environment, locations);
    if (!c.problems.isEmpty()) {
      throw new ConfigurationException("ip mover openstack of group " + target.group(), c.problems);
    }
    return c;
  }

  /**
   * Checks a mover's settings without the group's addresses.
   *
   * @param config the settings
   * @param environment the {@code OS_*} variables
   * @param locations where clouds.yaml may be
   * @return every problem; empty if none
   */
  static List<String> problems(MoverConfig config, Environment environment, CloudsYaml.Locations locations) {
    OpenStackConfig c = new OpenStackConfig(config);
    c.read(Optional.empty(), environment, locations);
    return List.copyOf(c.problems);
  }

  private void read(Optional<VirtualAddresses> target, Environment environment, CloudsYaml.Locations locations) {
    mode = settings.mode(Mode.class, KEYS);
    credentials = OpenStackCredentials.resolve(config, environment, locations, problems).orElse(null);
    requestTimeout = settings.requestTimeout();
    pollInterval = settings.duration("pollInterval", Duration.ofSeconds(1), Duration.ofMillis(100),
        Duration.ofMinutes(1));
    metadataUrl = settings.url("metadataUrl", METADATA_URL);
    port = config.get("port").filter(p -> !p.equals("auto")).flatMap(p -> uuid("port", p,
        "auto, to find this node's port through the metadata service, or the port's id"));
    macAddress = config.get("macAddress").flatMap(this::mac);
    fixedIp = config.get("fixedIp").flatMap(v -> host("fixedIp", v, "this node's fixed IP address on the port"));
    floatingIp = config.get("floatingIp").flatMap(v -> uuid("floatingIp", v,
        "the floating IP's id, or leave it out to find the floating IP by its address"));
    Optional<InetAddress> explicitAddress = config.get("address").flatMap(v -> host("address", v,
        "the floating IP's address, e.g. 203.0.113.7"));
    Optional<InetAddress> explicitVip = config.get("vip").flatMap(v -> host("vip", v,
        "the address to allow on this node's port"));
    if (mode == Mode.FLOATING_IP) {
      address = explicitAddress.isPresent() || floatingIp.isPresent() ? explicitAddress
          : target.flatMap(t -> single(t, "address", "the floating IP's address"));
      address.filter(a -> !(a instanceof Inet4Address)).ifPresent(a -> problems.add("address: " + AddressText.of(a)
          + " (expected: an IPv4 address; Neutron's floating IPs are IPv4)"));
    } else if (mode == Mode.ALLOWED_ADDRESS_PAIRS) {
      vip = explicitVip.map(v -> target.map(t -> ofGroup(t, v)).orElse(v))
          .orElseGet(() -> target.flatMap(t -> single(t, "vip", "the address to allow on this node's port")).orElse(null));
    }
  }

  /** The group's only address, the default of {@code address} and {@code vip}. */
  private Optional<InetAddress> single(VirtualAddresses target, String key, String what) {
    List<VirtualIp> addresses = target.addresses();
    if (addresses.size() == 1) {
      return Optional.of(addresses.get(0).address());
    }
    problems.add(key + ": missing (expected: " + what + "; it defaults to the group's address, but the group has "
        + (addresses.isEmpty() ? "none" : addresses.size() + ": " + shown(addresses)) + ")");
    return Optional.empty();
  }

  private InetAddress ofGroup(VirtualAddresses target, InetAddress vip) {
    if (target.addresses().stream().noneMatch(a -> a.address().equals(vip))) {
      problems.add("vip: " + AddressText.of(vip) + " (expected: one of the group's addresses "
          + shown(target.addresses()) + ")");
    }
    return vip;
  }

  private static String shown(List<VirtualIp> addresses) {
    return addresses.stream().map(a -> AddressText.of(a.address())).toList().toString();
  }

  private Optional<String> uuid(String key, String value, String expected) {
    if (!UUID.matcher(value).matches()) {
      problems.add(key + ": " + value + " (expected: " + expected + ", a UUID such as 5f1c2b9e-0d4a-4e8f-9c3b-7a6d5e4f3a21)");
      return Optional.empty();
    }
    return Optional.of(value.toLowerCase(Locale.ROOT));
  }

  private Optional<String> mac(String value) {
    if (!MAC.matcher(value).matches()) {
      problems.add("macAddress: " + value + " (expected: the MAC address of this node's port, e.g. fa:16:3e:3e:23:46)");
      return Optional.empty();
    }
    return Optional.of(value.toLowerCase(Locale.ROOT));
  }

  /** An address literal without a prefix, or a prefix of a single host. */
  private Optional<InetAddress> host(String key, String value, String expected) {
    try {
      VirtualIp ip = VirtualIp.parse(value);
      if (ip.prefixLength() == ip.address().getAddress().length * 8) {
        return Optional.of(ip.address());
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    problems.add(key + ": " + value + " (expected: " + expected + ")");
    return Optional.empty();
  }

  /**
   * Returns the mode.
   *
   * @return what the mover changes
   */
  Mode mode() {
    return mode;
  }

  /**
   * Returns the credentials and the endpoint's interface and region.
   *
   * @return the credentials
   */
  OpenStackCredentials credentials() {
    return credentials;
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
   * Returns the wait between two reads of a floating IP that is not yet ACTIVE on this node's port.
   *
   * @return the interval
   */
  Duration pollInterval() {
    return pollInterval;
  }

  /**
   * Returns the floating IP's id, if configured (floating-ip mode).
   *
   * @return the id, or empty to find it by address
   */
  Optional<String> floatingIp() {
    return floatingIp;
  }

  /**
   * Returns the floating IP's address (floating-ip mode): configured, else the group's, unless the
   * floating IP is named by id.
   *
   * @return the address, empty when only the id is known
   */
  Optional<InetAddress> address() {
    return address;
  }

  /**
   * Returns the address to allow on this node's port (allowed-address-pairs mode).
   *
   * @return the address
   */
  InetAddress vip() {
    return vip;
  }

  /**
   * Returns this node's port, if configured.
   *
   * @return its id, or empty to find it
   */
  Optional<String> port() {
    return port;
  }

  /**
   * Returns the MAC address that picks this node's port among its instance's, if configured.
   *
   * @return the MAC, lower case
   */
  Optional<String> macAddress() {
    return macAddress;
  }

  /**
   * Returns the fixed IP address that picks this node's port among its instance's, if configured;
   * in floating-ip mode also the one the floating IP is associated with.
   *
   * @return the address
   */
  Optional<InetAddress> fixedIp() {
    return fixedIp;
  }

  /**
   * Returns the metadata service's base URL.
   *
   * @return the URL
   */
  HttpUrl metadataUrl() {
    return metadataUrl;
  }

  /** Names the mode, the keys that are set and the credentials' source, never a value. */
  @Override
  public String toString() {
    return "OpenStackConfig[mode=" + mode + ", keys=" + new TreeSet<>(config.keys()) + ", credentials=" + credentials + "]";
  }
}

package io.github.failover4j.provider.ovh;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.provider.support.ConfigReader;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.Secret;
import io.github.failover4j.spi.VirtualAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
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
import java.util.stream.Collectors;
import okhttp3.HttpUrl;

/**
 * The settings of one {@code ovh} mover: a typed view over its {@link MoverConfig}, read and checked
 * at once so that every problem is reported together (unknown keys, keys of the other mode, bad
 * values, missing or unreadable credentials). It reads local files and the environment only:
 * nothing here calls the network, so that a configuration check works offline.
 *
 * <p>Each credential is taken from the first of: the mover's own setting (a secret as a file),
 * the {@code OVH_*} environment variable, and the endpoint's section of the ovh.conf files — the
 * order of OVH's own clients, with the mover's settings in the place of their code's arguments.
 */
final class OvhConfig {
  /** The metadata service of OVH Public Cloud (OpenStack's), reachable from an instance without credentials. */
  static final String METADATA_URL = "http://169.254.169.254";

  /** What the mover moves, and so which API it calls. */
  enum Mode {
    /** A Public Cloud additional ("failover") IP, attached to this instance. */
    CLOUD_IP,
    /** An additional IP moved to this service (a dedicated server) with {@code /ip/{ip}/move}. */
    IP_MOVE;

    /** As the {@code mode} setting spells it, e.g. {@code floating-ip}. */
    @Override
    public String toString() {
      return ConfigReader.spelling(this);
    }
  }

  private static final Set<Mode> ALL = EnumSet.allOf(Mode.class);
  private static final Set<Mode> CLOUD = EnumSet.of(Mode.CLOUD_IP);
  private static final Set<Mode> MOVE = EnumSet.of(Mode.IP_MOVE);

  /** Every key, and the modes it belongs to. */
  private static final Map<String, Set<Mode>> KEYS = Map.ofEntries(
      Map.entry("mode", ALL),
      Map.entry("endpoint", ALL),
      Map.entry("applicationKey", ALL),
      Map.entry("applicationSecretFile", ALL),
      Map.entry("consumerKeyFile", ALL),
      Map.entry("clientId", ALL),
      Map.entry("clientSecretFile", ALL),
      Map.entry("tokenUrl", ALL),
      Map.entry("ip", ALL),
      Map.entry("pollInterval", ALL),
      Map.entry("requestTimeout", ALL),
      Map.entry("project", CLOUD),
      Map.entry("instance", CLOUD),
      Map.entry("metadataUrl", CLOUD),
      Map.entry("service", MOVE));

  private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
  /** OVH service names and project ids: letters, digits, dots, dashes, underscores. */
  private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

  private final MoverConfig config;
  private final Environment environment;
  private final List<Path> confPaths;
  /** The ovh.conf files, read only when a value is looked for there: not at all when the settings name everything. */
  private OvhConf conf;
  private final List<String> problems = new ArrayList<>();
  private final ConfigReader settings;

  private Mode mode;
  private Endpoint endpoint;
  private OvhCredentials credentials;
  private IpBlock block;
  private Duration requestTimeout;
  private Duration pollInterval;
  private String project;
  private Optional<String> instance = Optional.empty();
  private HttpUrl metadataUrl;
  private String service;

  private OvhConfig(MoverConfig config, Environment environment, List<Path> confPaths) {
    this.config = config;
    this.environment = environment;
    this.confPaths = List.copyOf(confPaths);
    this.settings = new ConfigReader(config, problems);
  }

  /**
   * Checks a mover's settings without a group: what {@code IpMoverProvider.validate} reports.
   *
   * @param config the settings
   * @param environment where credentials not given as files are read
   * @param confPaths the ovh.conf files, the first winning
   * @return every problem, empty if none
   */
  static List<String> problems(MoverConfig config, Environment environment, List<Path> confPaths) {
    OvhConfig c = new OvhConfig(config, environment, confPaths);
    c.read(Optional.empty());
    return List.copyOf(c.problems);
  }

  /**
   * Reads and checks a mover's settings for a group.
   *
   * @param config the settings
   * @param target the group's addresses, one of which lies in the moved block
   * @param environment where credentials not given as files are read
   * @param confPaths the ovh.conf files, the first winning
   * @return the settings
   * @throws ConfigurationException listing every problem
   */
  static OvhConfig parse(MoverConfig config, VirtualAddresses target, Environment environment,
      List<Path> confPaths) {
    OvhConfig c = new OvhConfig(config, environment, confPaths);
    c.read(Optional.of(target));
    if (!c.problems.isEmpty()) {
      throw new ConfigurationException("ip mover ovh of group " + target.group(), c.problems);
    }
    return c;
  }

  private void read(Optional<VirtualAddresses> target) {
    mode = settings.mode(Mode.class, KEYS);
    endpoint = readEndpoint();
    credentials = readCredentials();
    if (conf != null) {
      // the files' own problems matter only when a value was looked for in them
      problems.addAll(conf.problems());
    }
    block = block(target);
    requestTimeout = settings.requestTimeout();
    // OVH asks for fair use, about 60 requests a minute per consumer key: an attach settles in
    // seconds, a move task in about a minute, so the two are polled at different paces
    pollInterval = settings.duration("pollInterval",
        mode == Mode.IP_MOVE ? Duration.ofSeconds(5) : Duration.ofSeconds(2), Duration.ofMillis(100),
        Duration.ofMinutes(1));
    // the values of the mode-specific keys are checked whatever the mode, so that a wrong mode does
    // not hide them; only what a mode needs is required
    Optional<String> projectValue = name("project", "the Public Cloud project's id (its OpenStack tenant id)");
    Optional<String> instanceValue = instanceSetting();
    HttpUrl metadata = settings.url("metadataUrl", METADATA_URL);
    Optional<String> serviceValue = name("service", "this server's OVH service name, e.g. ns1234567.ip-203-0-113.eu");
    if (mode == Mode.CLOUD_IP) {
      if (config.get("project").isEmpty()) {
        problems.add("project: missing (expected: the Public Cloud project's id (its OpenStack tenant id))");
      }
      project = projectValue.orElse(null);
      instance = instanceValue;
      metadataUrl = metadata;
    } else if (mode == Mode.IP_MOVE) {
      if (config.get("service").isEmpty()) {
        problems.add("service: missing (expected: this server's OVH service name, e.g. ns1234567.ip-203-0-113.eu)");
      }
      service = serviceValue.orElse(null);
    }
  }

  /** The endpoint from the setting, OVH_ENDPOINT, or ovh.conf's [default] endpoint, else ovh-eu. */
  private Endpoint readEndpoint() {
    String key = "endpoint";
    Optional<String> value = config.get(key);
    if (value.isEmpty()) {
      value = environment.value("OVH_ENDPOINT");
      key = "OVH_ENDPOINT";
    }
    if (value.isEmpty()) {
      Optional<OvhConf.Value> fromConf = conf().get("default", "endpoint");
      value = fromConf.map(OvhConf.Value::text);
      key = "endpoint in section [default] of " + fromConf.map(v -> v.file().toString()).orElse("ovh.conf");
    }
    String name = value.orElse(Endpoint.DEFAULT);
    if (!Endpoint.isUrl(name)) {
      Endpoint known = Endpoint.KNOWN.get(name);
      if (known == null) {
        problems.add(key + ": " + name + " (expected: " + String.join(", ", Endpoint.KNOWN.keySet())
            + ", or the API's URL such as https://eu.api.ovh.com/1.0)");
      }
      return known;
    }
    HttpUrl url = settings.secureUrl(key, name, "the API's URL such as https://eu.api.ovh.com/1.0");
    return url == null ? null : new Endpoint(name, url, Optional.empty());
  }

  /** The credentials of one kind: signed (AK/AS/CK) or OAuth2, never a mix. */
  private OvhCredentials readCredentials() {
    boolean signedSet = config.get("applicationKey").isPresent() || config.get("applicationSecretFile").isPresent()
        || config.get("consumerKeyFile").isPresent();
    boolean oauthSet = config.get("clientId").isPresent() || config.get("clientSecretFile").isPresent();
    if (signedSet && oauthSet) {
      problems.add("clientId: set together with applicationKey, applicationSecretFile or consumerKeyFile "
          + "(expected: signed requests with applicationKey, applicationSecretFile and consumerKeyFile, "
          + "or OAuth2 with clientId and clientSecretFile, not both)");
      return null;
    }
    String section = endpoint == null ? null : endpoint.name();
    if (!signedSet && !oauthSet) {
      // nothing in the settings: the environment and ovh.conf decide, as for OVH's clients
      boolean signedFound = found(section, "application_key") || found(section, "application_secret")
          || found(section, "consumer_key");
      boolean oauthFound = found(section, "client_id") || found(section, "client_secret");
      if (signedFound && oauthFound) {
        problems.add("credentials: both an application key and an OAuth2 client were found in the environment "
            + "or ovh.conf (expected: one of them; name the one to use with applicationKey or clientId)");
        return null;
      }
      if (!signedFound && !oauthFound) {
        problems.add("credentials: none found (expected: applicationKey, applicationSecretFile and consumerKeyFile; "
            + "or clientId and clientSecretFile; or the environment variables OVH_APPLICATION_KEY, "
            + "OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY, or OVH_CLIENT_ID and OVH_CLIENT_SECRET; or the section ["
            + sectionText(section) + "] of an ovh.conf in " + searched() + ")");
        return null;
      }
      oauthSet = oauthFound;
    }
    if (!oauthSet && config.get("tokenUrl").isPresent()) {
      problems.add("tokenUrl: set without OAuth2 credentials (expected: only with clientId and clientSecretFile, "
          + "OVH_CLIENT_ID and OVH_CLIENT_SECRET, or client_id and client_secret in ovh.conf)");
    }
    return oauthSet ? oauth2(section) : signed(section);
  }

  private OvhCredentials signed(String section) {
    List<String> sources = new ArrayList<>();
    Optional<String> applicationKey = plain("applicationKey", "OVH_APPLICATION_KEY", section, "application_key",
        "the application key", sources);
    Secret applicationSecret = secret("applicationSecretFile", "OVH_APPLICATION_SECRET", section, "application_secret",
        "the application secret", sources);
    Secret consumerKey = secret("consumerKeyFile", "OVH_CONSUMER_KEY", section, "consumer_key", "the consumer key",
        sources);
    if (applicationKey.isEmpty() || applicationSecret == null || consumerKey == null) {
      return null;
    }
    return new OvhCredentials.Signed(applicationKey.get(), applicationSecret, consumerKey, String.join(", ", sources));
  }

  private OvhCredentials oauth2(String section) {
    List<String> sources = new ArrayList<>();
    Optional<String> clientId = plain("clientId", "OVH_CLIENT_ID", section, "client_id", "the OAuth2 client's id",
        sources);
    Secret clientSecret = secret("clientSecretFile", "OVH_CLIENT_SECRET", section, "client_secret",
        "the OAuth2 client's secret", sources);
    HttpUrl tokenUrl = null;
    Optional<String> configured = config.get("tokenUrl");
    if (configured.isPresent()) {
      tokenUrl = settings.secureUrl("tokenUrl", configured.get(),
          "the OAuth2 token URL such as https://www.ovh.com/auth/oauth2/token");
    } else if (endpoint != null) {
      tokenUrl = endpoint.tokenUrl().orElse(null);
      if (tokenUrl == null) {
        problems.add("tokenUrl: missing (expected: the OAuth2 token URL of the endpoint " + endpoint.name()
            + ", e.g. https://www.ovh.com/auth/oauth2/token; it is known only for the endpoints "
            + String.join(", ", Endpoint.KNOWN.keySet()) + ")");
      }
    }
    if (clientId.isEmpty() || clientSecret == null || tokenUrl == null) {
      return null;
    }
    return new OvhCredentials.OAuth2(clientId.get(), clientSecret, tokenUrl, String.join(", ", sources));
  }

  private boolean found(String section, String confKey) {
    String variable = "OVH_" + confKey.toUpperCase(Locale.ROOT);
    return environment.value(variable).isPresent() || (section != null && conf().get(section, confKey).isPresent());
  }

  /** A credential that is not secret: the setting, else the environment, else ovh.conf. */
  private Optional<String> plain(String key, String variable, String section, String confKey, String what,
      List<String> sources) {
    Optional<String> value = config.get(key).map(String::strip);
    if (value.isPresent()) {
      if (value.get().isEmpty()) {
        problems.add(key + ": blank (expected: " + what + ")");
        return Optional.empty();
      }
      sources.add(key + " from the settings");
      return value;
    }
    value = environment.value(variable);
    if (value.isPresent()) {
      sources.add(key + " from " + variable);
      return value;
    }
    Optional<OvhConf.Value> fromConf = section == null ? Optional.empty() : conf().get(section, confKey);
    if (fromConf.isPresent()) {
      sources.add(key + " from " + fromConf.get().file());
      return Optional.of(fromConf.get().text());
    }
    problems.add(key + ": missing, and neither " + variable + " nor " + confKey + " in section ["
        + sectionText(section) + "] of an ovh.conf is set (expected: " + what + "; ovh.conf looked for in "
        + searched() + ")");
    return Optional.empty();
  }

  /** A secret: the setting's file, else the environment, else ovh.conf (refused if others may read it). */
  private Secret secret(String key, String variable, String section, String confKey, String what,
      List<String> sources) {
    String name = key.substring(0, key.length() - "File".length());
    Optional<String> file = config.get(key);
    if (file.isPresent()) {
      Secret secret = settings.secretFile(key, file.get(), what);
      if (secret != null) {
        sources.add(name + " from file " + file.get());
      }
      return secret;
    }
    if (environment.value(variable).isPresent()) {
      try {
        Secret secret = environment.secret(variable);
        sources.add(name + " from " + variable);
        return secret;
      } catch (Secret.Unavailable e) {
        problems.add(key + ": " + e.getMessage());
        return null;
      }
    }
    Optional<OvhConf.Value> fromConf = section == null ? Optional.empty() : conf().get(section, confKey);
    if (fromConf.isPresent()) {
      if (fromConf.get().readableByOthers()) {
        problems.add(key + ": missing, and " + confKey + " in " + fromConf.get().file()
            + " is refused: the file is readable by every user (expected: chmod o-r, e.g. 0600 or 0640)");
        return null;
      }
      sources.add(name + " from " + fromConf.get().file());
      return Secret.of(fromConf.get().text());
    }
    problems.add(key + ": missing, and neither " + variable + " nor " + confKey + " in section ["
        + sectionText(section) + "] of an ovh.conf is set (expected: a file holding " + what
        + "; ovh.conf looked for in " + searched() + ")");
    return null;
  }

  /** The ovh.conf section of the endpoint, a placeholder when the endpoint is invalid. */
  private static String sectionText(String section) {
    return section == null ? "ENDPOINT" : section;
  }

  private OvhConf conf() {
    if (conf == null) {
      conf = OvhConf.load(confPaths);
    }
    return conf;
  }

  private String searched() {
    return confPaths.stream().map(Path::toString).collect(Collectors.joining(", "));
  }

  /** The moved block: the setting, else the group's one IPv4 address as a /32. */
  private IpBlock block(Optional<VirtualAddresses> target) {
    Optional<String> value = config.get("ip");
    IpBlock configured = null;
    if (value.isPresent()) {
      try {
        configured = IpBlock.parse(value.get());
      } catch (IllegalArgumentException e) {
        problems.add("ip: " + value.get() + " (expected: the additional IP or its block as OVH names it, "
            + "e.g. 203.0.113.7/32, without host bits)");
        return null;
      }
    }
    if (target.isEmpty()) {
      return configured;
    }
    List<VirtualIp> addresses = target.get().addresses();
    List<String> shown = addresses.stream().map(v -> v.address().getHostAddress()).toList();
    if (configured != null) {
      IpBlock b = configured;
      if (addresses.stream().noneMatch(v -> b.contains(v.address()))) {
        problems.add("ip: " + value.get() + " (expected: a block holding one of the group's addresses " + shown + ")");
      }
      return configured;
    }
    if (addresses.size() != 1) {
      problems.add("ip: missing (expected: which additional IP the mover moves, e.g. 203.0.113.7/32: the group has "
          + (addresses.isEmpty() ? "no address" : shown.size() + " addresses " + shown) + ")");
      return null;
    }
    InetAddress address = addresses.get(0).address();
    if (!(address instanceof Inet4Address v4)) {
      problems.add("ip: missing (expected: the IPv6 block that holds " + address.getHostAddress()
          + " as OVH names it, e.g. 2001:db8:1:2::/64)");
      return null;
    }
    return IpBlock.of(v4);
  }

  private Optional<String> name(String key, String expected) {
    Optional<String> value = config.get(key);
    if (value.isPresent() && !SERVICE_NAME.matcher(value.get()).matches()) {
      problems.add(key + ": \"" + value.get() + "\" (expected: " + expected + ")");
      return Optional.empty();
    }
    return value;
  }

  private Optional<String> instanceSetting() {
    Optional<String> value = config.get("instance");
    if (value.isEmpty() || value.get().equals("auto")) {
      return Optional.empty();
    }
    if (!UUID.matcher(value.get()).matches()) {
      problems.add("instance: " + value.get() + " (expected: auto, to ask the metadata service, or this instance's "
          + "OpenStack id, a UUID such as d8e02d56-2648-49a3-bf97-6be8f1204f38)");
      return Optional.empty();
    }
    return Optional.of(value.get().toLowerCase(Locale.ROOT));
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
   * Returns the API endpoint.
   *
   * @return the endpoint
   */
  Endpoint endpoint() {
    return endpoint;
  }

  /**
   * Returns the credentials.
   *
   * @return signed or OAuth2 credentials
   */
  OvhCredentials credentials() {
    return credentials;
  }

  /**
   * Returns the moved block.
   *
   * @return the block, e.g. {@code 203.0.113.7/32}
   */
  IpBlock block() {
    return block;
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
   * Returns the wait between two reads of an attach or a move in progress.
   *
   * @return the interval
   */
  Duration pollInterval() {
    return pollInterval;
  }

  /**
   * Returns the Public Cloud project (cloud-ip mode).
   *
   * @return its id, the API's {@code serviceName}
   */
  String project() {
    return project;
  }

  /**
   * Returns this instance's id if configured (cloud-ip mode).
   *
   * @return the id, or empty to ask the metadata service
   */
  Optional<String> instance() {
    return instance;
  }

  /**
   * Returns the metadata service's base URL (cloud-ip mode).
   *
   * @return the URL
   */
  HttpUrl metadataUrl() {
    return metadataUrl;
  }

  /**
   * Returns this server's service name (ip-move mode).
   *
   * @return the name
   */
  String service() {
    return service;
  }

  /** Names the mode, the block and the keys that are set, never a value of a credential. */
  @Override
  public String toString() {
    return "OvhConfig[mode=" + mode + ", ip=" + block + ", keys=" + new TreeSet<>(config.keys()) + "]";
  }
}

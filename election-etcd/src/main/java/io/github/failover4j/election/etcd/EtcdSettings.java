package io.github.failover4j.election.etcd;

import io.github.failover4j.spi.ElectionConfig;
import io.github.failover4j.spi.LeaseTiming;
import io.github.failover4j.spi.Secret;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The etcd store's settings, read from an {@link ElectionConfig} with every problem listed at once,
 * each as {@code key: value (expected: ...)}. Reads the secret files to check them; calls no server.
 *
 * @param endpoints the cluster's client URLs, tried in turn on a connection failure
 * @param prefix the keys' prefix, without a trailing slash
 * @param ttl the lease's time to live as asked for (etcd may grant a longer one)
 * @param renewEvery the renewal period if set; a third of the granted TTL otherwise
 * @param margin the safety margin if set; a fifth of the granted TTL, at least 500 ms, otherwise
 * @param tls the client's certificates, if any are set
 * @param auth etcd's user and password, if set
 */
record EtcdSettings(List<HttpUrl> endpoints, String prefix, Duration ttl, Optional<Duration> renewEvery,
    Optional<Duration> margin, Optional<EtcdTls> tls, Optional<EtcdAuth> auth) {

  static final Set<String> KEYS = Set.of("endpoints", "prefix", "ttl", "renewEvery", "margin", "tls.ca", "tls.cert",
      "tls.key", "username", "passwordFile");
  static final String DEFAULT_PREFIX = "/failover4j";
  static final Duration DEFAULT_TTL = Duration.ofSeconds(5);
  // etcd's own floor with its default timers is about 2 s; below it the server raises the TTL anyway
  static final Duration MIN_TTL = Duration.ofSeconds(2);
  static final Duration MAX_TTL = Duration.ofHours(1);
  private static final Duration MIN_MARGIN = Duration.ofMillis(500);
  // a number and a unit; etcd counts TTLs in whole seconds, the margins are finer
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

  /**
   * Reads the settings.
   *
   * @param config the settings as text
   * @param problems where each problem is added
   * @return the settings; meaningful only if no problem was added
   */
  static EtcdSettings read(ElectionConfig config, List<String> problems) {
    Set<String> unknown = new TreeSet<>(config.keys());
    unknown.removeAll(KEYS);
    for (String key : unknown) {
      problems.add(key + ": unknown key (expected: one of " + String.join(", ", new TreeSet<>(KEYS)) + ")");
    }
    Optional<EtcdAuth> auth = auth(config, problems);
    List<HttpUrl> endpoints = endpoints(config, auth.isPresent(), problems);
    String prefix = prefix(config, problems);
    Duration ttl = duration(config, "ttl", problems).orElse(DEFAULT_TTL);
    if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0 || ttl.toMillis() % 1000 != 0) {
      problems.add("ttl: " + config.get("ttl").orElse("") + " (expected: whole seconds, 2s..1h, such as 5s)");
      ttl = DEFAULT_TTL;
    }
    Optional<Duration> renewEvery = duration(config, "renewEvery", problems);
    Optional<Duration> margin = duration(config, "margin", problems);
    try {
      timing(ttl, renewEvery, margin);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage() + " with ttl " + ttl.toSeconds() + "s");
    }
    Optional<EtcdTls> tls = EtcdTls.read(path(config, "tls.ca", problems), path(config, "tls.cert", problems),
        path(config, "tls.key", problems), problems);
    if (tls.isPresent()) {
      for (HttpUrl url : endpoints) {
        if (!url.isHttps()) {
          problems.add("endpoints: " + url + " (expected: https, as tls is set)");
        }
      }
    }
    return new EtcdSettings(endpoints, prefix, ttl, renewEvery, margin, tls, auth);
  }

  /**
   * Returns the lease's times for a TTL.
   *
   * @param grantedTtl the TTL etcd granted, or the one asked for before the first grant
   * @return the times
   */
  LeaseTiming timing(Duration grantedTtl) {
    return timing(grantedTtl, renewEvery, margin);
  }

  private static LeaseTiming timing(Duration ttl, Optional<Duration> renewEvery, Optional<Duration> margin) {
    Duration fifth = ttl.dividedBy(5);
    Duration m = margin.orElse(fifth.compareTo(MIN_MARGIN) < 0 ? MIN_MARGIN : fifth);
    return new LeaseTiming(ttl, renewEvery.orElse(ttl.dividedBy(3)), ttl.minus(m));
  }

  private static Optional<EtcdAuth> auth(ElectionConfig config, List<String> problems) {
    Optional<String> user = config.get("username").filter(u -> !u.isBlank());
    Optional<Path> passwordFile = path(config, "passwordFile", problems);
    if (user.isPresent() != passwordFile.isPresent()) {
      problems.add(user.isPresent() ? "passwordFile: missing (expected: with username, a file holding the password)"
          : "username: missing (expected: with passwordFile, etcd's user name)");
      return Optional.empty();
    }
    if (user.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new EtcdAuth(user.get(), Secret.fromFile(passwordFile.get())));
    } catch (Secret.Unavailable e) {
      problems.add("passwordFile: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static List<HttpUrl> endpoints(ElectionConfig config, boolean credentials, List<String> problems) {
    Optional<String> value = config.get("endpoints").filter(v -> !v.isBlank());
    if (value.isEmpty()) {
      problems.add("endpoints: missing (expected: etcd's client URLs, such as https://10.0.0.5:2379)");
      return List.of();
    }
    List<HttpUrl> urls = new ArrayList<>();
    for (String text : value.get().split(",")) {
      HttpUrl url = HttpUrl.parse(text.strip());
      if (url == null || !url.encodedPath().equals("/") || url.query() != null || !url.username().isEmpty()) {
        problems.add("endpoints: " + text.strip() + " (expected: a client URL such as https://10.0.0.5:2379)");
      } else if (credentials && !url.isHttps() && !loopback(url.host())) {
        // the password and the token would cross the network in clear text
        problems.add("endpoints: " + url + " (expected: https, as a password is sent; http only to a loopback"
            + " address)");
      } else {
        urls.add(url);
      }
    }
    return List.copyOf(urls);
  }

  // by its text alone: a check makes no network call, not even a name lookup
  private static boolean loopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  private static String prefix(ElectionConfig config, List<String> problems) {
    String value = config.get("prefix").orElse(DEFAULT_PREFIX);
    String prefix = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    if (!prefix.startsWith("/") || prefix.chars().anyMatch(c -> Character.isWhitespace(c) || c < 0x20)) {
      problems.add("prefix: " + value + " (expected: a key path such as " + DEFAULT_PREFIX + ")");
      return DEFAULT_PREFIX;
    }
    return prefix;
  }

  private static Optional<Duration> duration(ElectionConfig config, String key, List<String> problems) {
    Optional<String> value = config.get(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = DURATION.matcher(value.get().strip().toLowerCase(Locale.ROOT));
    if (!m.matches() || Long.parseLong(m.group(1)) == 0 && !key.equals("margin")) {
      problems.add(key + ": " + value.get() + " (expected: a duration such as 1500ms, 2s or 1m)");
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    return Optional.of(switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    });
  }

  private static Optional<Path> path(ElectionConfig config, String key, List<String> problems) {
    Optional<String> value = config.get(key).filter(v -> !v.isBlank());
    try {
      return value.map(Path::of);
    } catch (InvalidPathException e) {
      problems.add(key + ": " + value.get() + " (expected: a file's path)");
      return Optional.empty();
    }
  }
}

package io.github.failover4j.provider.support;

import io.github.failover4j.VirtualIp;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.Secret;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;

/**
 * Reads the settings every mover has in common — its mode and the keys each mode takes, durations,
 * URLs, secret files — and adds every problem to one list instead of stopping at the first, so
 * that a configuration check reports them all. Each problem reads {@code key: value (expected:
 * …)}. Nothing here calls the network.
 */
public final class ConfigReader {
  private final MoverConfig config;
  private final List<String> problems;

  /**
   * Creates a reader.
   *
   * @param config the mover's settings
   * @param problems where problems are added; the provider adds its own there too
   */
  public ConfigReader(MoverConfig config, List<String> problems) {
    this.config = config;
    this.problems = problems;
  }

  /**
   * Spells an enum constant as a setting's value: lower case, words joined by dashes.
   *
   * @param constant e.g. {@code FLOATING_IP}
   * @return e.g. {@code floating-ip}
   */
  public static String spelling(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Reads the {@code mode} setting, after checking that every key set is one of the mover's, and
   * then that each belongs to the mode.
   *
   * @param <M> the modes, spelled as {@link #spelling} spells them, e.g. {@code floating-ip}
   * @param modes the modes' class
   * @param keys every key of the mover, and the modes it belongs to
   * @return the mode, or null if it is missing or unknown (the problem is added)
   */
  public <M extends Enum<M>> M mode(Class<M> modes, Map<String, Set<M>> keys) {
    Set<String> known = new TreeSet<>(keys.keySet());
    for (String key : new TreeSet<>(config.keys())) {
      if (!known.contains(key)) {
        problems.add(key + ": unknown key (expected: one of " + String.join(", ", known) + ")");
      }
    }
    M[] all = modes.getEnumConstants();
    Optional<String> value = config.get("mode");
    M mode = value.flatMap(v -> Arrays.stream(all).filter(m -> spelling(m).equals(v)).findFirst()).orElse(null);
    if (mode == null) {
      problems.add("mode: " + value.orElse("missing") + " (expected: " + alternatives(all) + ")");
      return null;
    }
    for (String key : known) {
      Set<M> of = keys.get(key);
      if (config.get(key).isPresent() && !of.contains(mode)) {
        problems.add(key + ": set in mode " + spelling(mode) + " (expected: only in mode "
            + of.stream().sorted().map(ConfigReader::spelling).collect(Collectors.joining(" or ")) + ")");
      }
    }
    return mode;
  }

  /** {@code a or b}, {@code a, b or c}. */
  private static String alternatives(Enum<?>[] all) {
    String last = spelling(all[all.length - 1]);
    if (all.length == 1) {
      return last;
    }
    return Arrays.stream(all, 0, all.length - 1).map(ConfigReader::spelling).collect(Collectors.joining(", ")) + " or "
        + last;
  }

  /**
   * Reads {@code requestTimeout}, which every mover has: the longest wait for one answer of its
   * API (the operation's deadline may cut it shorter), 100ms..10m, 30s unless set.
   *
   * @return the timeout
   */
  public Duration requestTimeout() {
    return duration("requestTimeout", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofMinutes(10));
  }

  /**
   * Reads a duration setting, e.g. {@code 250ms}, {@code 1.5s}, {@code 2m}.
   *
   * @param key the setting
   * @param fallback the value when it is not set, or not valid
   * @param min the shortest allowed
   * @param max the longest allowed
   * @return the duration
   */
  public Duration duration(String key, Duration fallback, Duration min, Duration max) {
    Optional<String> value = config.get(key);
    if (value.isEmpty()) {
      return fallback;
    }
    Optional<Duration> d = Durations.parse(value.get()).filter(v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0);
    if (d.isEmpty()) {
      problems.add(key + ": " + value.get() + " (expected: a duration of " + Durations.text(min) + ".."
          + Durations.text(max) + " such as " + Durations.text(fallback) + ")");
      return fallback;
    }
    return d.get();
  }

  /**
   * Reads a URL setting that no credential is sent to, e.g. the link-local, plain-http metadata
   * service.
   *
   * @param key the setting
   * @param fallback the URL when it is not set
   * @return the URL, or null if it is not one (the problem is added)
   */
  public HttpUrl url(String key, String fallback) {
    String value = config.get(key).orElse(fallback);
    HttpUrl url = HttpUrl.parse(value);
    if (url == null) {
      problems.add(key + ": " + value + " (expected: a URL such as " + fallback + ")");
    }
    return url;
  }

  /**
   * Checks a URL that credentials are sent to: https, or http only to a loopback address (a test's
   * fake), so that no credential crosses a network in clear text.
   *
   * @param key the setting, or where the value came from, for the problem
   * @param value the URL's text
   * @param expected what the URL should be, for the problem if it is not one, e.g. {@code the API's
   *     URL such as https://eu.api.ovh.com/1.0}
   * @return the URL, or null if it is not one or not secure (the problem is added)
   */
  public HttpUrl secureUrl(String key, String value, String expected) {
    HttpUrl url = HttpUrl.parse(value);
    if (url == null) {
      problems.add(key + ": " + value + " (expected: " + expected + ")");
      return null;
    }
    if (!url.isHttps() && !isLoopback(url)) {
      problems.add(key + ": " + value + " (expected: an https URL; http only to a loopback address)");
      return null;
    }
    return url;
  }

  /**
   * Tells whether a URL's host is this machine's loopback: {@code localhost} or a loopback
   * literal. Another host name is not looked up.
   *
   * @param url the URL
   * @return true for loopback
   */
  public static boolean isLoopback(HttpUrl url) {
    String host = url.host();
    if (host.equals("localhost")) {
      return true;
    }
    try {
      return VirtualIp.parse(host).address().isLoopbackAddress();
    } catch (IllegalArgumentException e) {
      return false; // a host name
    }
  }

  /**
   * Reads a secret from the file a setting names ({@link Secret#fromFile}: refused if every user
   * may read it).
   *
   * @param key the setting, e.g. {@code tokenFile}
   * @param file its value, the file's path
   * @param what what the file holds, for the problem, e.g. {@code a Hetzner Cloud API token}
   * @return the secret, or null if it could not be had (the problem is added)
   */
  public Secret secretFile(String key, String file, String what) {
    try {
      return Secret.fromFile(Path.of(file));
    } catch (Secret.Unavailable e) {
      problems.add(key + ": " + e.getMessage());
    } catch (InvalidPathException e) {
      problems.add(key + ": " + file + " (expected: the path of a file holding " + what + ")");
    }
    return null;
  }
}

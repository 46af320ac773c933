package io.github.failover4j.agent;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.check.Check;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file's {@code checks}: each defined once, by name, and built into one {@link Check} that every
 * group tracking it shares. Building a check also judges its script (keepalived's script security);
 * nothing here touches the network.
 */
final class CheckReader {
  private static final List<String> PROBES = List.of("script", "tcp", "http", "ping", "process");
  private static final Pattern HOST_PORT = Pattern.compile("\\[?([^\\[\\]]+?)]?:(\\d{1,5})");
  private static final Pattern STATUSES = Pattern.compile("(\\d{3})(?:-(\\d{3}))?");

  private record Endpoint(String host, int port) {}

  private record Statuses(int min, int max) {}

  private static final Type<Endpoint> ENDPOINT = Type.parsed("HOST:PORT", text -> {
    Matcher m = HOST_PORT.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" (expected: HOST:PORT, e.g. 127.0.0.1:80 or [::1]:80)");
    }
    return new Endpoint(m.group(1), Integer.parseInt(m.group(2)));
  });
  // a literal, never looked up: VirtualIp parses one without DNS
  private static final Type<InetAddress> ADDRESS = Type.parsed("an IP address", text -> {
    if (text.contains("/")) {
      throw new IllegalArgumentException("\"" + text + "\" (expected: an IPv4 or IPv6 address literal)");
    }
    return VirtualIp.parse(text).address();
  });
  private static final Type<URI> URL = Type.parsed("an http:// or https:// URL", text -> {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("\"" + text + "\" (expected: an http:// or https:// URL)", e);
    }
  });
  private static final Type<Statuses> STATUS = Type.parsed("a status or a range, e.g. 200-299", text -> {
    Matcher m = STATUSES.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" (expected: a status or a range, e.g. 200 or 200-299)");
    }
    int min = Integer.parseInt(m.group(1));
    return new Statuses(min, m.group(2) == null ? min : Integer.parseInt(m.group(2)));
  });

  /** An HTTP probe being read: {@code http: URL}, or a map. */
  private static final class Http {
    URI url;
    Statuses statuses = new Statuses(200, 299);
    String body;
  }

  /** A process probe being read: {@code process: NAME}, or a map. */
  private static final class ProcessCount {
    String name;
    String args;
    int quorum = 1;
    int quorumMax = Integer.MAX_VALUE;
  }

  private static final Options<Http> HTTP = Options.of(
      Option.of("url", URL, (h, value) -> h.url = value),
      Option.of("status", STATUS, (h, value) -> h.statuses = value),
      Option.of("body", Type.TEXT, (h, value) -> h.body = value));
  private static final Options<ProcessCount> PROCESS = Options.of(
      Option.of("name", Type.TEXT, (p, value) -> p.name = value),
      Option.of("args", Type.TEXT, (p, value) -> p.args = value),
      Option.of("quorum", Type.INTEGER, (p, value) -> p.quorum = value),
      Option.of("quorumMax", Type.INTEGER, (p, value) -> p.quorumMax = value));
  private static final Options<CheckReader> CHECK = Options.of(
      Option.of("script", Type.TEXT, (c, value) -> c.script = value),
      Option.of("user", Type.TEXT, (c, value) -> c.user = value),
      Option.of("tcp", ENDPOINT, (c, value) -> c.builder.tcp(value.host(), value.port())),
      Option.custom("http", "http", (node, c) -> node.child("http").ifPresent(c::http)),
      Option.of("ping", ADDRESS, (c, value) -> c.builder.ping(value)),
      Option.custom("process", "process", (node, c) -> node.child("process").ifPresent(c::process)),
      Option.of("interval", Type.DURATION, (c, value) -> c.builder.interval(value)),
      Option.of("timeout", Type.DURATION, (c, value) -> c.builder.timeout(value)),
      Option.of("rise", Type.INTEGER, (c, value) -> c.builder.rise(value)),
      Option.of("fall", Type.INTEGER, (c, value) -> c.builder.fall(value)),
      Option.of("startFailing", Type.BOOLEAN, (c, value) -> c.builder.startFailing(value)));

  private final Check.Builder builder;
  private String script;
  private String user;

  private CheckReader(String name) {
    this.builder = Check.builder(name);
  }

  /**
   * Reads the file's {@code checks}.
   *
   * @param root the file's top map
   * @return every check of the file by name, in the file's order; empty for one with problems
   */
  static Map<String, Optional<Check>> read(Node root) {
    Map<String, Optional<Check>> checks = new LinkedHashMap<>();
    root.map("checks", "a map of checks by name").ifPresent(all -> {
      for (String name : all.keys()) {
        checks.put(name, all.map(name, "a map with one of " + String.join(", ", PROBES)
            + ", and interval, timeout, rise, fall").flatMap(node -> check(name, node)));
      }
    });
    return Collections.unmodifiableMap(checks);
  }

  private static Optional<Check> check(String name, Node node) {
    CheckReader reader = new CheckReader(name);
    CHECK.read(node, reader);
    List<String> probes = PROBES.stream().filter(node::has).toList();
    if (probes.size() != 1) {
      node.problem((probes.isEmpty() ? "no probe" : String.join(" and ", probes)) + " (expected: one of "
          + String.join(", ", PROBES) + ")");
    }
    if (reader.script != null) {
      if (reader.user == null) {
        reader.builder.script(reader.script);
      } else {
        reader.builder.script(reader.script, reader.user);
      }
    } else if (reader.user != null) {
      node.problem("user", "set without script (expected: only for a script)");
    }
    try {
      return Optional.of(reader.builder.build());
    } catch (ConfigurationException e) {
      // the probes were judged above, in the file's words
      e.problems().stream().filter(problem -> !problem.startsWith("probe:"))
          .forEach(problem -> node.problems().add(node.at(CHECK.renamed(problem))));
      return Optional.empty();
    }
  }

  private void http(Node node) {
    Http http = new Http();
    if (HTTP.readShorthand(node, "url", http) && http.url != null) {
      builder.http(http.url, http.statuses.min(), http.statuses.max(), http.body);
    }
  }

  private void process(Node node) {
    ProcessCount process = new ProcessCount();
    if (PROCESS.readShorthand(node, "name", process) && process.name != null) {
      builder.process(process.name, process.args, process.quorum, process.quorumMax);
    }
  }
}

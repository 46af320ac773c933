package io.github.failover4j.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.failover4j.FailoverGroup;
import io.github.failover4j.IpLiterals;
import io.github.failover4j.micrometer.FailoverGroupMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's Prometheus endpoint, opt-in by the configuration's {@code metrics} key: {@code GET
 * /metrics} on the configured address only, in Prometheus' text format, with every running group's
 * meters ({@link FailoverGroupMetrics}) and the JVM's (memory, GC, threads, class loading, CPU,
 * uptime). Served by the JDK's own HTTP server, one request at a time on one daemon thread,
 * {@code failover4j-metrics}; a scrape reads the groups' status, never their engine thread. It
 * follows the running groups as {@link RunningGroups.Listener}: groups a reload adds or removes
 * appear or go.
 */
final class MetricsEndpoint implements RunningGroups.Listener, AutoCloseable {
  /** Where Prometheus scrapes. */
  static final String PATH = "/metrics";

  private static final Logger LOG = LoggerFactory.getLogger("metrics");
  private static final Pattern ADDRESS_PORT = Pattern.compile("(?:\\[([^\\]]+)]|([^:\\[\\]]+)):(\\d{1,5})");
  private static final String EXPECTED = "an IP address and a port, e.g. 127.0.0.1:9405 or [::1]:9405";

  /** The {@code metrics.address} value: a literal, never looked up, and a port. */
  static final Type<InetSocketAddress> ADDRESS = Type.parsed(EXPECTED, text -> {
    Matcher m = ADDRESS_PORT.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" (expected: " + EXPECTED + ")");
    }
    int port = Integer.parseInt(m.group(3));
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " of \"" + text + "\" (expected: 1..65535)");
    }
    String host = m.group(1) != null ? m.group(1) : m.group(2);
    try {
      return new InetSocketAddress(IpLiterals.parse(host), port);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"" + text + "\" (expected: " + EXPECTED + "; a name is not looked up)", e);
    }
  });

  private static final Options<AtomicReference<InetSocketAddress>> KEYS = Options.of(
      Option.of("address", ADDRESS, AtomicReference::set));

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Map<FailoverGroup, FailoverGroupMetrics> groups = new ConcurrentHashMap<>();
  private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
    Thread t = new Thread(task, "failover4j-metrics");
    t.setDaemon(true);
    return t;
  });
  private final HttpServer server;

  private MetricsEndpoint(InetSocketAddress address) throws IOException {
    server = HttpServer.create(address, 0); // first: if the address cannot be bound, nothing else has started
    for (MeterBinder jvm : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
        new ProcessorMetrics(), new UptimeMetrics())) {
      jvm.bindTo(registry);
    }
    server.createContext("/", this::serve);
    server.setExecutor(thread);
    server.start();
  }

  /**
   * Reads the {@code metrics} key of the file: {@code {address: HOST:PORT}}, or the address alone.
   *
   * @param top the file's top map
   * @return the address, empty if the key is absent (no endpoint)
   */
  static Optional<InetSocketAddress> read(Node top) {
    return top.child("metrics").flatMap(node -> {
      AtomicReference<InetSocketAddress> address = new AtomicReference<>();
      KEYS.readShorthand(node, "address", address);
      return Optional.ofNullable(address.get());
    });
  }

  /**
   * Serves on an address.
   *
   * @param address where; port 0 takes any free port
   * @return the endpoint, serving
   * @throws IOException if the address cannot be bound (in use, not an address of this host)
   */
  static MetricsEndpoint open(InetSocketAddress address) throws IOException {
    return new MetricsEndpoint(address);
  }

  /**
   * Opens the endpoint once the groups run, if the file asks for one; without it (e.g. the port is
   * taken) the groups run on, and the log says why.
   *
   * @param address the {@code metrics} key
   * @param running the running groups, followed from now on
   * @return the endpoint, empty if none
   */
  static Optional<MetricsEndpoint> open(Optional<InetSocketAddress> address, RunningGroups running) {
    return address.flatMap(where -> {
      try {
        MetricsEndpoint endpoint = open(where);
        running.addListener(endpoint);
        LOG.info("metrics on http://{}{}", text(endpoint.address()), PATH);
        return Optional.of(endpoint);
      } catch (IOException | RuntimeException e) {
        LOG.error("metrics on {}: {}; the groups run without it", text(where), e.getMessage());
        return Optional.empty();
      }
    });
  }

  /**
   * Returns where it serves.
   *
   * @return the address and the port bound
   */
  InetSocketAddress address() {
    return server.getAddress();
  }

  /**
   * Adds a group's meters; a group started after another of its name replaces that one's.
   *
   * @param group the group
   */
  @Override
  public void started(FailoverGroup group) {
    // the same names and tags would get the old group's meters back from the registry
    groups.keySet().stream().filter(other -> other.name().equals(group.name())).toList().forEach(this::stopped);
    FailoverGroupMetrics metrics = new FailoverGroupMetrics(group);
    metrics.bindTo(registry);
    groups.put(group, metrics);
  }

  /**
   * Removes a group's meters.
   *
   * @param group the group
   */
  @Override
  public void stopped(FailoverGroup group) {
    Optional.ofNullable(groups.remove(group)).ifPresent(FailoverGroupMetrics::close);
  }

  /** Stops serving, and removes every meter. */
  @Override
  public void close() {
    server.stop(0);
    List.copyOf(groups.keySet()).forEach(this::stopped);
    gc.close();
    thread.shutdownNow();
    registry.close();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(PATH)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String text(InetSocketAddress address) {
    String host = IpLiterals.text(address.getAddress());
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}

package io.github.failover4j.linux;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway network made of namespaces: one holds a bridge, each node gets its own namespace with
 * an {@code eth0} plugged into it. Everything is named {@code f4j-PID-N-...} and deleted by
 * {@link #close()}; namespaces left by a test JVM that died are deleted when the next lab starts.
 *
 * <p>Without the privileges to make namespaces, tests are skipped with the reason; when the
 * environment variable {@value #REQUIRED} is set (CI sets it), they fail instead.
 */
public final class NetnsLab implements AutoCloseable {
  /** Set by CI: a missing privilege fails the tests instead of skipping them. */
  public static final String REQUIRED = "FAILOVER4J_REQUIRE_NETNS";

  private static final AtomicInteger LABS = new AtomicInteger();
  private static final Pattern OURS = Pattern.compile("f4j-(\\d+)-\\d+-.*");

  private final String prefix;
  private final String bridge;
  private final List<Node> nodes = new ArrayList<>();
  private final List<AutoCloseable> resources = new ArrayList<>();

  private NetnsLab() {
    this.prefix = "f4j-" + ProcessHandle.current().pid() + "-" + LABS.incrementAndGet() + "-";
    this.bridge = prefix + "br";
  }

  /**
   * Creates an empty lab: a bridge in its own namespace.
   *
   * @return the lab
   */
  public static NetnsLab create() {
    requirePrivileges();
    removeLeftovers();
    NetnsLab lab = new NetnsLab();
    try {
      run("ip", "netns", "add", lab.bridge);
      run("ip", "-n", lab.bridge, "link", "add", "br0", "type", "bridge", "forward_delay", "0", "mcast_snooping", "0");
      run("ip", "-n", lab.bridge, "link", "set", "br0", "up");
    } catch (RuntimeException e) {
      lab.close();
      throw e;
    }
    return lab;
  }

  private static void requirePrivileges() {
    String reason = null;
    if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))
        && !Files.isExecutable(Path.of("/usr/bin/ip"))) {
      reason = "iproute2's ip command is not installed";
    } else if (!Capabilities.effective(Path.of("/proc/self/status"), Linux.CAP_SYS_ADMIN)
        || !Capabilities.effective(Path.of("/proc/self/status"), Linux.CAP_NET_ADMIN)) {
      reason = "making network namespaces needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN)";
    }
    require(reason == null, reason);
  }

  /**
   * Skips the test if something it needs is missing, or fails it when {@value #REQUIRED} is set.
   *
   * @param available whether it is there
   * @param reason what is missing, e.g. "needs setpriv (util-linux)"
   */
  public static void require(boolean available, String reason) {
    if (!available) {
      if (System.getenv(REQUIRED) != null) {
        Assertions.fail(reason + ", and " + REQUIRED + " is set: these tests must run here");
      }
      Assumptions.abort("skipped: " + reason);
    }
  }

  /** Deletes namespaces of earlier test JVMs that are gone (a kill -9 skips every finally). */
  private static void removeLeftovers() {
    for (String line : run("ip", "netns", "list").split("\n")) {
      String name = line.split(" ")[0];
      Matcher m = OURS.matcher(name);
      if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
        runQuietly("ip", "netns", "del", name);
      }
    }
  }

  /**
   * Adds a node: a namespace with loopback up and an {@code eth0} on the bridge, IPv6 duplicate
   * address detection off (so addresses are usable at once).
   *
   * @param name a short name, unique in the lab
   * @return the node
   */
  public Node node(String name) {
    Node node = new Node(name, prefix + name);
    nodes.add(node);
    run("ip", "netns", "add", node.namespace);
    // no duplicate address detection, and addresses kept across a link flap, as on a configured server
    run("ip", "netns", "exec", node.namespace, "sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0",
        "net.ipv6.conf.default.accept_dad=0", "net.ipv6.conf.all.keep_addr_on_down=1",
        "net.ipv6.conf.default.keep_addr_on_down=1");
    String port = "p" + nodes.size() + "-" + LABS.get();
    run("ip", "link", "add", "eth0", "netns", node.namespace, "type", "veth", "peer", "name", port, "netns", bridge);
    run("ip", "-n", bridge, "link", "set", port, "master", "br0", "up");
    run("ip", "-n", node.namespace, "link", "set", "lo", "up");
    run("ip", "-n", node.namespace, "link", "set", "eth0", "up");
    return node;
  }

  /** Captures every frame crossing the bridge, unicast between nodes included. */
  public PacketCapture captureBridge() {
    try {
      PacketCapture capture = new PacketCapture(bridge);
      resources.add(0, capture);
      return capture;
    } catch (ErrnoException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the nodes, in the order they were added.
   *
   * @return the nodes
   */
  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  @Override
  public void close() {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        // go on: the namespaces must go whatever else failed
      }
    }
    for (Node node : nodes) {
      runQuietly("ip", "netns", "del", node.namespace);
    }
    runQuietly("ip", "netns", "del", bridge);
  }

  /** One host of the lab. */
  public final class Node {
    private final String name;
    private final String namespace;

    private Node(String name, String namespace) {
      this.name = name;
      this.namespace = namespace;
    }

    public String name() {
      return name;
    }

    /** The namespace, for {@code FailoverGroup.Builder.networkNamespace}. */
    public String namespace() {
      return namespace;
    }

    /** Adds an address to eth0, e.g. {@code 10.0.0.1/24}. */
    public Node address(String cidr) {
      run("ip", "-n", namespace, "addr", "add", cidr, "dev", "eth0");
      return this;
    }

    /** The addresses on eth0 as the kernel shows them (read with iproute2, not with failover4j). */
    public List<String> addresses() {
      String json = run("ip", "-j", "-n", namespace, "addr", "show", "dev", "eth0");
      List<String> found = new ArrayList<>();
      Matcher m = Pattern.compile("\"local\":\"([^\"]+)\"").matcher(json);
      while (m.find()) {
        found.add(m.group(1));
      }
      return found;
    }

    /** The IPv6 link-local address of eth0: VRRPv3 over IPv6 is sent from it. */
    public String linkLocal() {
      Matcher m = Pattern.compile("\"local\":\"(fe80[^\"]+)\"")
          .matcher(run("ip", "-6", "-j", "-n", namespace, "addr", "show", "dev", "eth0", "scope", "link"));
      if (!m.find()) {
        throw new IllegalStateException(name + " has no link-local address");
      }
      return m.group(1);
    }

    /** The MAC address of eth0 (read with iproute2), six bytes. */
    public byte[] mac() {
      Matcher m = Pattern.compile("\"address\":\"([0-9a-f]{2}(?::[0-9a-f]{2}){5})\"")
          .matcher(run("ip", "-j", "-n", namespace, "link", "show", "dev", "eth0"));
      if (!m.find()) {
        throw new IllegalStateException(name + "'s eth0 has no MAC address");
      }
      return java.util.HexFormat.ofDelimiter(":").parseHex(m.group(1));
    }

    public boolean has(String address) {
      return addresses().contains(address);
    }

    public void linkDown() {
      run("ip", "-n", namespace, "link", "set", "eth0", "down");
    }

    public void linkUp() {
      run("ip", "-n", namespace, "link", "set", "eth0", "up");
    }

    /** Runs a command inside the node's namespace and returns its output. */
    public String exec(String... command) {
      List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
      all.addAll(List.of(command));
      return run(all.toArray(String[]::new));
    }

    /** Answers every TCP connection to the port with the node's name, until the lab closes. */
    public void serveTcp(int port) {
      try {
        ServerSocket server = NetworkNamespace.call(Optional.of(namespace), () -> {
          try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName("::"), port));
            return s;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        resources.add(server);
        Thread thread = new Thread(() -> {
          while (!server.isClosed()) {
            try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
              out.write(name.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
              // closed, or a client that went away
            }
          }
        }, "tcp-" + name);
        thread.setDaemon(true);
        thread.start();
      } catch (ErrnoException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Connects from this node to a TCP server and reads its answer, or empty if none in time. */
    public Optional<String> fetch(String address, int port, Duration timeout) {
      try {
        return NetworkNamespace.call(Optional.of(namespace), () -> {
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(address), port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            InputStream in = socket.getInputStream();
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          } catch (IOException e) {
            return Optional.<String>empty();
          }
        });
      } catch (ErrnoException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Captures every frame on the node's interfaces from now on, as tcpdump would. */
    public PacketCapture capture() {
      try {
        return own(new PacketCapture(namespace));
      } catch (ErrnoException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Sends a raw VRRP message from this node's eth0 with a chosen TTL / hop limit: for packets a
     * well-behaved router would never send.
     */
    public void injectVrrp(byte[] message, String source, String destination, int ttl) {
      try {
        InetAddress from = InetAddress.getByName(source);
        InetAddress to = InetAddress.getByName(destination);
        io.github.failover4j.vrrp.AddressFamily family = io.github.failover4j.vrrp.AddressFamily.of(to);
        int index = Integer.parseInt(run("ip", "-n", namespace, "-o", "link", "show", "eth0").split(":")[0]);
        try (VrrpSocket socket = VrrpSocket.open(family, Optional.of(namespace), "eth0", index)) {
          boolean v4 = family == io.github.failover4j.vrrp.AddressFamily.IPV4;
          SocketOptions.setInt(socket.fd(), v4 ? Linux.IPPROTO_IP : Linux.IPPROTO_IPV6,
              v4 ? Linux.IP_MULTICAST_TTL : Linux.IPV6_MULTICAST_HOPS, ttl, "TTL");
          SocketOptions.setInt(socket.fd(), v4 ? Linux.IPPROTO_IP : Linux.IPPROTO_IPV6,
              v4 ? Linux.IP_TTL : Linux.IPV6_UNICAST_HOPS, ttl, "TTL");
          socket.send(socket.prepare(message, from, to));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Keeps something open in the node until the lab closes. */
    public <T extends AutoCloseable> T own(T resource) {
      resources.add(0, resource);
      return resource;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void runQuietly(String... command) {
    try {
      run(command);
    } catch (RuntimeException e) {
      // cleanup goes on
    }
  }
}

package io.github.failover4j.benchmarks;

import io.github.failover4j.FailoverGroup;
import io.github.failover4j.FailoverListener;
import io.github.failover4j.MoverChange;
import io.github.failover4j.MoverState;
import io.github.failover4j.Role;
import io.github.failover4j.RoleChange;
import io.github.failover4j.spi.MoverConfig;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times a cloud move as a user sees it: a group alone on its link becomes MASTER, and its
 * {@code hetzner} floating-IP mover checks, assigns and verifies against a local fake of the
 * Hetzner Cloud API that answers each request after a fixed latency. It reports, per run, the time
 * from the role change to the first request the fake received (the driver's reaction), and the
 * time from the role change to the mover's HOLDING minus the time the fake really spent answering
 * (its sleeps overshoot the nominal latency by a fraction of a millisecond each): the driver's and
 * client's overhead over a whole move. A benchmark, not a test: run it through
 * {@code benchmarks/netns/cloud-move.sh}, as root.
 *
 * <p>Arguments: the network namespace and interface the group runs on, the number of runs, the
 * fake's latency per request in milliseconds.
 */
public final class CloudMoveBenchmark {
  private static final long FLOATING_IP = 4711;
  private static final long SELF = 42;
  private static final long OTHER = 43;
  private static final Pattern ACTION = Pattern.compile("/v1/actions/(\\d+)");
  private static final Pattern SERVER = Pattern.compile("\"server\"\\s*:\\s*(\\d+)");

  private CloudMoveBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args namespace, interface, runs, latency in ms
   * @throws Exception if the lab or the fake fails
   */
  public static void main(String[] args) throws Exception {
    String namespace = args[0];
    String iface = args[1];
    int runs = Integer.parseInt(args[2]);
    Duration latency = Duration.ofMillis(Long.parseLong(args[3]));
    Path token = Files.createTempFile("hcloud", ".token", PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(token, "benchmark-token-not-a-secret\n");
    FakeFloatingIp cloud = new FakeFloatingIp(latency);
    List<Long> reaction = new ArrayList<>();
    List<Long> overhead = new ArrayList<>();
    List<Long> whole = new ArrayList<>();
    // a fake that writes each answer in one piece: MockWebServer writes headers and body apart, and
    // the body then waits for the client's delayed ACK (40 ms), which no real API makes a client pay
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> cloud.serve(server), "fake-hetzner");
    acceptor.setDaemon(true);
    acceptor.start();
    String endpoint = "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    try {
      for (int run = 0; run < runs; run++) {
        cloud.reset();
        Run result = run(namespace, iface, endpoint, token);
        long first = Duration.between(result.master(), cloud.firstRequest()).toNanos();
        long move = Duration.between(result.master(), result.held()).toNanos();
        reaction.add(first);
        whole.add(move);
        overhead.add(move - cloud.servingNanos());
        System.out.printf("run %2d: first request %7.3f ms after MASTER, held after %7.3f ms (%d requests)%n",
            run + 1, first / 1e6, move / 1e6, cloud.requests());
      }
    } finally {
      server.close();
      Files.deleteIfExists(token);
    }
    System.out.println();
    System.out.printf("fake latency per request: %d ms; %d runs%n", latency.toMillis(), runs);
    System.out.println("| measure | min | median | p90 | max |");
    System.out.println("|---|---|---|---|---|");
    row("MASTER -> first provider request (ms)", reaction);
    row("MASTER -> HOLDING, whole move (ms)", whole);
    row("whole move minus provider latency (ms)", overhead);
  }

  private record Run(Instant master, Instant held) {}

  private static Run run(String namespace, String iface, String endpoint, Path token) throws Exception {
    AtomicReference<Instant> master = new AtomicReference<>();
    AtomicReference<Instant> held = new AtomicReference<>();
    CountDownLatch holding = new CountDownLatch(1);
    FailoverGroup group = FailoverGroup.builder().name("bench").networkNamespace(namespace).interfaceName(iface)
        .vrid(61).priority(100).advertInterval(Duration.ofMillis(100)).virtualIp("192.0.2.50/32")
        .mover("hetzner", MoverConfig.of(Map.of("mode", "floating-ip", "floatingIp", String.valueOf(FLOATING_IP),
            "server", String.valueOf(SELF), "endpoint", endpoint, "tokenFile", token.toString())))
        .build();
    group.addListener(new FailoverListener() {
      @Override
      public void onRoleChange(RoleChange change) {
        if (change.to() == Role.MASTER) {
          master.set(change.at());
        }
      }

      @Override
      public void onMoverChange(MoverChange change) {
        if (change.mover().equals("hetzner") && change.to() == MoverState.HOLDING) {
          held.set(change.at());
          holding.countDown();
        }
      }
    }, Runnable::run);
    try (group) {
      group.start();
      if (!holding.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not HOLDING within 30 s: " + group.status());
      }
    }
    return new Run(master.get(), held.get());
  }

  private static void row(String name, List<Long> nanos) {
    List<Long> sorted = nanos.stream().sorted().toList();
    System.out.printf("| %s | %.2f | %.2f | %.2f | %.2f |%n", name, sorted.get(0) / 1e6,
        sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1) / 1e6,
        sorted.get(sorted.size() - 1) / 1e6);
  }

  /** The floating-IP calls of the Hetzner Cloud API, each answered after the latency; actions end at once. */
  private static final class FakeFloatingIp {
    private final Duration latency;
    private final AtomicLong holder = new AtomicLong(OTHER);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger actions = new AtomicInteger();
    private final AtomicReference<Instant> firstRequest = new AtomicReference<>();
    private final AtomicLong serving = new AtomicLong(); // nanos the fake spent answering: its real latency

    FakeFloatingIp(Duration latency) {
      this.latency = latency;
    }

    void reset() {
      holder.set(OTHER);
      requests.set(0);
      serving.set(0);
      firstRequest.set(null);
    }

    int requests() {
      return requests.get();
    }

    Instant firstRequest() {
      return firstRequest.get();
    }

    long servingNanos() {
      return serving.get();
    }

    /** Accepts connections until the socket closes; one thread per connection, keep-alive. */
    void serve(ServerSocket server) {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          socket.setTcpNoDelay(true);
          Thread connection = new Thread(() -> exchange(socket), "fake-hetzner-connection");
          connection.setDaemon(true);
          connection.start();
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    private void exchange(Socket socket) {
      try (socket; BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
          OutputStream out = socket.getOutputStream()) {
        while (true) {
          String requestLine = line(in);
          if (requestLine == null || requestLine.isEmpty()) {
            return;
          }
          int length = 0;
          for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
              length = Integer.parseInt(header.substring(15).trim());
            }
          }
          String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
          String[] parts = requestLine.split(" ");
          out.write(answer(parts[0], parts[1], body));
          out.flush();
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    private static String line(BufferedInputStream in) throws IOException {
      StringBuilder text = new StringBuilder();
      for (int c = in.read(); c != -1; c = in.read()) {
        if (c == '\n') {
          return text.toString().strip();
        }
        text.append((char) c);
      }
      return text.length() == 0 ? null : text.toString();
    }

    private byte[] answer(String method, String path, String request) {
      long received = System.nanoTime();
      firstRequest.compareAndSet(null, Instant.now());
      requests.incrementAndGet();
      String body;
      String status = "200 OK";
      if (path.equals("/v1/floating_ips/" + FLOATING_IP) && method.equals("GET")) {
        body = "{\"floating_ip\":{\"id\":" + FLOATING_IP + ",\"name\":\"bench\",\"description\":null,"
            + "\"ip\":\"192.0.2.50\",\"type\":\"ipv4\",\"server\":" + holder.get() + ",\"dns_ptr\":[],"
            + "\"home_location\":{\"id\":1,\"name\":\"fsn1\",\"description\":\"Falkenstein DC Park 1\","
            + "\"country\":\"DE\",\"city\":\"Falkenstein\",\"latitude\":50.47612,\"longitude\":12.370071,"
            + "\"network_zone\":\"eu-central\"},\"blocked\":false,\"protection\":{\"delete\":false},\"labels\":{},"
            + "\"created\":\"2026-01-01T00:00:00+00:00\"}}";
      } else if (path.equals("/v1/floating_ips/" + FLOATING_IP + "/actions/assign")) {
        Matcher server = SERVER.matcher(request);
        if (server.find()) {
          holder.set(Long.parseLong(server.group(1)));
        }
        status = "201 Created";
        body = action(actions.incrementAndGet());
      } else {
        Matcher action = ACTION.matcher(path);
        if (action.matches()) {
          body = action(Integer.parseInt(action.group(1)));
        } else {
          status = "404 Not Found";
          body = "{\"error\":{\"code\":\"not_found\",\"message\":\"not found\",\"details\":{}}}";
        }
      }
      try {
        Thread.sleep(latency.toMillis()); // the provider's latency, by design of the fake
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      serving.addAndGet(System.nanoTime() - received);
      return ("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + content.length
          + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    private static String action(int id) {
      return "{\"action\":{\"id\":" + id + ",\"command\":\"assign_floating_ip\",\"status\":\"success\","
          + "\"progress\":100,\"started\":\"2026-01-01T00:00:00+00:00\",\"finished\":\"2026-01-01T00:00:00+00:00\","
          + "\"resources\":[{\"id\":" + FLOATING_IP + ",\"type\":\"floating_ip\"}],\"error\":null}}";
    }
  }
}

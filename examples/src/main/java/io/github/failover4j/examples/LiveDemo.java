package io.github.failover4j.examples;

import io.github.failover4j.vrrp.VrrpConfig;
import io.github.failover4j.vrrp.VrrpStateMachine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live demo, run by {@code examples/demo.sh} inside the client's network namespace of a lab it
 * made: three nodes run the failover4j agent and a web page naming them; this client fetches the
 * page through the virtual address every 5 ms. The master's host dies, comes back and preempts,
 * then is stopped gracefully; the timeline shows who was MASTER, when the address moved, and how
 * long the client had no answer, next to the RFC's figures.
 */
public final class LiveDemo {
  private static final String VIP = "10.0.0.200";
  private static final int PORT = 8080;
  private static final Duration INTERVAL = Duration.ofMillis(100);
  private static final Map<String, Integer> PRIORITIES = Map.of("node-a", 200, "node-b", 150, "node-c", 100);
  private static final Pattern LOG_LINE = Pattern.compile("(\\S+) \\S+ \\S+ - (.*)");
  private static final Pattern ROLE = Pattern.compile("\\[web vrid=51] (\\w+ -> \\w+ \\(.*\\))");
  private static final Pattern MOVE = Pattern.compile("\\[web] (added|removed) (\\S+) (?:to|from) eth0");

  /** One line of the timeline. */
  private record Event(Instant at, String who, String what) {}

  private final String lab;
  private final Path agentJar;
  private final String classpath;
  private final Path work;
  private final List<Event> events = new ArrayList<>();
  private final Map<String, Process> agents = new HashMap<>();
  private final Map<String, Process> pages = new HashMap<>();
  private volatile String answeredBy = "";
  private volatile boolean fetching = true;

  private LiveDemo(String lab, Path agentJar, String classpath, Path work) {
    this.lab = lab;
    this.agentJar = agentJar;
    this.classpath = classpath;
    this.work = work;
  }

  /**
   * Runs the demo.
   *
   * @param args the lab's namespace prefix, the agent jar, the examples' class path, a work directory
   * @throws Exception if the demo cannot run
   */
  public static void main(String[] args) throws Exception {
    LiveDemo demo = new LiveDemo(args[0], Path.of(args[1]), args[2], Path.of(args[3]));
    try {
      demo.run();
    } finally {
      demo.stopAll();
    }
  }

  private void run() throws Exception {
    event("demo", "three nodes start the agent (VRRPv3 every 100 ms, priorities 200, 150, 100) and a web page");
    for (String node : List.of("node-a", "node-b", "node-c")) {
      startPage(node);
      startAgent(node);
    }
    Thread client = new Thread(this::fetchForever, "client");
    client.setDaemon(true);
    client.start();
    await("node-a to answer", Duration.ofSeconds(30), () -> answeredBy.equals("node-a"));
    Thread.sleep(1000);

    Instant died = event("demo", "node-a's host dies: agent and web server killed, link down (no priority 0)");
    agents.remove("node-a").destroyForcibly();
    pages.remove("node-a").destroyForcibly();
    run("ip", "-n", lab + "-node-a", "link", "set", "eth0", "down");
    await("node-b to answer", Duration.ofSeconds(10), () -> answeredBy.equals("node-b"));
    Thread.sleep(1000);

    event("demo", "node-a's host is back: link up, web server and agent started");
    run("ip", "-n", lab + "-node-a", "link", "set", "eth0", "up");
    startPage("node-a");
    startAgent("node-a");
    await("node-a to answer again", Duration.ofSeconds(30), () -> answeredBy.equals("node-a"));
    Thread.sleep(1000);

    Instant stopped = event("demo", "node-a's agent is stopped (SIGTERM): it sends priority 0 and releases");
    Process agent = agents.remove("node-a");
    agent.destroy();
    agent.waitFor(15, TimeUnit.SECONDS);
    await("node-b to answer again", Duration.ofSeconds(10), () -> answeredBy.equals("node-b"));
    Thread.sleep(500);
    fetching = false;
    client.join(1000);
    report(died, stopped);
  }

  private void report(Instant died, Instant stopped) throws IOException {
    List<Event> timeline;
    synchronized (events) {
      timeline = new ArrayList<>(events);
    }
    timeline.sort(Comparator.comparing(Event::at));
    Instant start = timeline.get(0).at();
    System.out.println();
    for (Event e : timeline) {
      System.out.printf(Locale.ROOT, "%+9.3f s  %-7s %s%n", Duration.between(start, e.at()).toNanos() / 1e9, e.who(),
          e.what());
    }
    VrrpStateMachine b = new VrrpStateMachine(VrrpConfig.builder(51).priority(PRIORITIES.get("node-b"))
        .advertInterval(INTERVAL).addresses(List.of(InetAddress.getByName(VIP))).build(), InetAddress.getByName("10.0.0.2"));
    System.out.println();
    System.out.printf(Locale.ROOT, "node-a died: node-b took over %s; RFC 9568 Master_Down_Interval for priority 150:"
        + " 3 x 100 ms + Skew_Time %.1f ms = %.1f ms.%n", reasonOf("node-b", died), b.skewTimeNanos() / 1e6,
        b.masterDownIntervalNanos() / 1e6);
    System.out.printf(Locale.ROOT, "  The client had no answer for %s.%n", outageAfter(timeline, died));
    System.out.printf(Locale.ROOT, "node-a stopped gracefully: node-b took over %s; RFC Skew_Time %.1f ms.%n",
        reasonOf("node-b", stopped), b.skewTimeNanos() / 1e6);
    System.out.printf(Locale.ROOT, "  The client had no answer for %s.%n", outageAfter(timeline, stopped));
    System.out.println("(The client tries every 5 ms with a 20 ms connect timeout; its gap includes the ARP update.)");
  }

  /** The takeover reason node-b gave after a moment, e.g. "(master down after 341.6 ms)". */
  private String reasonOf(String node, Instant after) {
    synchronized (events) {
      return events.stream().filter(e -> e.who().equals(node) && !e.at().isBefore(after)
              && e.what().startsWith("BACKUP -> MASTER"))
          .findFirst().map(e -> e.what().substring(e.what().indexOf('('))).orElse("(not seen)");
    }
  }

  /** How long the client had no answer after a moment, as it reported when answers resumed. */
  private static String outageAfter(List<Event> timeline, Instant after) {
    return timeline.stream()
        .filter(e -> e.who().equals("client") && !e.at().isBefore(after) && e.what().contains("(no answer for "))
        .findFirst()
        .map(e -> e.what().substring(e.what().indexOf("for ") + 4, e.what().length() - 1)
            + ", from its last answer to its first from the new master")
        .orElse("no time at all: no request went unanswered");
  }

  /**
   * Fetches the page every 5 ms; records each change of who answers, and when answers resume after a
   * gap, how long it lasted from the last answer before it.
   */
  private void fetchForever() {
    String last = "";
    Instant lastAnswer = null;
    Instant gapFrom = null;
    while (fetching) {
      String answer = fetch();
      Instant at = Instant.now();
      if (answer.isEmpty() && !last.isEmpty()) {
        gapFrom = lastAnswer;
        event(at, "client", "no answer");
      } else if (!answer.isEmpty() && !answer.equals(last)) {
        answeredBy = answer;
        event(at, "client", "answered by " + answer + (gapFrom == null ? ""
            : String.format(Locale.ROOT, " (no answer for %.0f ms)", Duration.between(gapFrom, at).toNanos() / 1e6)));
        gapFrom = null;
      }
      if (!answer.isEmpty()) {
        lastAnswer = at;
      }
      last = answer;
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String fetch() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(VIP, PORT), 20);
      socket.setSoTimeout(50);
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int body = response.indexOf("\r\n\r\n");
      return body < 0 ? "" : response.substring(body + 4).trim();
    } catch (IOException e) {
      return "";
    }
  }

  private void startPage(String node) throws IOException {
    pages.put(node, new ProcessBuilder("ip", "netns", "exec", lab + "-" + node, javaBinary(), "-cp", classpath,
        PageServer.class.getName(), String.valueOf(PORT), node).redirectErrorStream(true)
        .redirectOutput(work.resolve(node + "-page.log").toFile()).start());
  }

  private void startAgent(String node) throws IOException {
    Path config = Files.writeString(work.resolve(node + ".yaml"), """
        groups:
          - name: web
            interface: eth0
            vrid: 51
            priority: %d
            advertInterval: 100ms
            virtualIps: ["%s/24"]
        """.formatted(PRIORITIES.get(node), VIP));
    Process agent = new ProcessBuilder("ip", "netns", "exec", lab + "-" + node, javaBinary(), "-jar",
        agentJar.toString(), "--config", config.toString()).redirectErrorStream(true).start();
    agents.put(node, agent);
    Thread reader = new Thread(() -> readLog(node, agent), "log-" + node);
    reader.setDaemon(true);
    reader.start();
  }

  /** Turns the agent's log lines into timeline events, with the agent's own timestamps. */
  private void readLog(String node, Process agent) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        Matcher m = LOG_LINE.matcher(line);
        if (!m.matches()) {
          continue;
        }
        Instant at = OffsetDateTime.parse(m.group(1)).toInstant();
        Matcher role = ROLE.matcher(m.group(2));
        Matcher move = MOVE.matcher(m.group(2));
        if (role.find()) {
          event(at, node, role.group(1));
        } else if (move.find()) {
          event(at, node, (move.group(1).equals("added") ? "holds " : "gave up ") + move.group(2));
        }
      }
    } catch (IOException e) {
      // the agent is gone
    }
  }

  private Instant event(String who, String what) {
    return event(Instant.now(), who, what);
  }

  private Instant event(Instant at, String who, String what) {
    synchronized (events) {
      events.add(new Event(at, who, what));
    }
    return at;
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the demo waited " + timeout.toSeconds() + " s for " + what);
      }
      Thread.sleep(10);
    }
  }

  private void stopAll() throws InterruptedException {
    fetching = false;
    for (Process process : agents.values()) {
      process.destroy(); // SIGTERM: graceful, addresses released
    }
    for (Process process : agents.values()) {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    for (Process process : pages.values()) {
      process.destroyForcibly();
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    process.waitFor();
  }
}

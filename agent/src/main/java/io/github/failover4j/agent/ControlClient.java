package io.github.failover4j.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The command line's control commands: sends one to a running agent's control socket and prints
 * its answer.
 *
 * <pre>
 * failover4j-agent status [--json]
 * failover4j-agent yield GROUP
 * failover4j-agent demote GROUP [N] [--reason TEXT]
 * failover4j-agent undemote GROUP
 * failover4j-agent reload
 * </pre>
 *
 * <p>Each takes {@code --socket PATH} (default {@code /run/failover4j/agent.sock}). Exit codes: 0
 * done, 1 the agent could not do it (for {@code reload}: an invalid file, which changed nothing, or
 * a group that failed to start), 2 a usage error, 4 the agent cannot be reached or refused this
 * user, 5 not possible for this agent ({@code reload} of one run without a file, {@code --from-env}).
 */
final class ControlClient {
  static final int FAILED = 1;
  static final int UNREACHABLE = 4;
  static final int NOT_SUPPORTED = 5;

  static final String USAGE = """
      usage: failover4j-agent status [--json]              every group: role, master, priority, checks, movers, counters
             failover4j-agent yield GROUP                  hand over now (priority 0), stay BACKUP until undemote
             failover4j-agent demote GROUP [N] [--reason TEXT]  lower the priority by N (default 254: to 1)
             failover4j-agent undemote GROUP               undo the demotions of demote and yield
             failover4j-agent reload                       read the file again: changed groups restart, others run on
      each also takes --socket PATH (default /run/failover4j/agent.sock)""";

  /** How long to wait for the agent's answer. */
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ControlClient() {}

  /**
   * Tells whether the command line is a control command.
   *
   * @param args the command line
   * @return true if its first word is one
   */
  static boolean accepts(String[] args) {
    return args.length > 0 && ControlCommand.COMMANDS.contains(args[0]);
  }

  /** A command line read: the request and how to show the answer. */
  record Invocation(ControlCommand command, Path socket, boolean json) {}

  /**
   * Reads a control command line.
   *
   * @param args the command line
   * @return the invocation
   * @throws IllegalArgumentException for a usage error, saying what is wrong
   */
  static Invocation parse(String[] args) {
    String command = args[0];
    Path socket = ControlSocket.DEFAULT_PATH;
    boolean json = false;
    Optional<String> reason = Optional.empty();
    List<String> positional = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--socket" -> socket = Path.of(value(args, ++i, "--socket"));
        case "--reason" -> reason = Optional.of(value(args, ++i, "--reason"));
        case "--json" -> json = true;
        default -> {
          if (args[i].startsWith("--")) {
            throw new IllegalArgumentException(command + ": unknown option " + args[i]);
          }
          positional.add(args[i]);
        }
      }
    }
    if (json && !command.equals("status")) {
      throw new IllegalArgumentException(command + ": --json is for status only");
    }
    if (reason.isPresent() && !command.equals("demote")) {
      throw new IllegalArgumentException(command + ": --reason is for demote only");
    }
    int most = switch (command) {
      case "status", "reload" -> 0;
      case "demote" -> 2;
      default -> 1;
    };
    int least = most == 0 ? 0 : 1;
    if (positional.size() < least || positional.size() > most) {
      throw new IllegalArgumentException(command + ": " + (positional.size() < least ? "no group" : "unexpected "
          + String.join(" ", positional.subList(Math.min(most, positional.size()), positional.size()))));
    }
    OptionalInt amount = OptionalInt.empty();
    if (positional.size() == 2) {
      try {
        amount = OptionalInt.of(Integer.parseInt(positional.get(1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("demote: amount " + positional.get(1) + " (expected: 1..254)");
      }
    }
    Optional<String> group = positional.isEmpty() ? Optional.empty() : Optional.of(positional.get(0));
    // the agent checks it again; checked here too so that a usage error exits 2 without a connection
    ControlCommand request = ControlCommand.parse(new ControlCommand(command, group, amount, reason,
        command.equals("status") && !json).toJson());
    return new Invocation(request, socket, json);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + ": no value");
    }
    return args[i];
  }

  /**
   * Runs a control command line.
   *
   * @param args the command line, its first word a control command
   * @param out where the answer goes
   * @param err where errors go
   * @return the exit code
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Invocation invocation;
    try {
      invocation = parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return Agent.USAGE;
    }
    String answer;
    try {
      answer = send(invocation.socket(), invocation.command().toJson());
    } catch (IOException e) {
      err.println("cannot reach the agent at " + invocation.socket() + ": " + reason(e));
      return UNREACHABLE;
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(answer);
    } catch (JsonProcessingException e) {
      err.println("the agent's answer is not JSON: " + answer);
      return FAILED;
    }
    if (!node.path("ok").asBoolean(false)) {
      err.println(node.path("error").asText("the agent said no, without a reason"));
      return switch (node.path("code").asText("")) {
        case "REFUSED" -> UNREACHABLE;
        case "NOT_SUPPORTED" -> NOT_SUPPORTED;
        default -> FAILED;
      };
    }
    if (invocation.json()) {
      try {
        com.fasterxml.jackson.databind.node.ObjectNode status = node.deepCopy();
        status.remove("ok");
        out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(status));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e); // a tree just read always writes
      }
    } else if (node.has("lines")) {
      node.get("lines").forEach(line -> out.println(line.asText()));
    } else {
      out.println(node.path("message").asText("done"));
    }
    return Agent.OK;
  }

  /**
   * Sends one request line and reads the answer.
   *
   * @param socket the agent's socket
   * @param request the line
   * @return the answer line
   * @throws IOException if the agent cannot be reached or does not answer in time
   */
  static String send(Path socket, String request) throws IOException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      IOException unsent = null;
      try {
        ControlSocket.write(channel, request + "\n", deadline);
      } catch (IOException e) {
        unsent = e; // a refusal comes before the request is read: the answer may be there all the same
      }
      byte[] answer = ControlSocket.readUntil(channel, 64 << 20, deadline, false);
      if (answer == null || answer.length == 0) {
        throw unsent != null ? unsent : new IOException("no answer in " + TIMEOUT.toSeconds() + " s");
      }
      return new String(answer, StandardCharsets.UTF_8);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException || String.valueOf(e.getMessage()).contains("No such file")) {
      return "no such socket (is the agent running? its socket is control.socket in its configuration; "
          + "--socket PATH)";
    }
    if (e instanceof ConnectException || String.valueOf(e.getMessage()).contains("Connection refused")) {
      return "nobody listens on it (is the agent running?)";
    }
    if (e instanceof AccessDeniedException || String.valueOf(e.getMessage()).contains("ermission denied")) {
      return "permission denied (run as root, as the agent's user, or as a member of control.group)";
    }
    return String.valueOf(e.getMessage());
  }
}

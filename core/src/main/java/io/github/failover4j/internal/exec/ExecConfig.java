package io.github.failover4j.internal.exec;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.internal.check.ScriptSecurity;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.Secret;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code exec} mover's settings, read from its {@link MoverConfig} and checked all at once.
 *
 * @param claim the command that makes this node hold the addresses
 * @param observe the command that tells who holds them
 * @param release the command that lets go of them, if any
 * @param timeout how long one command may run (never beyond the operation's deadline)
 * @param user whom the commands run as, if not this process's user
 * @param environment the variables given to every command, by name
 * @param secrets the variables read from secret files, by name
 * @param self this node's name, if given
 */
record ExecConfig(String claim, String observe, Optional<String> release, Duration timeout, Optional<String> user,
    Map<String, String> environment, Map<String, Secret> secrets, Optional<String> self) {

  static final String CLAIM = "claim";
  static final String OBSERVE = "observe";
  static final String RELEASE = "release";
  static final String TIMEOUT = "timeout";
  static final String USER = "user";
  static final String SELF = "self";
  static final String ENVIRONMENT = "environment.";
  static final String SECRET_FILE = "secretFile.";
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final Set<String> KEYS = Set.of(CLAIM, OBSERVE, RELEASE, TIMEOUT, USER, SELF);
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  // the variables every command gets from the mover; PATH is fixed so that script security's
  // lookup of the command finds what the shell will run
  private static final String RESERVED_PREFIX = "FAILOVER4J_";
  private static final String PATH = "PATH";
  // ScriptSecurity's problems start with these
  private static final String SCRIPT = "script: ";
  private static final String USER_PROBLEM = SCRIPT + "user ";

  /** Copies the maps. */
  ExecConfig {
    environment = Map.copyOf(environment);
    secrets = Map.copyOf(secrets);
  }

  /**
   * Reads and checks the settings; reads the secret files.
   *
   * @param config the settings
   * @return the checked settings
   * @throws ConfigurationException listing every problem
   */
  static ExecConfig read(MoverConfig config) {
    Set<String> problems = new LinkedHashSet<>();
    Set<String> unknown = new TreeSet<>();
    Map<String, String> environment = new LinkedHashMap<>();
    Map<String, Secret> secrets = new LinkedHashMap<>();
    for (String key : new TreeSet<>(config.keys())) {
      String value = config.get(key).orElseThrow();
      if (key.startsWith(ENVIRONMENT)) {
        String name = key.substring(ENVIRONMENT.length());
        if (variableProblem(key, name, problems)) {
          environment.put(name, value);
        }
      } else if (key.startsWith(SECRET_FILE)) {
        String name = key.substring(SECRET_FILE.length());
        if (variableProblem(key, name, problems)) {
          secret(key, value, problems).ifPresent(secret -> secrets.put(name, secret));
        }
      } else if (!KEYS.contains(key)) {
        unknown.add(key);
      }
    }
    unknown.forEach(key -> problems.add(key + ": unknown (expected: " + String.join(", ", new TreeSet<>(KEYS))
        + ", " + ENVIRONMENT + "NAME or " + SECRET_FILE + "NAME)"));
    for (String name : secrets.keySet()) {
      if (environment.containsKey(name)) {
        problems.add(SECRET_FILE + name + ": also set as " + ENVIRONMENT + name + " (expected: one of them)");
      }
    }

    Optional<String> user = config.get(USER);
    if (user.isPresent() && user.get().isBlank()) {
      problems.add(USER + ": blank (expected: a user's name, or no " + USER + " for this process's)");
      user = Optional.empty();
    }
    Optional<String> self = config.get(SELF);
    if (self.isPresent() && self.get().isBlank()) {
      problems.add(SELF + ": blank (expected: this node's name, or no " + SELF + ")");
    }
    Duration timeout = config.get(TIMEOUT).map(text -> duration(text, problems)).orElse(DEFAULT_TIMEOUT);

    Optional<String> claim = command(config, CLAIM, user, secrets, problems,
        "a command line for /bin/sh -c that makes this node hold the addresses");
    Optional<String> observe = command(config, OBSERVE, user, secrets, problems,
        "a command line for /bin/sh -c that prints self, nobody, other NODE or unknown WHY: without it a claim"
            + " can be neither checked nor verified");
    Optional<String> release = config.get(RELEASE).isPresent()
        ? command(config, RELEASE, user, secrets, problems, "a command line for /bin/sh -c")
        : Optional.empty();

    if (!problems.isEmpty()) {
      throw new ConfigurationException("ip mover " + ExecIpMoverProvider.NAME, List.copyOf(problems));
    }
    return new ExecConfig(claim.orElseThrow(), observe.orElseThrow(), release, timeout, user, environment, secrets,
        self);
  }

  /** Adds the problem of a variable's name, if any; tells whether it is fine. */
  private static boolean variableProblem(String key, String name, Set<String> problems) {
    if (!VARIABLE.matcher(name).matches()) {
      problems.add(key + ": \"" + name + "\" is not a variable name (expected: letters, digits and _, not starting"
          + " with a digit)");
      return false;
    }
    if (name.equals(PATH) || name.startsWith(RESERVED_PREFIX)) {
      problems.add(key + ": " + name + " is set by the mover (expected: another name)");
      return false;
    }
    return true;
  }

  private static Optional<Secret> secret(String key, String file, Set<String> problems) {
    try {
      return Optional.of(Secret.fromFile(Path.of(file)));
    } catch (InvalidPathException e) {
      problems.add(key + ": \"" + file + "\" is not a valid path");
    } catch (Secret.Unavailable e) {
      problems.add(key + ": " + e.getMessage());
    }
    return Optional.empty();
  }

  private static Duration duration(String text, Set<String> problems) {
    Matcher m = DURATION.matcher(text.strip());
    Duration timeout = null;
    if (m.matches()) {
      double nanos = Double.parseDouble(m.group(1)) * switch (m.group(2)) {
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      timeout = Duration.ofNanos(Math.round(nanos));
    }
    if (timeout == null || timeout.isZero()) {
      problems.add(TIMEOUT + ": \"" + text + "\" (expected: a duration above 0 such as 500ms, 60s, 2m)");
      return DEFAULT_TIMEOUT;
    }
    return timeout;
  }

  /** A command, checked as scripts are (keepalived's script security) and for secret values. */
  private static Optional<String> command(MoverConfig config, String key, Optional<String> user,
      Map<String, Secret> secrets, Set<String> problems, String expected) {
    Optional<String> command = config.get(key).filter(c -> !c.isBlank());
    if (command.isEmpty()) {
      problems.add(key + ": missing (expected: " + expected + ")");
      return Optional.empty();
    }
    for (String problem : ScriptSecurity.problems(command.get(), user)) {
      // the same unknown user for every command: said once, under its own key
      problems.add(problem.startsWith(USER_PROBLEM) ? USER + ": " + problem.substring(USER_PROBLEM.length())
          : key + ": " + problem.substring(problem.startsWith(SCRIPT) ? SCRIPT.length() : 0));
    }
    secrets.forEach((name, secret) -> {
      if (command.get().contains(secret.reveal())) {
        // arguments show in ps and /proc to every user; the environment only to the same user
        problems.add(key + ": holds the value of " + SECRET_FILE + name + " (expected: $" + name
            + "; secrets reach commands through the environment only)");
      }
    });
    return command;
  }
}

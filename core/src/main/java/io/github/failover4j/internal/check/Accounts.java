package io.github.failover4j.internal.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Looks up a user's ids: in {@code /etc/passwd} first (no fork), then through {@code getent}, which
 * asks NSS (LDAP, SSSD, systemd's dynamic users) as the C library would.
 */
final class Accounts {
  private static final List<Path> GETENT = List.of(Path.of("/usr/bin/getent"), Path.of("/bin/getent"));

  /**
   * A user's name and numeric ids.
   *
   * @param name the name
   * @param uid the user id
   * @param gid the primary group id
   */
  record Account(String name, int uid, int gid) {}

  private Accounts() {}

  /**
   * Looks a user up.
   *
   * @param name the user's name
   * @return the account, or empty if there is no such user (or the name is not a user name)
   */
  static Optional<Account> lookup(String name) {
    return lookup(name, Path.of("/etc/passwd"));
  }

  static Optional<Account> lookup(String name, Path passwd) {
    if (!isUserName(name)) {
      return Optional.empty();
    }
    try {
      for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
        Optional<Account> account = parse(line, name);
        if (account.isPresent()) {
          return account;
        }
      }
    } catch (IOException e) {
      // no readable passwd file: NSS may still know the user
    }
    return getent(name);
  }

  /** Names that cannot be mistaken for an option or break a passwd line. */
  private static boolean isUserName(String name) {
    return name != null && !name.isEmpty() && name.charAt(0) != '-'
        && name.chars().noneMatch(c -> c == ':' || c == '/' || c <= ' ' || c == 0x7F);
  }

  /** A passwd line, {@code name:password:uid:gid:gecos:home:shell}, if it is the user's. */
  static Optional<Account> parse(String line, String name) {
    String[] fields = line.split(":", -1);
    if (fields.length < 4 || !fields[0].equals(name)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Account(name, Integer.parseInt(fields[2]), Integer.parseInt(fields[3])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Account> getent(String name) {
    Optional<Path> getent = GETENT.stream().filter(Files::isExecutable).findFirst();
    if (getent.isEmpty()) {
      return Optional.empty();
    }
    try {
      ProcessBuilder builder = new ProcessBuilder(getent.get().toString(), "passwd", name)
          .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().clear();
      Process process = builder.start();
      // one short line fits in the pipe: wait first, so that a hanging NSS backend cannot block a read
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.empty();
      }
      try (InputStream in = process.getInputStream()) {
        String output = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        return process.exitValue() == 0 ? parse(output.strip(), name) : Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}

package io.github.failover4j.internal.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * keepalived's {@code enable_script_security}, always on: a script that someone other than root or
 * its own user could change is refused, since it would run with this process's rights.
 *
 * <p>The rule. The command's first word (after any {@code NAME=value} assignments) names what runs:
 *
 * <ul>
 *   <li>an absolute path is checked; a relative one ({@code ./check.sh}) is refused, as it would
 *       depend on the working directory;
 *   <li>a plain name is looked up in the scripts' {@code PATH} ({@value ScriptRunner#PATH}) and the
 *       file found is checked; a shell builtin or reserved word found nowhere there (e.g.
 *       {@code exit}, {@code [}, {@code if}) needs no check; anything else not found is refused;
 *   <li>a first word with shell expansions ({@code $}, backquotes) is refused: it cannot be checked.
 * </ul>
 *
 * <p>A checked file must exist and be executable (by its user: the owner's execute bit if it owns
 * the file, else the group's or others'). The file, every directory above it, and, when the path
 * goes through symbolic links, every directory of the resolved path too, must be:
 *
 * <ul>
 *   <li>owned by root or by the script's user (this process's user when none is given);
 *   <li>not writable by others, except a directory with the sticky bit (as {@code /tmp}): there
 *       only an entry's owner may replace it;
 *   <li>not writable by its group, unless that group is root.
 * </ul>
 *
 * <p>Only the first word is checked: files the script itself runs or reads are its own business.
 * The check runs once, when the check is built; a file changed later is not noticed.
 */
public final class ScriptSecurity {
  private static final Set<String> BUILTINS = Set.of(
      // POSIX special and regular builtins, and those of dash and bash that scripts commonly start with
      ".", ":", "[", "alias", "bg", "break", "cd", "command", "continue", "echo", "eval", "exec", "exit",
      "export", "false", "fc", "fg", "getopts", "hash", "jobs", "kill", "local", "printf", "pwd", "read",
      "readonly", "return", "set", "shift", "test", "times", "trap", "true", "type", "ulimit", "umask",
      "unalias", "unset", "wait",
      // reserved words
      "!", "{", "}", "case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in", "then", "until",
      "while");

  private ScriptSecurity() {}

  /**
   * Checks a script before it is accepted.
   *
   * @param command the command line for {@code /bin/sh -c}
   * @param user the user it runs as, or empty for this process's
   * @return every problem found, each in the form {@code script: PATH PROBLEM: FIX}; empty if safe
   */
  public static List<String> problems(String command, Optional<String> user) {
    List<String> problems = new ArrayList<>();
    if (command == null || command.isBlank()) {
      return List.of("script: command missing (expected: a command line for /bin/sh -c)");
    }
    if (command.indexOf('\0') >= 0) {
      return List.of("script: command holds a NUL character (expected: a command line for /bin/sh -c)");
    }
    Optional<String> runAs = user == null ? Optional.empty() : user;
    if (runAs.isPresent() && Accounts.lookup(runAs.get()).isEmpty()) {
      problems.add("script: user \"" + runAs.get() + "\" not found (expected: a user known to this host)");
    }
    String word = firstWord(command);
    if (word.isEmpty() || word.length() == 1 && "();&|<>".indexOf(word.charAt(0)) >= 0) {
      return problems; // a subshell or a redirection first: nothing named to check
    }
    if (word.indexOf('$') >= 0 || word.indexOf('`') >= 0) {
      problems.add("script: \"" + word + "\" uses shell expansion (expected: a literal path or command name, so"
          + " that it can be checked)");
      return problems;
    }
    Optional<Path> file = resolve(word, problems);
    if (file.isPresent()) {
      Set<String> trusted = new LinkedHashSet<>(List.of("root", runAs.orElse(System.getProperty("user.name"))));
      problems.addAll(fileProblems(file.get(), runAs, trusted));
    }
    return problems;
  }

  /** The command word: the first word that is not an assignment, unquoted if wholly quoted. */
  static String firstWord(String command) {
    int at = 0;
    while (true) {
      while (at < command.length() && Character.isWhitespace(command.charAt(at))) {
        at++;
      }
      if (at == command.length()) {
        return "";
      }
      char quote = command.charAt(at);
      String word;
      if (quote == '"' || quote == '\'') {
        int end = command.indexOf(quote, at + 1);
        word = command.substring(at + 1, end < 0 ? command.length() : end);
        return word;
      }
      int end = at;
      while (end < command.length() && " \t\n;&|<>()".indexOf(command.charAt(end)) < 0) {
        end++;
      }
      if (end == at) {
        return command.substring(at, at + 1); // an operator first, e.g. "(" of a subshell
      }
      word = command.substring(at, end);
      if (!word.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
        return word;
      }
      at = end;
    }
  }

  private static Optional<Path> resolve(String word, List<String> problems) {
    if (word.startsWith("/")) {
      try {
        return Optional.of(Path.of(word).normalize());
      } catch (InvalidPathException e) {
        problems.add("script: \"" + word + "\" is not a valid path");
        return Optional.empty();
      }
    }
    if (word.indexOf('/') >= 0) {
      problems.add("script: \"" + word + "\" is a relative path (expected: an absolute path, or a command in PATH)");
      return Optional.empty();
    }
    for (String directory : ScriptRunner.PATH.split(":")) {
      Path candidate = Path.of(directory, word);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    if (!BUILTINS.contains(word)) {
      problems.add("script: \"" + word + "\" not found in PATH " + ScriptRunner.PATH
          + " (expected: an absolute path, a command in PATH or a shell builtin)");
    }
    return Optional.empty();
  }

  private static List<String> fileProblems(Path file, Optional<String> runAs, Set<String> trusted) {
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, PosixFileAttributes.class);
    } catch (NoSuchFileException e) {
      return List.of("script: " + file + " not found");
    } catch (IOException | UnsupportedOperationException e) {
      return List.of("script: " + file + " cannot be checked: " + e);
    }
    Set<String> problems = new LinkedHashSet<>();
    if (!attributes.isRegularFile()) {
      problems.add("script: " + file + " is not a regular file");
    } else if (!executable(attributes, runAs)) {
      problems.add("script: " + file + " is not executable" + runAs.map(u -> " by " + u).orElse("") + ": chmod +x "
          + file);
    }
    chainProblems(file, trusted, problems);
    try {
      Path real = file.toRealPath();
      if (!real.equals(file)) {
        chainProblems(real, trusted, problems);
      }
    } catch (IOException e) {
      problems.add("script: " + file + " cannot be resolved: " + e);
    }
    return List.copyOf(problems);
  }

  private static boolean executable(PosixFileAttributes attributes, Optional<String> runAs) {
    Set<PosixFilePermission> permissions = attributes.permissions();
    if (runAs.isEmpty()) {
      return permissions.contains(PosixFilePermission.OWNER_EXECUTE)
          || permissions.contains(PosixFilePermission.GROUP_EXECUTE)
          || permissions.contains(PosixFilePermission.OTHERS_EXECUTE);
    }
    return attributes.owner().getName().equals(runAs.get())
        ? permissions.contains(PosixFilePermission.OWNER_EXECUTE)
        : permissions.contains(PosixFilePermission.GROUP_EXECUTE)
            || permissions.contains(PosixFilePermission.OTHERS_EXECUTE);
  }

  /** Checks a path and each directory above it, each as it is (a symbolic link is not followed). */
  private static void chainProblems(Path path, Set<String> trusted, Set<String> problems) {
    for (Path p = path; p != null; p = p.getParent()) {
      PosixFileAttributes a;
      try {
        a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException | UnsupportedOperationException e) {
        continue; // the file itself is reported above; a missing parent of it cannot be
      }
      String owner = a.owner().getName();
      if (!trusted.contains(owner)) {
        problems.add("script: " + p + " is owned by " + owner + " (expected: " + String.join(" or ", trusted)
            + "): chown root " + p);
      }
      if (a.isSymbolicLink()) {
        continue; // a link's own permissions mean nothing on Linux
      }
      Set<PosixFilePermission> permissions = a.permissions();
      if (permissions.contains(PosixFilePermission.OTHERS_WRITE) && !(a.isDirectory() && sticky(p))) {
        problems.add("script: " + p + " is writable by others: chmod o-w " + p);
      }
      String group = a.group().getName();
      if (permissions.contains(PosixFilePermission.GROUP_WRITE) && !group.equals("root")) {
        problems.add("script: " + p + " is writable by group " + group + ": chmod g-w " + p);
      }
    }
  }

  private static boolean sticky(Path directory) {
    try {
      Object mode = Files.getAttribute(directory, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return mode instanceof Integer m && (m & 01000) != 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false; // unknown: judge it as not sticky, the safe side
    }
  }
}

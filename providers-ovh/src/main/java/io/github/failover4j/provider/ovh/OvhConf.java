package io.github.failover4j.provider.ovh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration files of OVH's own API clients (python-ovh, go-ovh, php-ovh and the rest), read
 * the way they read them, so that a host already set up for one of them needs nothing more:
 *
 * <pre>
 * [default]
 * endpoint=ovh-eu
 *
 * [ovh-eu]
 * application_key=…
 * application_secret=…
 * consumer_key=…
 * </pre>
 *
 * <p>The files are merged key by key, the first of {@code ./ovh.conf}, {@code ~/.ovh.conf} and
 * {@code /etc/ovh.conf} that has a key winning. A missing or unreadable file is skipped, as the
 * clients skip it. Keys are case-insensitive, {@code =} or {@code :} separates a key from its
 * value, and lines starting with {@code #} or {@code ;} are comments; a comment after a value is
 * part of the value, as in python-ovh.
 */
final class OvhConf {
  /** Where OVH's clients look, the first winning. */
  static final List<Path> DEFAULT_PATHS = List.of(Path.of("ovh.conf"),
      Path.of(System.getProperty("user.home", "/nonexistent"), ".ovh.conf"), Path.of("/etc/ovh.conf"));

  /**
   * A value and the file it came from.
   *
   * @param text the value
   * @param file the file
   */
  record Value(String text, Path file) {
    /**
     * Tells whether every user may read the file: a secret from it is refused, as
     * {@link io.github.failover4j.spi.Secret#fromFile} refuses such a file.
     *
     * @return true if the file is readable by others
     */
    boolean readableByOthers() {
      try {
        return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ);
      } catch (IOException | UnsupportedOperationException e) {
        return false; // it was just read; a file system without POSIX permissions has no "others"
      }
    }

    /** Never the value: it may be a secret. */
    @Override
    public String toString() {
      return "Value(from " + file + ")";
    }
  }

  private final List<String> problems = new ArrayList<>();
  /** section → key → value, first file wins */
  private final Map<String, Map<String, Value>> sections = new HashMap<>();

  private OvhConf() {}

  /**
   * Reads the files that exist and can be read.
   *
   * @param paths where to look, the first winning
   * @return what they hold
   */
  static OvhConf load(List<Path> paths) {
    OvhConf conf = new OvhConf();
    for (Path path : paths) {
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        continue;
      }
      try {
        conf.parse(path, Files.readString(path, StandardCharsets.UTF_8));
      } catch (IOException e) {
        // skipped like a missing file, as OVH's clients do; the exception's text could quote the file
      }
    }
    return conf;
  }

  private void parse(Path file, String text) {
    String section = null;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1).strip();
        continue;
      }
      int equals = line.indexOf('=');
      int colon = line.indexOf(':');
      int cut = equals < 0 ? colon : colon < 0 ? equals : Math.min(equals, colon);
      // the line itself is never shown: it may hold a secret
      if (cut <= 0) {
        problems.add(file + ": line " + (i + 1) + " is neither a [section] nor a key=value (skipped)");
      } else if (section == null) {
        problems.add(file + ": line " + (i + 1) + " is a key before any [section] (skipped)");
      } else {
        String key = line.substring(0, cut).strip().toLowerCase(Locale.ROOT);
        String value = line.substring(cut + 1).strip();
        sections.computeIfAbsent(section, s -> new HashMap<>()).putIfAbsent(key, new Value(value, file));
      }
    }
  }

  /**
   * Returns a key of a section, from the first file that has it.
   *
   * @param section e.g. {@code default}, {@code ovh-eu}
   * @param key e.g. {@code application_key}
   * @return the value, empty if no file has it or it is blank
   */
  Optional<Value> get(String section, String key) {
    return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(key.toLowerCase(Locale.ROOT)))
        .filter(v -> !v.text().isEmpty());
  }

  /**
   * Returns the lines that could not be read, by file and number, never by content.
   *
   * @return the problems
   */
  List<String> problems() {
    return List.copyOf(problems);
  }
}

package io.github.failover4j.internal.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a tracked file, as keepalived's {@code track_file}: the file holds one integer, possibly
 * negative, with any white space around it; the value (times the tracking weight, applied by the
 * caller) moves the priority. A file that is missing, unreadable, not a regular file, longer than
 * {@value #MAX_BYTES} bytes or not such an integer reads as 0, with the reason.
 */
public final class FileValue {
  /** The longest file read: an integer with some white space is far shorter. */
  public static final int MAX_BYTES = 1024;

  /**
   * What a file holds.
   *
   * @param value the integer, or 0 when there is a problem
   * @param problem why the value is 0 instead of the file's content, if it is
   */
  public record Reading(int value, Optional<String> problem) {}

  private FileValue() {}

  /**
   * Reads a file.
   *
   * @param file the file
   * @return its value, or 0 and the reason
   */
  public static Reading read(Path file) {
    // a FIFO or device there would block the read, or never end
    if (!Files.isRegularFile(file)) {
      return zero(file, Files.exists(file) ? "is not a regular file" : "not found");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      return zero(file, "not found");
    } catch (IOException e) {
      return zero(file, "cannot be read: " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      return zero(file, "is longer than " + MAX_BYTES + " bytes (expected: one integer)");
    }
    String text = new String(bytes, StandardCharsets.US_ASCII).strip();
    try {
      return new Reading(Integer.parseInt(text), Optional.empty());
    } catch (NumberFormatException e) {
      String shown = text.length() > 20 ? text.substring(0, 20) + "..." : text;
      return zero(file, "holds \"" + shown.replaceAll("[^\\x20-\\x7E]", "?") + "\" (expected: one integer)");
    }
  }

  private static Reading zero(Path file, String reason) {
    return new Reading(0, Optional.of("track file " + file + " " + reason + ": its value counts as 0"));
  }
}

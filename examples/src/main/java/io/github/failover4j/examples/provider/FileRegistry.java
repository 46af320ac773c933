package io.github.failover4j.examples.provider;

import io.github.failover4j.spi.Secret;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A toy cloud for the example provider: who holds each virtual address is written in a properties
 * file every node can reach (a shared disk), one line per address, e.g. {@code 192.0.2.10=node-a}.
 * It answers like a cloud's API, with an HTTP status when it refuses, so that the mover shows how a
 * real provider classifies failures:
 *
 * <ul>
 *   <li>401 when the token is not the file's {@code token} entry (its "account");
 *   <li>404 when the file does not exist;
 *   <li>423 when another request holds the lock ({@code FILE.lock});
 *   <li>503 when the file cannot be read or written;
 *   <li>once, the status its {@code fail.next} entry names (e.g. {@code fail.next=503}): a chaos
 *       switch to watch failover4j retry; 429 asks to wait {@value #RETRY_AFTER_SECONDS} s.
 * </ul>
 *
 * <p>Each request reads the file under the lock and writes it by replacing it whole, so that a
 * reader never sees half of it. The file holds the token: keep it from other users ({@code chmod 600}).
 */
final class FileRegistry {
  static final String TOKEN = "token";
  static final String FAIL_NEXT = "fail.next";
  static final int RETRY_AFTER_SECONDS = 2;

  private final Path file;
  private final Path lock;

  /**
   * Opens a registry.
   *
   * @param file its properties file
   */
  FileRegistry(Path file) {
    this.file = file;
    this.lock = file.resolveSibling(file.getFileName() + ".lock");
  }

  /** Refused by the registry, with an HTTP status. */
  static final class RegistryException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Duration retryAfter;

    RegistryException(int status, String message, Duration retryAfter) {
      super(status + " " + message);
      this.status = status;
      this.retryAfter = retryAfter;
    }

    int status() {
      return status;
    }

    Optional<Duration> retryAfter() {
      return Optional.ofNullable(retryAfter);
    }
  }

  /** What a request does with the entries it read; true if it changed them. */
  @FunctionalInterface
  private interface Change {
    boolean apply(Map<String, String> holders);
  }

  /**
   * Reads who holds each address.
   *
   * @param token the account's token
   * @return holders by address
   * @throws RegistryException if refused
   */
  Map<String, String> holders(Secret token) throws RegistryException {
    Map<String, String> seen = new TreeMap<>();
    request(token, holders -> {
      seen.putAll(holders);
      return false;
    });
    return seen;
  }

  /**
   * Gives addresses to a node, whoever held them.
   *
   * @param token the account's token
   * @param addresses the addresses
   * @param node the new holder
   * @throws RegistryException if refused
   */
  void assign(Secret token, Collection<String> addresses, String node) throws RegistryException {
    request(token, holders -> {
      addresses.forEach(address -> holders.put(address, node));
      return true;
    });
  }

  /**
   * Takes addresses away from a node: only those it holds, in the same request (a conditional
   * write), so that an address another node took in between stays with it.
   *
   * @param token the account's token
   * @param addresses the addresses
   * @param node the holder to take them from
   * @throws RegistryException if refused
   */
  void unassign(Secret token, Collection<String> addresses, String node) throws RegistryException {
    request(token, holders -> {
      boolean changed = false;
      for (String address : addresses) {
        changed |= holders.remove(address, node);
      }
      return changed;
    });
  }

  private void request(Secret token, Change change) throws RegistryException {
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = tryLock(channel)) {
      if (held == null) {
        throw new RegistryException(423, "locked: another request is in progress", null);
      }
      Properties entries = read();
      if (!MessageDigest.isEqual(entries.getProperty(TOKEN, "").getBytes(StandardCharsets.UTF_8),
          token.reveal().getBytes(StandardCharsets.UTF_8))) {
        throw new RegistryException(401, "unauthorized: the token is not this registry's", null);
      }
      String fault = (String) entries.remove(FAIL_NEXT);
      if (fault != null) {
        write(entries);
        throw chaos(fault);
      }
      Map<String, String> holders = new TreeMap<>();
      entries.stringPropertyNames().stream().filter(key -> !key.equals(TOKEN))
          .forEach(address -> holders.put(address, entries.getProperty(address)));
      if (change.apply(holders)) {
        Properties written = new Properties();
        written.setProperty(TOKEN, entries.getProperty(TOKEN));
        written.putAll(holders);
        write(written);
      }
    } catch (IOException e) {
      throw new RegistryException(503, "unavailable: " + e.getClass().getSimpleName(), null);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by another request of this process
    }
  }

  private Properties read() throws IOException, RegistryException {
    Properties entries = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      entries.load(in);
    } catch (NoSuchFileException e) {
      throw new RegistryException(404, "not found: " + file, null);
    }
    return entries;
  }

  private void write(Properties entries) throws IOException {
    Path next = file.resolveSibling(file.getFileName() + ".next");
    Files.deleteIfExists(next);
    // the file holds the token: the new one gets the old one's permissions before any content
    Files.createFile(next, PosixFilePermissions.asFileAttribute(Files.getPosixFilePermissions(file)));
    try (Writer out = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
      entries.store(out, "failover4j example registry: address=holder");
    }
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static RegistryException chaos(String status) {
    int code = status.strip().matches("[1-5]\\d\\d") ? Integer.parseInt(status.strip()) : 500;
    return new RegistryException(code, "failed on purpose (" + FAIL_NEXT + ")",
        code == 429 ? Duration.ofSeconds(RETRY_AFTER_SECONDS) : null);
  }
}

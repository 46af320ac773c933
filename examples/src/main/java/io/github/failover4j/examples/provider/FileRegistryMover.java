package io.github.failover4j.examples.provider;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import io.github.failover4j.spi.Secret;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The example mover: each operation is one request to a {@link FileRegistry}, and failover4j's
 * driver does check ({@link #observe}), act ({@link #claim}), verify ({@link #observe} again)
 * around it. A refused request becomes an {@link IpMoverException} classified by its status, as for
 * any cloud API ({@link IpMoverException#ofHttpStatus}: 423 and 503 retryable, 429 after the wait it
 * asks for, 401 and 404 permanent).
 *
 * <p>A request takes microseconds, so the mover only checks {@link MoverCall#cancelled()} before
 * sending it. A mover that waits on a network registers how to abort the call with
 * {@link MoverCall#onCancel} (e.g. OkHttp's {@code call::cancel}) and bounds its timeouts by
 * {@link MoverCall#remaining()}.
 */
final class FileRegistryMover implements IpMover {
  private final FileRegistry registry;
  private final Path file;
  private final Secret token;
  private final String node;
  private final List<String> addresses;

  /**
   * Creates the mover.
   *
   * @param file the registry's file
   * @param token the registry's token
   * @param node this node's name in the registry
   * @param addresses the addresses it moves, as the registry writes them
   */
  FileRegistryMover(Path file, Secret token, String node, List<String> addresses) {
    this.registry = new FileRegistry(file);
    this.file = file;
    this.token = token;
    this.node = node;
    this.addresses = List.copyOf(addresses);
  }

  /** SELF if this node holds every address, OTHER if another node holds any, else NOBODY. */
  @Override
  public Holder observe(MoverCall call) throws IpMoverException {
    Map<String, String> holders = request(call, "observe", () -> registry.holders(token));
    Optional<String> other = addresses.stream().map(holders::get)
        .filter(holder -> holder != null && !holder.equals(node)).findFirst();
    if (other.isPresent()) {
      return Holder.other(other.get());
    }
    return addresses.stream().allMatch(address -> node.equals(holders.get(address))) ? Holder.self()
        : Holder.nobody();
  }

  /** Assigns every address to this node, from whoever held it: the registry needs no unassign first. */
  @Override
  public void claim(MoverCall call, Holder current) throws IpMoverException {
    request(call, "claim", () -> {
      registry.assign(token, addresses, node);
      return null;
    });
  }

  /** Unassigns only the addresses this node holds, so that it never takes one from another node. */
  @Override
  public void release(MoverCall call) throws IpMoverException {
    request(call, "release", () -> {
      registry.unassign(token, addresses, node);
      return null;
    });
  }

  /** Names the node and the file; never the token (its {@code toString()} would not show it either). */
  @Override
  public String toString() {
    return "file-registry mover of " + node + " in " + file;
  }

  /** One request to the registry. */
  @FunctionalInterface
  private interface Request<T> {
    T send() throws FileRegistry.RegistryException;
  }

  private <T> T request(MoverCall call, String operation, Request<T> request) throws IpMoverException {
    String what = operation + " " + String.join(" ", addresses) + " in " + file;
    if (call.cancelled()) {
      throw IpMoverException.cancelled(what + ": cancelled");
    }
    try {
      return request.send();
    } catch (FileRegistry.RegistryException e) {
      // a provider's error may echo the request: whatever it says goes through the token's redact
      throw IpMoverException.ofHttpStatus(what + ": " + token.redact(e.getMessage()), e.status(), e.retryAfter());
    }
  }
}

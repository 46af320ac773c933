package io.github.failover4j.provider.support;

import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.util.Optional;

/**
 * This node's id at its provider (a server, an instance, a port): configured, or found on the first
 * operation that needs it — never when the mover is made, so that a configuration check needs no
 * network — and kept from then on. Two operations that race to find it both ask; they find the
 * same.
 *
 * @param <T> the id's type
 */
public final class SelfId<T> {
  /**
   * How the id is found, e.g. from the metadata service.
   *
   * @param <T> the id's type
   */
  @FunctionalInterface
  public interface Finder<T> {
    /**
     * Finds the id.
     *
     * @param call the operation, for the requests that find it
     * @return the id
     * @throws IpMoverException if it could not be found
     */
    T find(MoverCall call) throws IpMoverException;
  }

  private final Finder<T> finder;
  private volatile Optional<T> id;

  /**
   * Creates the id.
   *
   * @param configured the id from the settings, or empty to find it
   * @param finder how to find it otherwise
   */
  public SelfId(Optional<T> configured, Finder<T> finder) {
    this.id = configured;
    this.finder = finder;
  }

  /**
   * Returns the id, finding it if it is not known yet.
   *
   * @param call the operation, for the requests that find it
   * @return the id
   * @throws IpMoverException if it could not be found
   */
  public T get(MoverCall call) throws IpMoverException {
    Optional<T> known = id;
    if (known.isPresent()) {
      return known.get();
    }
    T found = finder.find(call);
    id = Optional.of(found);
    return found;
  }
}

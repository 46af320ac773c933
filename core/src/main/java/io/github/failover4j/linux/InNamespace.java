package io.github.failover4j.linux;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Runs work on the calling thread inside a network namespace made by {@code ip netns add}, then
 * returns the thread to its own: how a check of a group in a namespace probes from there (its
 * sockets are made there, and a script it starts inherits the namespace, as keepalived's scripts of
 * a {@code net_namespace} instance do).
 */
public final class InNamespace {
  private InNamespace() {}

  /**
   * Calls a task in a namespace, or right here if none is given.
   *
   * @param namespace the namespace's name, or empty for the thread's own
   * @param task what to run
   * @param <T> its result
   * @return its result
   * @throws Exception what the task threw, or an {@link ErrnoException} if the namespace could not be
   *     entered
   */
  public static <T> T call(Optional<String> namespace, Callable<T> task) throws Exception {
    if (namespace.isEmpty()) {
      return task.call();
    }
    Exception[] thrown = {null};
    T result = NetworkNamespace.call(namespace, () -> {
      try {
        return task.call();
      } catch (Exception e) {
        thrown[0] = e;
        return null;
      }
    });
    if (thrown[0] != null) {
      throw thrown[0];
    }
    return result;
  }
}

package io.github.failover4j.internal;

import io.github.failover4j.FailoverListener;
import io.github.failover4j.RoleChange;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers role changes to listeners, each on its own executor, in order. */
public final class ListenerDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ListenerDispatcher.class);

  private record Registration(FailoverListener listener, SerialExecutor lane) {}

  private final List<Registration> registrations = new CopyOnWriteArrayList<>();

  /**
   * Adds a listener.
   *
   * @param listener the listener
   * @param executor where it is called
   */
  public void add(FailoverListener listener, Executor executor) {
    registrations.add(new Registration(listener, new SerialExecutor(executor)));
  }

  /**
   * Removes a listener; changes already handed to its executor are still delivered.
   *
   * @param listener the listener
   */
  public void remove(FailoverListener listener) {
    registrations.removeIf(r -> r.listener() == listener);
  }

  /**
   * Hands a change to every listener.
   *
   * @param change the change
   */
  public void fire(RoleChange change) {
    for (Registration registration : registrations) {
      registration.lane().execute(() -> {
        try {
          registration.listener().onRoleChange(change);
        } catch (RuntimeException e) {
          LOG.warn("[{}] listener {} threw on {}; listeners must not throw", change.group(),
              registration.listener(), change, e);
        }
      });
    }
  }
}

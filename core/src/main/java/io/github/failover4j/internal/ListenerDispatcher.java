package io.github.failover4j.internal;

import io.github.failover4j.FailoverListener;
import io.github.failover4j.GroupEvent;
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
   * Returns the listeners registered now: a change goes to those registered when it happened, even
   * though it is delivered later.
   *
   * @return the current registrations, to pass to {@link #fire}
   */
  public Object[] snapshot() {
    return registrations.toArray();
  }

  /**
   * Hands an event to the listeners of a snapshot; each listener gets a group's events in order.
   *
   * @param recipients what {@link #snapshot()} returned when the event happened
   * @param change the event
   */
  public void fire(Object[] recipients, GroupEvent change) {
    for (Object recipient : recipients) {
      Registration registration = (Registration) recipient;
      registration.lane().execute(() -> {
        try {
          registration.listener().onEvent(change);
        } catch (RuntimeException e) {
          LOG.warn("[{}] listener {} threw on {}; listeners must not throw", change.group(),
              registration.listener(), change, e);
        }
      });
    }
  }
}

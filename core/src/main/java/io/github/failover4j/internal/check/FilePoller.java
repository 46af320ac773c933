package io.github.failover4j.internal.check;

import io.github.failover4j.internal.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Reads a tracked file (keepalived's {@code track_file}) every second and reports its value when it
 * changes, and once at start. Polling, not inotify: a second is well within what a weight change
 * needs, and it also sees a file replaced by rename or on another mount.
 */
public final class FilePoller {
  /** How often the file is read. */
  public static final Duration EVERY = Duration.ofSeconds(1);

  private final Path file;
  private final Scheduler scheduler;
  private final Executor reader;
  private final Consumer<FileValue.Reading> changed;
  private FileValue.Reading last; // guarded by this
  private Scheduler.Cancellable next; // guarded by this
  private boolean stopped; // guarded by this

  /**
   * Creates a poller.
   *
   * @param file the file
   * @param scheduler its timer
   * @param reader where the (blocking) reads run
   * @param changed told each new reading
   */
  public FilePoller(Path file, Scheduler scheduler, Executor reader, Consumer<FileValue.Reading> changed) {
    this.file = file;
    this.scheduler = scheduler;
    this.reader = reader;
    this.changed = changed;
  }

  /** Reads the file now, then every second. */
  public synchronized void start() {
    next = scheduler.schedule(Duration.ZERO, this::tick);
  }

  /** Stops reading. */
  public synchronized void stop() {
    stopped = true;
    if (next != null) {
      next.cancel();
    }
  }

  private synchronized void tick() {
    if (!stopped) {
      next = scheduler.schedule(EVERY, this::tick);
      reader.execute(this::read);
    }
  }

  private void read() {
    FileValue.Reading reading = FileValue.read(file);
    synchronized (this) {
      if (stopped || reading.equals(last)) {
        return;
      }
      last = reading;
      changed.accept(reading); // under the lock: readings must not overtake each other
    }
  }
}

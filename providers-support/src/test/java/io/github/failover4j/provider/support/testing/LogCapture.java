package io.github.failover4j.provider.support.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The providers' tests' SLF4J binding: keeps every line failover4j logs, at every level, so that a
 * test can check what a log shows (request lines and request ids at debug) and what it never shows
 * (a credential, a token). SLF4J finds it through META-INF/services of this test-jar.
 */
public final class LogCapture implements SLF4JServiceProvider {
  private static final List<String> LINES = new ArrayList<>();

  private final ILoggerFactory loggers = new Loggers();
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();

  /** Creates the binding (SLF4J calls this). */
  public LogCapture() {}

  /**
   * Returns the lines logged so far.
   *
   * @return each as {@code LEVEL logger: message}
   */
  public static List<String> lines() {
    synchronized (LINES) {
      return List.copyOf(LINES);
    }
  }

  /** Forgets the lines logged so far. */
  public static void clear() {
    synchronized (LINES) {
      LINES.clear();
    }
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  private static final class Loggers implements ILoggerFactory {
    private final ConcurrentMap<String, Logger> byName = new ConcurrentHashMap<>();

    @Override
    public Logger getLogger(String name) {
      return byName.computeIfAbsent(name, Captured::new);
    }
  }

  private static final class Captured extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    /** Only failover4j's loggers: the spec validator's and OkHttp's chatter is of no interest. */
    private final boolean ours;

    Captured(String name) {
      this.name = name;
      this.ours = name.startsWith("io.github.failover4j");
    }

    @Override
    public boolean isTraceEnabled() {
      return ours;
    }

    @Override
    public boolean isDebugEnabled() {
      return ours;
    }

    @Override
    public boolean isInfoEnabled() {
      return ours;
    }

    @Override
    public boolean isWarnEnabled() {
      return ours;
    }

    @Override
    public boolean isErrorEnabled() {
      return ours;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
        Throwable throwable) {
      String line = level + " " + name + ": " + MessageFormatter.basicArrayFormat(pattern, arguments)
          + (throwable == null ? "" : " " + throwable);
      synchronized (LINES) {
        LINES.add(line);
      }
    }
  }
}

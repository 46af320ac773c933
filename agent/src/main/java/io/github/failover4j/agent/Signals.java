package io.github.failover4j.agent;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * Handles POSIX signals. The JDK has no public API for SIGUSR1, nor for SIGTERM with an exit code
 * of one's choosing (shutdown hooks exit 143), so this reaches {@code sun.misc.Signal} of module
 * {@code jdk.unsupported}, reflectively: javac warns about every direct use of it, and the build
 * treats warnings as errors.
 */
final class Signals {
  private Signals() {}

  /**
   * Runs an action on the JVM's signal thread whenever the signal arrives; its default action
   * (e.g. terminating) no longer happens.
   *
   * @param name the signal without its SIG prefix: {@code TERM}, {@code INT}, {@code USR1}, {@code HUP}
   * @param action what to do; must be quick
   */
  static void handle(String name, Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      InvocationHandler calls = (proxy, method, arguments) -> switch (method.getName()) {
        case "handle" -> {
          action.run();
          yield null;
        }
        case "hashCode" -> System.identityHashCode(proxy);
        case "equals" -> proxy == arguments[0];
        default -> "handler of SIG" + name;
      };
      Object proxy = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, calls);
      signal.getMethod("handle", signal, handler).invoke(null, signal.getConstructor(String.class).newInstance(name),
          proxy);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot handle SIG" + name + ": " + e, e);
    }
  }
}

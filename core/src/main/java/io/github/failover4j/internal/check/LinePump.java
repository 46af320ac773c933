package io.github.failover4j.internal.check;

import io.github.failover4j.internal.Threads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * Reads a script's output on a daemon thread of its own and hands it over line by line. It reads
 * to the end whatever the consumer does, so that a script never blocks on a full pipe; a line longer
 * than {@value #MAX_LINE} bytes is cut there.
 */
final class LinePump implements Runnable {
  static final int MAX_LINE = 4096;
  private static final ThreadFactory THREADS = Threads.daemon("failover4j-script-output");

  private final InputStream in;
  private final Consumer<String> lines;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean cut;

  private LinePump(InputStream in, Consumer<String> lines) {
    this.in = in;
    this.lines = lines;
  }

  /**
   * Starts pumping a stream to its end.
   *
   * @param in the output
   * @param lines receives each line, without its line break
   * @return the thread, which ends at the end of the stream
   */
  static Thread start(InputStream in, Consumer<String> lines) {
    Thread thread = THREADS.newThread(new LinePump(in, lines));
    thread.start();
    return thread;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            emit();
          } else if (line.size() < MAX_LINE) {
            line.write(buffer[i]);
          } else {
            cut = true;
          }
        }
      }
    } catch (IOException e) {
      // the stream was closed: nothing more will come
    }
    if (line.size() > 0 || cut) {
      emit();
    }
  }

  private void emit() {
    byte[] bytes = line.toByteArray();
    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    String text = new String(bytes, 0, length, StandardCharsets.UTF_8) + (cut ? " [cut]" : "");
    line.reset();
    cut = false;
    try {
      lines.accept(text);
    } catch (RuntimeException e) {
      // a failing consumer loses its line, but the pipe must still be drained
    }
  }
}

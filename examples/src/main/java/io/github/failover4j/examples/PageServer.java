package io.github.failover4j.examples;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A web page naming the node that serves it, for the live demo: the client fetches it through the
 * virtual address and sees who answers.
 *
 * <pre>java -cp ... io.github.failover4j.examples.PageServer 8080 node-a</pre>
 */
public final class PageServer {
  private PageServer() {}

  /**
   * Serves until killed.
   *
   * @param args the port and the node's name
   * @throws IOException if the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    byte[] page = args[1].getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(args[0])), 64);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, page.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(page);
      }
    });
    server.start();
    System.out.println("serving " + args[1] + " on port " + args[0]);
  }
}

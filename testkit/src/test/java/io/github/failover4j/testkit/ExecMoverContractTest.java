package io.github.failover4j.testkit;

import io.github.failover4j.internal.IpMovers;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.MoverConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The built-in {@code exec} mover keeps the IP mover contract, with a toy cloud in a directory: a
 * shell script is the cloud's command-line tool, a file names the holder, and another makes the next
 * request fail.
 */
class ExecMoverContractTest extends IpMoverContract {
  private static final String SELF = "node-a";
  private static final String TOKEN = "tok-c0ntract-3e1d";
  // exit codes as the exec mover reads them (sysexits.h); a failing request echoes the token, which
  // the mover must redact
  private static final String CLOUD = """
      #!/bin/sh
      if [ "$TOKEN" != "$(cat "$CLOUD/account")" ]; then echo "token refused"; exit 77; fi
      if [ -f "$CLOUD/fault" ]; then
        fault=$(cat "$CLOUD/fault")
        rm -f "$CLOUD/fault"
        case "$fault" in
          TRANSIENT) echo "HTTP 503 for token $TOKEN"; exit 75 ;;
          RATE_LIMITED) echo "HTTP 429"; echo "retry-after 7"; exit 75 ;;
          BUSY) echo "HTTP 423 locked"; exit 75 ;;
          UNAUTHORIZED) echo "HTTP 401 for token $TOKEN"; exit 77 ;;
          NOT_FOUND) echo "HTTP 404 no such server"; exit 78 ;;
          HANG) sleep 600 ;;
        esac
      fi
      holder=$(cat "$CLOUD/holder")
      case "$FAILOVER4J_OPERATION" in
        observe)
          if [ -z "$holder" ]; then echo nobody
          elif [ "$holder" = "$FAILOVER4J_SELF" ]; then echo self
          else echo "other $holder"; fi ;;
        claim) echo "$FAILOVER4J_SELF" > "$CLOUD/holder" ;;
        release) if [ "$holder" = "$FAILOVER4J_SELF" ]; then : > "$CLOUD/holder"; fi ;;
      esac
      """;

  @Override
  protected Fixture fixture() throws IOException {
    Path dir = Files.createTempDirectory("exec-contract"); // rwx------: script security accepts it
    Path script = Files.writeString(dir.resolve("cloud.sh"), CLOUD);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(dir.resolve("account"), TOKEN);
    Files.writeString(dir.resolve("holder"), "");
    IpMover mover = IpMovers.byName("exec").create(TestMoverContext.of(MoverConfig.of(Map.of(
        "claim", script.toString(),
        "observe", script.toString(),
        "release", script.toString(),
        "self", SELF,
        "environment.CLOUD", dir.toString(),
        "secretFile.TOKEN", token.toString())), "192.0.2.10/24"));

    return new Fixture() {
      @Override
      public IpMover mover() {
        return mover;
      }

      @Override
      public void assign(Holder holder) {
        write("holder", switch (holder.state()) {
          case SELF -> SELF;
          case OTHER -> holder.node().orElseThrow();
          default -> "";
        });
      }

      @Override
      public Holder truth() {
        try {
          String holder = Files.readString(dir.resolve("holder")).strip();
          return holder.isEmpty() ? Holder.nobody() : holder.equals(SELF) ? Holder.self() : Holder.other(holder);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public boolean inject(Failure failure) {
        write("fault", failure.name());
        return true;
      }

      @Override
      public Set<String> secrets() {
        return Set.of(TOKEN);
      }

      @Override
      public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(file);
          }
        }
      }

      private void write(String file, String content) {
        try {
          Files.writeString(dir.resolve(file), content);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }
}

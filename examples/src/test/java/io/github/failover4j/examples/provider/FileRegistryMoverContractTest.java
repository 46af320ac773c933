package io.github.failover4j.examples.provider;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.testkit.IpMoverContract;
import io.github.failover4j.testkit.TestMoverContext;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/** The example provider keeps the IP mover contract: what a provider's own test looks like. */
class FileRegistryMoverContractTest extends IpMoverContract {
  private static final String SELF = "node-a";
  private static final String TOKEN = "reg-token-81c4f0";
  private static final List<String> ADDRESSES = List.of("192.0.2.10", "2001:db8:0:0:0:0:0:10");

  @Override
  protected Fixture fixture() throws IOException {
    Path dir = Files.createTempDirectory("file-registry");
    Path registry = dir.resolve("registry.properties");
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
    IpMover mover = new FileRegistryMoverProvider().create(TestMoverContext.of(MoverConfig.of(Map.of(
        "file", registry.toString(), "node", SELF, "tokenFile", tokenFile.toString())),
        "192.0.2.10/24", "2001:db8::10/64"));

    return new Fixture() {
      {
        assign(Holder.nobody()); // the registry exists from the start, with its token
      }

      @Override
      public IpMover mover() {
        return mover;
      }

      @Override
      public void assign(Holder holder) {
        Properties entries = new Properties();
        entries.setProperty(FileRegistry.TOKEN, TOKEN);
        if (holder.state() != Holder.State.NOBODY) {
          String node = holder.isSelf() ? SELF : holder.node().orElseThrow();
          ADDRESSES.forEach(address -> entries.setProperty(address, node));
        }
        write(entries);
      }

      @Override
      public Holder truth() {
        Properties entries = read();
        String holder = entries.getProperty(ADDRESSES.get(0));
        return holder == null ? Holder.nobody() : holder.equals(SELF) ? Holder.self() : Holder.other(holder);
      }

      @Override
      public boolean inject(Failure failure) {
        String status = switch (failure) {
          case TRANSIENT -> "503";
          case RATE_LIMITED -> "429";
          case BUSY -> "423";
          case UNAUTHORIZED -> "401";
          case NOT_FOUND -> "404";
          case HANG -> null; // a file answers at once
        };
        if (status == null) {
          return false;
        }
        Properties entries = read();
        entries.setProperty(FileRegistry.FAIL_NEXT, status);
        write(entries);
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

      private Properties read() {
        Properties entries = new Properties();
        try (Reader in = Files.newBufferedReader(registry, StandardCharsets.UTF_8)) {
          entries.load(in);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        return entries;
      }

      private void write(Properties entries) {
        try (Writer out = Files.newBufferedWriter(registry, StandardCharsets.UTF_8)) {
          entries.store(out, null);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }
}

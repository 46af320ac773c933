package io.github.failover4j.election.etcd;

import io.github.failover4j.spi.ElectionConfig;
import io.github.failover4j.spi.ElectionContext;
import io.github.failover4j.spi.LeaseStore;
import io.github.failover4j.testkit.LeaseStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The lease store contract against a real etcd with authentication on: one server for the class,
 * a group of its own for each test, the shortest TTL etcd grants (2 s).
 */
class EtcdLeaseStoreContractTest extends LeaseStoreContract {
  private static final String PASSWORD = "contract-password-7f3e9a";
  private static final AtomicInteger GROUPS = new AtomicInteger();
  private static EtcdServer etcd;
  private static Path passwordFile;
  private static Path wrongPasswordFile;

  @BeforeAll
  static void startEtcd() throws Exception {
    etcd = EtcdServer.start();
    EtcdAdmin.enableAuth(etcd, "failover4j", PASSWORD);
    passwordFile = secretFile(PASSWORD);
    wrongPasswordFile = secretFile("not-" + PASSWORD);
  }

  @AfterAll
  static void stopEtcd() throws Exception {
    try {
      if (etcd != null) {
        etcd.close();
      }
    } finally {
      for (Path file : new Path[] {passwordFile, wrongPasswordFile}) {
        if (file != null) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  static Path secretFile(String content) throws Exception {
    Path file = Files.createTempFile("failover4j-etcd-password-", "",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content + "\n");
    return file;
  }

  @Override
  @SuppressWarnings("try") // the fixture's close() may throw InterruptedException, as the contract allows
  protected Fixture fixture() {
    String group = "contract-" + GROUPS.incrementAndGet();
    return new Fixture() {
      @Override
      public LeaseStore store(String candidate) {
        return store(candidate, passwordFile);
      }

      private LeaseStore store(String candidate, Path password) {
        return new EtcdElectionProvider().create(new ElectionContext(group, candidate, new ElectionConfig(Map.of(
            "endpoints", etcd.url(), "ttl", "2s", "username", "failover4j", "passwordFile", password.toString()))));
      }

      @Override
      public Optional<LeaseStore> refusedStore(String candidate) {
        return Optional.of(store(candidate, wrongPasswordFile));
      }

      @Override
      public void elapse(Duration time) throws InterruptedException {
        Thread.sleep(time.toMillis());
      }

      @Override
      public Set<String> secrets() {
        return Set.of(PASSWORD);
      }
    };
  }
}

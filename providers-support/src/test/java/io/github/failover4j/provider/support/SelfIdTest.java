package io.github.failover4j.provider.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.testkit.TestMoverCall;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SelfIdTest {
  private final TestMoverCall call = TestMoverCall.within(Duration.ofMinutes(1));

  @Test
  void aConfiguredIdIsNeverLookedFor() throws Exception {
    SelfId<Long> id = new SelfId<>(Optional.of(11L), c -> {
      throw new AssertionError("looked for");
    });
    assertEquals(11L, id.get(call));
  }

  @Test
  void aFoundIdIsKept() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    SelfId<String> id = new SelfId<>(Optional.empty(), c -> "instance-" + asked.incrementAndGet());
    assertEquals("instance-1", id.get(call));
    assertEquals("instance-1", id.get(call));
    assertEquals(1, asked.get());
  }

  @Test
  void aFailedLookIsTriedAgainByTheNextOperation() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    SelfId<String> id = new SelfId<>(Optional.empty(), c -> {
      if (asked.incrementAndGet() == 1) {
        throw new IpMoverException("metadata service: HTTP 503");
      }
      return "found";
    });
    assertThrows(IpMoverException.class, () -> id.get(call));
    assertEquals("found", id.get(call));
  }
}

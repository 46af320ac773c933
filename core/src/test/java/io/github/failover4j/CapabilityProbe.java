package io.github.failover4j;

import java.time.Duration;

/** Started in a child JVM without capabilities: prints what start() reports. */
public final class CapabilityProbe {
  private CapabilityProbe() {}

  public static void main(String[] args) {
    try (FailoverGroup group = FailoverGroup.builder().interfaceName("lo").vrid(51)
        .advertInterval(Duration.ofMillis(100)).virtualIp("192.0.2.10/32").build()) {
      group.start();
      System.out.println("started");
    } catch (MissingCapabilityException e) {
      System.out.println("missing " + e.capability() + ": " + e.getMessage());
    }
  }
}

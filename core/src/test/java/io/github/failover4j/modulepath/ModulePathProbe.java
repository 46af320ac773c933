package io.github.failover4j.modulepath;

import io.github.failover4j.FailoverGroup;
import java.time.Duration;

/** Started in a child JVM with failover4j and jnr-ffi on the module path: prints "master" if it got there. */
public final class ModulePathProbe {
  private ModulePathProbe() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println("core in module " + FailoverGroup.class.getModule().getName());
    try (FailoverGroup group = FailoverGroup.builder().interfaceName("eth0").vrid(51)
        .advertInterval(Duration.ofMillis(100)).virtualIp("10.0.0.200/24").build()) {
      group.start();
      System.out.println(group.awaitMaster(Duration.ofSeconds(5)) ? "master" : "not master: " + group.status());
    }
  }
}

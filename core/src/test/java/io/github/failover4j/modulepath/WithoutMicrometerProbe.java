package io.github.failover4j.modulepath;

import io.github.failover4j.FailoverGroup;

/** Started in a child JVM without Micrometer (by WithoutMicrometerTest): a group is built and read all the same. */
public final class WithoutMicrometerProbe {
  private WithoutMicrometerProbe() {}

  public static void main(String[] args) {
    try (FailoverGroup group = FailoverGroup.builder().name("web").interfaceName("eth0").vrid(51)
        .virtualIp("192.0.2.10/24").build()) {
      System.out.println("core in module " + FailoverGroup.class.getModule().getName());
      System.out.println("role " + group.status().role());
    }
    try {
      Class.forName("io.micrometer.core.instrument.MeterRegistry");
      System.out.println("micrometer present");
    } catch (ClassNotFoundException e) {
      System.out.println("micrometer absent");
    }
  }
}

package io.github.failover4j.vrrp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The protocol parameters of one virtual router (RFC 9568 §6.1), validated together. Build one with
 * {@link #builder(int)}.
 *
 * @param version VRRPv2 or VRRPv3
 * @param vrid the virtual router identifier, 1..255
 * @param priority 1..254, or 255 for the owner of the addresses
 * @param advertInterval VRRPv3: 10 ms..40.95 s in steps of 10 ms; VRRPv2: 1..255 whole seconds
 * @param preempt whether a higher-priority backup takes over from a lower-priority master (the
 *     owner always does)
 * @param preemptDelay how long a higher-priority backup tolerates a lower-priority master before
 *     preempting it
 * @param acceptMode RFC 9568 Accept_Mode: whether a non-owner master accepts packets addressed to the
 *     virtual addresses
 * @param advertiseOnLowerPriority RFC 9568 §6.4.3: a master answers a lower-priority advertisement
 *     with one of its own at once; false restores the RFC 5798 behaviour (ignore it)
 * @param addresses the virtual addresses, 1..255, all of one family (IPv4 for VRRPv2)
 * @param auth VRRPv2 authentication ({@link VrrpAuth#none()} for VRRPv3)
 * @param checksum the checksum form sent for VRRPv3 over IPv4
 */
public record VrrpConfig(
    VrrpVersion version,
    int vrid,
    int priority,
    Duration advertInterval,
    boolean preempt,
    Duration preemptDelay,
    boolean acceptMode,
    boolean advertiseOnLowerPriority,
    List<InetAddress> addresses,
    VrrpAuth auth,
    ChecksumMode checksum) {

  /** The owner of the virtual addresses always has this priority and always wins. */
  public static final int OWNER_PRIORITY = 255;

  /**
   * Validates every parameter at once.
   *
   * @throws IllegalArgumentException listing every problem
   * @throws NullPointerException if a parameter or an address is null
   */
  public VrrpConfig {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(advertInterval, "advertInterval");
    Objects.requireNonNull(preemptDelay, "preemptDelay");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(checksum, "checksum");
    addresses = List.copyOf(addresses);
    List<String> problems = problems(version, vrid, priority, advertInterval, preemptDelay, addresses, auth);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  private static List<String> problems(VrrpVersion version, int vrid, int priority, Duration advertInterval,
      Duration preemptDelay, List<InetAddress> addresses, VrrpAuth auth) {
    List<String> problems = new ArrayList<>();
    if (vrid < 1 || vrid > Wire.MAX_VRID) {
      problems.add("vrid: " + vrid + " (expected: 1..255)");
    }
    if (priority < 1 || priority > OWNER_PRIORITY) {
      problems.add("priority: " + priority + " (expected: 1..255)");
    }
    if (version == VrrpVersion.V3) {
      if (advertInterval.compareTo(Duration.ofMillis(10)) < 0
          || advertInterval.compareTo(Duration.ofMillis(40_950)) > 0
          || advertInterval.toNanos() % 10_000_000 != 0) {
        problems.add("advertInterval: " + advertInterval.toMillis() + " ms"
            + " (expected: 10 ms..40950 ms in steps of 10 ms for VRRPv3)");
      }
      if (!auth.isNone()) {
        problems.add("auth: password (expected: none; VRRPv3 has no authentication)");
      }
    } else if (advertInterval.compareTo(Duration.ofSeconds(1)) < 0
        || advertInterval.compareTo(Duration.ofSeconds(255)) > 0
        || advertInterval.toNanos() % 1_000_000_000 != 0) {
      problems.add("advertInterval: " + advertInterval.toMillis() + " ms"
          + " (expected: 1..255 whole seconds for VRRPv2)");
    }
    if (preemptDelay.isNegative()) {
      problems.add("preemptDelay: " + preemptDelay + " (expected: >= 0)");
    }
    if (addresses.isEmpty() || addresses.size() > Wire.MAX_ADDRESSES) {
      problems.add("addresses: " + addresses.size() + " (expected: 1..255)");
    } else {
      AddressFamily family = AddressFamily.of(addresses.get(0));
      if (addresses.stream().anyMatch(a -> AddressFamily.of(a) != family)) {
        problems.add("addresses: " + addresses + " (expected: all IPv4 or all IPv6)");
      } else if (version == VrrpVersion.V2 && family == AddressFamily.IPV6) {
        problems.add("addresses: " + addresses + " (expected: IPv4; VRRPv2 has no IPv6)");
      }
    }
    return problems;
  }

  /**
   * Starts a builder with the RFC defaults: VRRPv3, priority 100, 1 s interval, preempt without
   * delay, the RFC 9568 answer to lower priorities, no authentication, and the RFC 5798
   * (keepalived-compatible) checksum. Accept mode defaults to true, as in keepalived: a virtual
   * address is of little use to a service that may not receive on it.
   *
   * @param vrid the virtual router identifier, 1..255
   * @return the builder
   */
  public static Builder builder(int vrid) {
    return new Builder(vrid);
  }

  /**
   * Returns the family of the virtual addresses.
   *
   * @return IPv4 or IPv6
   */
  public AddressFamily family() {
    return AddressFamily.of(addresses.get(0));
  }

  /**
   * Returns the advertisement interval in centiseconds, as carried on the wire.
   *
   * @return the interval
   */
  public int intervalCentis() {
    return (int) (advertInterval.toNanos() / 10_000_000);
  }

  /**
   * Returns the advertisement this router sends with a given priority.
   *
   * @param advertisedPriority its own priority, or 0 to release
   * @return the advertisement
   */
  public VrrpAdvertisement advertisement(int advertisedPriority) {
    return new VrrpAdvertisement(version, vrid, advertisedPriority, intervalCentis(), addresses, auth);
  }

  /**
   * Returns the receive checks for this router: its version, its authentication, its VRRPv2
   * interval, TTL 255, and every VRRPv3 checksum form (peers differ; see {@link ChecksumMode}).
   *
   * @return the options
   */
  public DecodeOptions decodeOptions() {
    return DecodeOptions.defaults()
        .withVersion(version)
        .withAuth(auth)
        .withV2Interval(version == VrrpVersion.V2 ? intervalCentis() : 0);
  }

  /** Collects the parameters of a {@link VrrpConfig}; {@link #build()} checks them all at once. */
  public static final class Builder {
    private int vrid;
    private VrrpVersion version = VrrpVersion.V3;
    private int priority = 100;
    private Duration advertInterval = Duration.ofSeconds(1);
    private boolean preempt = true;
    private Duration preemptDelay = Duration.ZERO;
    private boolean acceptMode = true;
    private boolean advertiseOnLowerPriority = true;
    private List<InetAddress> addresses = List.of();
    private VrrpAuth auth = VrrpAuth.none();
    private ChecksumMode checksum = ChecksumMode.PSEUDO_HEADER;

    private Builder(int vrid) {
      this.vrid = vrid;
    }

    /**
     * Sets the virtual router identifier, for a caller that learns it after creating the builder.
     *
     * @param value 1..255
     * @return this builder
     */
    public Builder vrid(int value) {
      this.vrid = value;
      return this;
    }

    /**
     * Sets the version.
     *
     * @param value VRRPv2 or VRRPv3 (default)
     * @return this builder
     */
    public Builder version(VrrpVersion value) {
      this.version = value;
      return this;
    }

    /**
     * Sets the priority.
     *
     * @param value 1..255 (default 100)
     * @return this builder
     */
    public Builder priority(int value) {
      this.priority = value;
      return this;
    }

    /**
     * Returns the priority set so far, for a caller whose other options depend on it.
     *
     * @return the priority, validated only by {@link #build()}
     */
    public int priority() {
      return priority;
    }

    /**
     * Sets the advertisement interval.
     *
     * @param value the interval (default 1 s)
     * @return this builder
     */
    public Builder advertInterval(Duration value) {
      this.advertInterval = value;
      return this;
    }

    /**
     * Sets the preempt mode.
     *
     * @param value whether to preempt a lower-priority master (default true)
     * @return this builder
     */
    public Builder preempt(boolean value) {
      this.preempt = value;
      return this;
    }

    /**
     * Sets the preempt delay.
     *
     * @param value how long to tolerate a lower-priority master (default 0)
     * @return this builder
     */
    public Builder preemptDelay(Duration value) {
      this.preemptDelay = value;
      return this;
    }

    /**
     * Sets Accept_Mode.
     *
     * @param value whether a non-owner master accepts traffic to the addresses (default true)
     * @return this builder
     */
    public Builder acceptMode(boolean value) {
      this.acceptMode = value;
      return this;
    }

    /**
     * Chooses how a master answers a lower-priority advertisement.
     *
     * @param value true (default): advertise at once, RFC 9568; false: ignore it, RFC 5798
     * @return this builder
     */
    public Builder advertiseOnLowerPriority(boolean value) {
      this.advertiseOnLowerPriority = value;
      return this;
    }

    /**
     * Sets the virtual addresses.
     *
     * @param value 1..255 addresses of one family
     * @return this builder
     */
    public Builder addresses(List<InetAddress> value) {
      this.addresses = value;
      return this;
    }

    /**
     * Sets the VRRPv2 authentication.
     *
     * @param value the authentication (default none)
     * @return this builder
     */
    public Builder auth(VrrpAuth value) {
      this.auth = value;
      return this;
    }

    /**
     * Sets the checksum form sent for VRRPv3 over IPv4.
     *
     * @param value the form (default {@link ChecksumMode#PSEUDO_HEADER})
     * @return this builder
     */
    public Builder checksum(ChecksumMode value) {
      this.checksum = value;
      return this;
    }

    /**
     * Checks the parameters together without building.
     *
     * @return every problem, in the form {@code "priority: 256 (expected: 1..255)"}; empty if none
     * @throws NullPointerException if a parameter or an address is null
     */
    public List<String> problems() {
      return VrrpConfig.problems(version, vrid, priority, advertInterval, preemptDelay, List.copyOf(addresses), auth);
    }

    /**
     * Validates the parameters together.
     *
     * @return the configuration
     * @throws IllegalArgumentException listing every problem
     */
    public VrrpConfig build() {
      return new VrrpConfig(version, vrid, priority, advertInterval, preempt, preemptDelay, acceptMode,
          advertiseOnLowerPriority, addresses, auth, checksum);
    }
  }
}

package io.github.failover4j;

import io.github.failover4j.vrrp.VrrpDecodeException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a group has done and seen since it started. A class with accessors, not a record, so that
 * new counters can be added without breaking callers; failover4j builds it with {@link Builder}.
 */
public final class GroupCounters {
  private final long advertsSent;
  private final long advertsReceived;
  private final long priorityZeroSent;
  private final long priorityZeroReceived;
  private final Map<VrrpDecodeException.Reason, Long> invalid;
  private final long notFromPeer;
  private final long wrongDestination;
  private final long addressListMismatches;
  private final long sendErrors;
  private final long transitions;
  private final Map<Role, Duration> timeInRole;
  private final long moverFailures;
  private final long engineStalls;

  private GroupCounters(Builder b) {
    advertsSent = b.advertsSent;
    advertsReceived = b.advertsReceived;
    priorityZeroSent = b.priorityZeroSent;
    priorityZeroReceived = b.priorityZeroReceived;
    invalid = Map.copyOf(b.invalid);
    notFromPeer = b.notFromPeer;
    wrongDestination = b.wrongDestination;
    addressListMismatches = b.addressListMismatches;
    sendErrors = b.sendErrors;
    transitions = b.transitions;
    timeInRole = Map.copyOf(b.timeInRole);
    moverFailures = b.moverFailures;
    engineStalls = b.engineStalls;
  }

  /**
   * Starts a set of counters, all zero.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the advertisements sent (to each unicast peer counted once per peer).
   *
   * @return the count
   */
  public long advertsSent() {
    return advertsSent;
  }

  /**
   * Returns the valid advertisements received for this group.
   *
   * @return the count
   */
  public long advertsReceived() {
    return advertsReceived;
  }

  /**
   * Returns the releases (priority 0) sent.
   *
   * @return the count
   */
  public long priorityZeroSent() {
    return priorityZeroSent;
  }

  /**
   * Returns the releases (priority 0) received.
   *
   * @return the count
   */
  public long priorityZeroReceived() {
    return priorityZeroReceived;
  }

  /**
   * Returns the packets for this VRID that failed a receive check, by reason.
   *
   * @return the counts, without zeros
   */
  public Map<VrrpDecodeException.Reason, Long> invalid() {
    return invalid;
  }

  /**
   * Returns the unicast advertisements from an address that is not a configured peer.
   *
   * @return the count
   */
  public long notFromPeer() {
    return notFromPeer;
  }

  /**
   * Returns the multicast advertisements to a unicast group, and unicast ones to a multicast group.
   *
   * @return the count
   */
  public long wrongDestination() {
    return wrongDestination;
  }

  /**
   * Returns the valid advertisements listing other addresses than ours (logged, not dropped: RFC
   * 9568 §7.1).
   *
   * @return the count
   */
  public long addressListMismatches() {
    return addressListMismatches;
  }

  /**
   * Returns the advertisements the kernel refused (e.g. while the link is down).
   *
   * @return the count
   */
  public long sendErrors() {
    return sendErrors;
  }

  /**
   * Returns the role changes.
   *
   * @return the count
   */
  public long transitions() {
    return transitions;
  }

  /**
   * Returns the time spent in each role.
   *
   * @return the times, without zeros
   */
  public Map<Role, Duration> timeInRole() {
    return timeInRole;
  }

  /**
   * Returns the failed operations of the group's IP movers (each is retried).
   *
   * @return the count
   */
  public long moverFailures() {
    return moverFailures;
  }

  /**
   * Returns the times the engine thread woke a quarter of the shortest interval late or more (GC
   * pauses, CPU starvation): the main cause of false failovers on a JVM.
   *
   * @return the count
   */
  public long engineStalls() {
    return engineStalls;
  }

  /**
   * Returns every packet dropped for this group, whatever the reason.
   *
   * @return the total
   */
  public long dropped() {
    return invalid.values().stream().mapToLong(Long::longValue).sum() + notFromPeer + wrongDestination;
  }

  @Override
  public String toString() {
    return "GroupCounters[advertsSent=" + advertsSent + ", advertsReceived=" + advertsReceived
        + ", priorityZeroSent=" + priorityZeroSent + ", priorityZeroReceived=" + priorityZeroReceived
        + ", invalid=" + invalid + ", notFromPeer=" + notFromPeer + ", wrongDestination=" + wrongDestination
        + ", addressListMismatches=" + addressListMismatches + ", sendErrors=" + sendErrors
        + ", transitions=" + transitions + ", timeInRole=" + timeInRole + ", moverFailures=" + moverFailures
        + ", engineStalls=" + engineStalls + "]";
  }

  /** Sets counters one by one; unset ones stay zero. */
  public static final class Builder {
    private long advertsSent;
    private long advertsReceived;
    private long priorityZeroSent;
    private long priorityZeroReceived;
    private final Map<VrrpDecodeException.Reason, Long> invalid = new EnumMap<>(VrrpDecodeException.Reason.class);
    private long notFromPeer;
    private long wrongDestination;
    private long addressListMismatches;
    private long sendErrors;
    private long transitions;
    private final Map<Role, Duration> timeInRole = new EnumMap<>(Role.class);
    private long moverFailures;
    private long engineStalls;

    private Builder() {}

    /**
     * Sets {@link GroupCounters#advertsSent()}.
     *
     * @param value the count
     * @return this builder
     */
    public Builder advertsSent(long value) {
      advertsSent = value;
      return this;
    }

    /**
     * Sets {@link GroupCounters#advertsReceived()}.
     *
     * @param value the count
     * @return this builder
     */
    public Builder advertsReceived(long value) {
      advertsReceived = value;
      return this;
    }

    /**
     * Sets {@link GroupCounters#priorityZeroSent()}.
     *
     * @param value the count
     * @return this builder
     */
    public Builder priorityZeroSent(long value) {
      priorityZeroSent = value;
      return this;
    }

    /**
     * Sets {@link GroupCounters#priorityZeroReceived()}.
     *
     * @param value the count
     * @return this builder
     */
    public Builder priorityZeroReceived(long value) {
      priorityZeroReceived = value;
      return this;
    }

    /**
     * Sets one count of {@link GroupCounters#invalid()}; zero leaves it out.
     *
     * @param reason the reason
     * @param value the count
     * @return this builder
     */
    public Builder invalid(VrrpDecodeException.Reason reason, long value) {
      if (value > 0) {
        invalid.put(reason, value);
      }
      return this;
    }

    /**
     * Sets {@link GroupCounters#notFromPeer()}.
     *
     * @param value the count
     * @return this builder
     */
    public Builder notFromPeer(long value) {
      notFromPeer = value;
      return this;
    }

    /**
     * Sets {@link GroupCounters#wrongDestination()}.
     *
     * @param value the count
     * @return this builder
     */
    public Builder wrongDestination(long value) {
      wrongDestination = value;
      return this;
    }

    /**
     * Sets {@link GroupCounters#addressListMismatches()}.
     *
     * @param value the count
     * @return this builder
     */
    public Builder addressListMismatches(long value) {
      addressListMismatches = value;
      return this;
    }

    /**
     * Sets {@link GroupCounters#sendErrors()}.
     *
     * @param value the count
     * @return this builder
     */
    public Builder sendErrors(long value) {
      sendErrors = value;
      return this;
    }

    /**
     * Sets {@link GroupCounters#transitions()}.
     *
     * @param value the count
     * @return this builder
     */
    public Builder transitions(long value) {
      transitions = value;
      return this;
    }

    /**
     * Sets one entry of {@link GroupCounters#timeInRole()}; zero leaves it out.
     *
     * @param role the role
     * @param value the time
     * @return this builder
     */
    public Builder timeInRole(Role role, Duration value) {
      if (!value.isZero()) {
        timeInRole.put(role, value);
      }
      return this;
    }

    /**
     * Sets {@link GroupCounters#moverFailures()}.
     *
     * @param value the count
     * @return this builder
     */
    public Builder moverFailures(long value) {
      moverFailures = value;
      return this;
    }

    /**
     * Sets {@link GroupCounters#engineStalls()}.
     *
     * @param value the count
     * @return this builder
     */
    public Builder engineStalls(long value) {
      engineStalls = value;
      return this;
    }

    /**
     * Builds the counters.
     *
     * @return the counters
     */
    public GroupCounters build() {
      return new GroupCounters(this);
    }
  }
}

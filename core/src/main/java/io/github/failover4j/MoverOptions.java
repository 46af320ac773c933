package io.github.failover4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the driver runs one IP mover of a group: the same for every provider, apart from the
 * provider's own settings. The defaults suit a cloud API shared by a few nodes: re-check every
 * minute while MASTER, two minutes per operation, no settle time, keep trying, reclaim on a split
 * brain, and leave the addresses where they are when no longer MASTER.
 */
public final class MoverOptions {
  /** What a cloud mover does when its group stops being MASTER. */
  public enum Release {
    /** Nothing: the next master's claim moves the addresses (the default). */
    KEEP,
    /** Unassign the addresses if this node still holds them; never if another node does. */
    UNASSIGN
  }

  /** What the group does when its claim has kept failing for {@link #failAfter()}. */
  public enum OnClaimFailure {
    /** Stay MASTER and keep trying (the default): no node can do better if the API is down. */
    KEEP_TRYING,
    /** Lower the group's priority by {@link #demoteBy()} until a claim succeeds, so a peer can take over. */
    DEMOTE,
    /** Go to FAULT for {@link #failAfter()}, so a peer takes over; then try again if still wanted. */
    FAULT
  }

  /** What a MASTER does when the provider shows its addresses on another node. */
  public enum OnSplitBrain {
    /** Claim them back (the default): VRRP says this node is MASTER. */
    RECLAIM,
    /** Step down to BACKUP (priority 0 first), leaving them to the node that has them. */
    STEP_DOWN
  }

  private static final MoverOptions DEFAULTS = builder().build();

  private final Duration reconcileInterval;
  private final Duration settle;
  private final Duration timeout;
  private final Duration maxBackoff;
  private final Release release;
  private final OnClaimFailure onClaimFailure;
  private final Duration failAfter;
  private final int demoteBy;
  private final OnSplitBrain onSplitBrain;

  private MoverOptions(Builder b) {
    reconcileInterval = b.reconcileInterval;
    settle = b.settle;
    timeout = b.timeout;
    maxBackoff = b.maxBackoff;
    release = b.release;
    onClaimFailure = b.onClaimFailure;
    failAfter = b.failAfter;
    demoteBy = b.demoteBy;
    onSplitBrain = b.onSplitBrain;
  }

  /**
   * Returns the defaults.
   *
   * @return the options every mover has unless told otherwise
   */
  public static MoverOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Starts from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns how often a MASTER re-checks who holds the addresses (default 60 s).
   *
   * @return the interval
   */
  public Duration reconcileInterval() {
    return reconcileInterval;
  }

  /**
   * Returns how long a group must have been MASTER before a cloud mover claims (default zero).
   *
   * @return the settle time
   */
  public Duration settle() {
    return settle;
  }

  /**
   * Returns the deadline of one operation, polling included (default 2 min).
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns the longest wait between two attempts (default 60 s; the first waits up to 1 s).
   *
   * @return the cap of the backoff
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * Returns what a cloud mover does when the group stops being MASTER (default {@link Release#KEEP}).
   *
   * @return the policy
   */
  public Release release() {
    return release;
  }

  /**
   * Returns what the group does when its claim keeps failing (default {@link OnClaimFailure#KEEP_TRYING}).
   *
   * @return the policy
   */
  public OnClaimFailure onClaimFailure() {
    return onClaimFailure;
  }

  /**
   * Returns how long a claim must have failed before {@link #onClaimFailure()} applies (default 30 s).
   *
   * @return the duration
   */
  public Duration failAfter() {
    return failAfter;
  }

  /**
   * Returns how much {@link OnClaimFailure#DEMOTE} lowers the priority (default 50).
   *
   * @return the amount
   */
  public int demoteBy() {
    return demoteBy;
  }

  /**
   * Returns what a MASTER does on a split brain (default {@link OnSplitBrain#RECLAIM}).
   *
   * @return the policy
   */
  public OnSplitBrain onSplitBrain() {
    return onSplitBrain;
  }

  @Override
  public String toString() {
    return "MoverOptions[reconcileInterval=" + reconcileInterval.toMillis() + " ms, settle=" + settle.toMillis() + " ms"
        + ", timeout=" + timeout.toMillis() + " ms, maxBackoff=" + maxBackoff.toMillis() + " ms, release="
        + release + ", onClaimFailure=" + onClaimFailure + ", failAfter=" + failAfter.toMillis() + " ms, demoteBy="
        + demoteBy + ", onSplitBrain=" + onSplitBrain + "]";
  }

  /** Collects the options; {@link #build()} checks them all at once. */
  public static final class Builder {
    private Duration reconcileInterval = Duration.ofSeconds(60);
    private Duration settle = Duration.ZERO;
    private Duration timeout = Duration.ofMinutes(2);
    private Duration maxBackoff = Duration.ofSeconds(60);
    private Release release = Release.KEEP;
    private OnClaimFailure onClaimFailure = OnClaimFailure.KEEP_TRYING;
    private Duration failAfter = Duration.ofSeconds(30);
    private int demoteBy = 50;
    private OnSplitBrain onSplitBrain = OnSplitBrain.RECLAIM;

    private Builder() {}

    /**
     * Sets how often a MASTER re-checks who holds the addresses.
     *
     * @param value at least 1 s
     * @return this builder
     */
    public Builder reconcileInterval(Duration value) {
      reconcileInterval = Objects.requireNonNull(value, "reconcileInterval");
      return this;
    }

    /**
     * Sets how long a group must have been MASTER before a cloud mover claims: a flap shorter than
     * this moves nothing.
     *
     * @param value zero or more
     * @return this builder
     */
    public Builder settle(Duration value) {
      settle = Objects.requireNonNull(value, "settle");
      return this;
    }

    /**
     * Sets the deadline of one operation; the operation is cancelled when it passes.
     *
     * @param value more than zero
     * @return this builder
     */
    public Builder timeout(Duration value) {
      timeout = Objects.requireNonNull(value, "timeout");
      return this;
    }

    /**
     * Sets the longest wait between two attempts.
     *
     * @param value at least 1 s
     * @return this builder
     */
    public Builder maxBackoff(Duration value) {
      maxBackoff = Objects.requireNonNull(value, "maxBackoff");
      return this;
    }

    /**
     * Sets what a cloud mover does when the group stops being MASTER.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder release(Release value) {
      release = Objects.requireNonNull(value, "release");
      return this;
    }

    /**
     * Sets what the group does when its claim keeps failing.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder onClaimFailure(OnClaimFailure value) {
      onClaimFailure = Objects.requireNonNull(value, "onClaimFailure");
      return this;
    }

    /**
     * Sets how long a claim must have failed before the claim-failure policy applies.
     *
     * @param value more than zero
     * @return this builder
     */
    public Builder failAfter(Duration value) {
      failAfter = Objects.requireNonNull(value, "failAfter");
      return this;
    }

    /**
     * Sets how much {@link OnClaimFailure#DEMOTE} lowers the priority.
     *
     * @param value 1..254
     * @return this builder
     */
    public Builder demoteBy(int value) {
      demoteBy = value;
      return this;
    }

    /**
     * Sets what a MASTER does on a split brain.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder onSplitBrain(OnSplitBrain value) {
      onSplitBrain = Objects.requireNonNull(value, "onSplitBrain");
      return this;
    }

    /**
     * Checks every option.
     *
     * @return the options
     * @throws ConfigurationException listing every problem
     */
    public MoverOptions build() {
      List<String> problems = new ArrayList<>();
      atLeast(problems, "reconcileInterval", reconcileInterval, Duration.ofSeconds(1));
      atLeast(problems, "maxBackoff", maxBackoff, Duration.ofSeconds(1));
      if (settle.isNegative()) {
        problems.add("settle: " + settle.toMillis() + " ms" + " (expected: zero or more)");
      }
      if (timeout.isNegative() || timeout.isZero()) {
        problems.add("timeout: " + timeout.toMillis() + " ms" + " (expected: more than zero)");
      }
      if (failAfter.isNegative() || failAfter.isZero()) {
        problems.add("failAfter: " + failAfter.toMillis() + " ms" + " (expected: more than zero)");
      }
      if (demoteBy < 1 || demoteBy > 254) {
        problems.add("demoteBy: " + demoteBy + " (expected: 1..254)");
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException("mover options", problems);
      }
      return new MoverOptions(this);
    }

    private static void atLeast(List<String> problems, String name, Duration value, Duration least) {
      if (value.compareTo(least) < 0) {
        problems.add(name + ": " + value.toMillis() + " ms" + " (expected: at least " + least.toMillis() + " ms" + ")");
      }
    }
  }
}

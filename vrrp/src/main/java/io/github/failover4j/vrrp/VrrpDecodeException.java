package io.github.failover4j.vrrp;

import java.util.function.Supplier;

/**
 * A packet that is not a valid VRRP advertisement for the receiver. The only exception
 * {@link VrrpCodec#read} and {@link VrrpCodec#decode} throw, whatever their input: receivers drop
 * the packet and count it by {@link #reason()}.
 *
 * <p>It carries no stack trace: it describes data, not a bug, and is cheap to throw.
 */
public final class VrrpDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a packet was rejected; one reason per receive check (RFC 3768 §7.1, RFC 9568 §7.1). */
  public enum Reason {
    /** Shorter than its headers, its address count or its IP length field says. */
    TRUNCATED,
    /** Not an IPv4 or IPv6 header carrying protocol 112, or an inconsistent IP length. */
    BAD_IP_HEADER,
    /** TTL or hop limit other than 255: the packet was forwarded, or forged off-link. */
    BAD_TTL,
    /** Not version 2 or 3, VRRPv2 over IPv6, or not the version the receiver runs. */
    BAD_VERSION,
    /** A message type other than 1 (ADVERTISEMENT). */
    BAD_TYPE,
    /** Virtual router identifier 0. */
    BAD_VRID,
    /** An address count of 0. */
    BAD_ADDRESS_COUNT,
    /** The message is longer than its address count says. */
    BAD_LENGTH,
    /** An advertisement interval of 0. */
    BAD_INTERVAL,
    /** The checksum matches none of the accepted forms. */
    BAD_CHECKSUM,
    /** VRRPv2 authentication type 2, IP Authentication Header: not supported. */
    AUTH_AH,
    /** VRRPv2 authentication type 3..255: unknown. */
    BAD_AUTH_TYPE,
    /** VRRPv2 authentication type or password differs from the receiver's. */
    AUTH_MISMATCH,
    /** VRRPv2 advertisement interval differs from the receiver's (RFC 3768 §7.1: discard). */
    INTERVAL_MISMATCH
  }

  private final Reason reason;
  private transient Supplier<String> lazyMessage;
  private String message;

  /**
   * Creates an exception.
   *
   * @param reason why the packet was rejected
   * @param message what was found and what was expected, e.g. {@code "type: 2 (expected: 1)"}
   */
  public VrrpDecodeException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.message = message;
  }

  /** For messages that are costly to build: built only if read, so that a flood of junk is cheap. */
  VrrpDecodeException(Reason reason, Supplier<String> message) {
    super(null, null, false, false);
    this.reason = reason;
    this.lazyMessage = message;
  }

  @Override
  public synchronized String getMessage() {
    if (message == null && lazyMessage != null) {
      message = lazyMessage.get();
      lazyMessage = null;
    }
    return message;
  }

  /**
   * Returns why the packet was rejected.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  @Override
  public String toString() {
    return "VrrpDecodeException[" + reason + "]: " + getMessage();
  }
}

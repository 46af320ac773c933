package io.github.failover4j.vrrp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * VRRPv2 authentication: none (type 0), or a plain-text password (type 1, keepalived's
 * {@code auth_type PASS}). The password only guards against misconfiguration, not attackers: it
 * travels in clear text (RFC 3768 §5.3.6 removed it for that reason). Type 2 (IP Authentication
 * Header) is not supported.
 *
 * <p>The password never appears in {@link #toString()}, and comparisons take constant time.
 */
public final class VrrpAuth {
  private static final VrrpAuth NONE = new VrrpAuth(Wire.AUTH_NONE, new byte[Wire.V2_AUTH_LENGTH]);

  private final int type;
  private final byte[] data;

  private VrrpAuth(int type, byte[] data) {
    this.type = type;
    this.data = data;
  }

  /**
   * No authentication (type 0): the 8 bytes of authentication data are sent as zeros.
   *
   * @return the shared instance
   */
  public static VrrpAuth none() {
    return NONE;
  }

  /**
   * A plain-text password (type 1), as keepalived's {@code auth_type PASS}.
   *
   * @param password 1 to 8 bytes in UTF-8; shorter passwords are zero-padded on the wire
   * @return the authentication
   * @throws IllegalArgumentException if the password is empty or longer than 8 bytes
   */
  public static VrrpAuth password(String password) {
    byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0 || bytes.length > Wire.V2_AUTH_LENGTH) {
      // the length is not secret enough to hide, but the password is: do not echo it
      throw new IllegalArgumentException(
          "password length: " + bytes.length + " bytes (expected: 1..8; keepalived ignores the rest)");
    }
    return new VrrpAuth(Wire.AUTH_PASSWORD, Arrays.copyOf(bytes, Wire.V2_AUTH_LENGTH));
  }

  /**
   * Returns the wire value of the authentication type.
   *
   * @return 0 (none) or 1 (password)
   */
  public int type() {
    return type;
  }

  /**
   * Tells whether this is type 0, no authentication.
   *
   * @return true for {@link #none()}
   */
  public boolean isNone() {
    return type == Wire.AUTH_NONE;
  }

  /** Writes the 8 bytes of authentication data at an absolute position. */
  void writeData(ByteBuffer out, int offset) {
    out.put(offset, data);
  }

  /** Compares 8 bytes of received authentication data in constant time, without allocating. */
  boolean dataMatches(ByteBuffer in, int offset) {
    int diff = 0;
    for (int i = 0; i < Wire.V2_AUTH_LENGTH; i++) {
      diff |= data[i] ^ in.get(offset + i);
    }
    return diff == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VrrpAuth other && type == other.type && MessageDigest.isEqual(data, other.data);
  }

  @Override
  public int hashCode() {
    return type; // the password stays out of hash-based timing, too
  }

  @Override
  public String toString() {
    return isNone() ? "VrrpAuth[none]" : "VrrpAuth[password]";
  }
}

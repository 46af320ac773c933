package io.github.failover4j.vrrp;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a receiver expects of the packets it decodes: the checks of RFC 3768 §7.1 and RFC 9568 §7.1
 * that depend on its configuration. Immutable; build one per virtual router and reuse it.
 *
 * @param versions the versions accepted (a router runs one; tools may accept both)
 * @param auth the VRRPv2 authentication the sender must use
 * @param v2IntervalCentis the receiver's VRRPv2 interval, which a VRRPv2 sender must match
 *     (RFC 3768 §7.1); 0 to skip the check
 * @param checkTtl whether the TTL / hop limit must be 255; off only for routed unicast peers
 * @param checksums the VRRPv3-over-IPv4 checksum forms accepted
 */
public record DecodeOptions(
    Set<VrrpVersion> versions,
    VrrpAuth auth,
    int v2IntervalCentis,
    boolean checkTtl,
    Set<ChecksumMode> checksums) {

  private static final DecodeOptions DEFAULTS =
      new DecodeOptions(
          EnumSet.allOf(VrrpVersion.class), VrrpAuth.none(), 0, true, EnumSet.allOf(ChecksumMode.class));

  /**
   * Copies the sets and checks the fields.
   *
   * @throws IllegalArgumentException if a set is empty or the interval is negative
   */
  public DecodeOptions {
    versions = Set.copyOf(versions);
    checksums = Set.copyOf(checksums);
    Objects.requireNonNull(auth, "auth");
    if (versions.isEmpty() || checksums.isEmpty() || v2IntervalCentis < 0) {
      throw new IllegalArgumentException(
          "versions: " + versions + ", checksums: " + checksums + ", v2IntervalCentis: " + v2IntervalCentis
              + " (expected: non-empty sets and an interval >= 0)");
    }
  }

  /**
   * The most accepting options: both versions, no authentication, no interval check, TTL checked,
   * every checksum form.
   *
   * @return the defaults
   */
  public static DecodeOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a copy that accepts only one version.
   *
   * @param version the version
   * @return the copy
   */
  public DecodeOptions withVersion(VrrpVersion version) {
    return new DecodeOptions(EnumSet.of(version), auth, v2IntervalCentis, checkTtl, checksums);
  }

  /**
   * Returns a copy that expects this VRRPv2 authentication.
   *
   * @param newAuth the authentication
   * @return the copy
   */
  public DecodeOptions withAuth(VrrpAuth newAuth) {
    return new DecodeOptions(versions, newAuth, v2IntervalCentis, checkTtl, checksums);
  }

  /**
   * Returns a copy that drops VRRPv2 advertisements whose interval differs from this one.
   *
   * @param centis the receiver's interval in centiseconds, or 0 for no check
   * @return the copy
   */
  public DecodeOptions withV2Interval(int centis) {
    return new DecodeOptions(versions, auth, centis, checkTtl, checksums);
  }

  /**
   * Returns a copy that does or does not require TTL / hop limit 255.
   *
   * @param check whether to check
   * @return the copy
   */
  public DecodeOptions withTtlCheck(boolean check) {
    return new DecodeOptions(versions, auth, v2IntervalCentis, check, checksums);
  }

  /**
   * Returns a copy that accepts only these VRRPv3-over-IPv4 checksum forms.
   *
   * @param first a form
   * @param more more forms
   * @return the copy
   */
  public DecodeOptions withChecksums(ChecksumMode first, ChecksumMode... more) {
    return new DecodeOptions(versions, auth, v2IntervalCentis, checkTtl, EnumSet.of(first, more));
  }
}

package io.github.failover4j.vrrp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One VRRP ADVERTISEMENT message, validated: every instance can be encoded.
 *
 * @param version VRRPv2 or VRRPv3
 * @param vrid the virtual router identifier, 1..255
 * @param priority 0..255: 255 is the address owner, 0 a master that is releasing
 * @param intervalCentis the advertisement interval in centiseconds: VRRPv3 1..4095; VRRPv2 whole
 *     seconds, so 100..25500 in steps of 100
 * @param addresses the virtual addresses, 1..255, all of one family (IPv4 only for VRRPv2)
 * @param auth VRRPv2 authentication; {@link VrrpAuth#none()} for VRRPv3
 */
public record VrrpAdvertisement(
    VrrpVersion version,
    int vrid,
    int priority,
    int intervalCentis,
    List<InetAddress> addresses,
    VrrpAuth auth) {

  /**
   * Validates every field and copies the address list.
   *
   * @throws IllegalArgumentException listing every field that is out of range
   * @throws NullPointerException if a field or an address is null
   */
  public VrrpAdvertisement {
    addresses = List.copyOf(addresses);
    // decode builds one of these per new packet: no stream, and no list unless something is wrong
    List<String> problems = null;
    if (vrid < 1 || vrid > Wire.MAX_VRID) {
      problems = add(problems, "vrid: " + vrid + " (expected: 1..255)");
    }
    if (priority < 0 || priority > Wire.MAX_PRIORITY) {
      problems = add(problems, "priority: " + priority + " (expected: 0..255)");
    }
    if (version == VrrpVersion.V3) {
      if (intervalCentis < 1 || intervalCentis > Wire.V3_MAX_INTERVAL_CENTIS) {
        problems = add(problems, "intervalCentis: " + intervalCentis + " (expected: 1..4095 for VRRPv3)");
      }
      if (!auth.isNone()) {
        problems = add(problems, "auth: " + auth + " (expected: none for VRRPv3)");
      }
    } else if (intervalCentis < 100
        || intervalCentis > Wire.V2_MAX_INTERVAL_SECONDS * 100
        || intervalCentis % 100 != 0) {
      problems = add(problems, "intervalCentis: " + intervalCentis
          + " (expected: 100..25500 in whole seconds for VRRPv2)");
    }
    if (addresses.isEmpty() || addresses.size() > Wire.MAX_ADDRESSES) {
      problems = add(problems, "addresses: " + addresses.size() + " (expected: 1..255)");
    } else {
      AddressFamily family = AddressFamily.of(addresses.get(0));
      for (int i = 1; i < addresses.size(); i++) {
        if (AddressFamily.of(addresses.get(i)) != family) {
          problems = add(problems, "addresses: " + addresses + " (expected: all of one family)");
          break;
        }
      }
      if (version == VrrpVersion.V2 && family != AddressFamily.IPV4) {
        problems = add(problems, "addresses: " + addresses + " (expected: IPv4 for VRRPv2)");
      }
    }
    if (problems != null) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  private static List<String> add(List<String> problems, String problem) {
    List<String> list = problems == null ? new ArrayList<>() : problems;
    list.add(problem);
    return list;
  }

  /**
   * Returns the family of the addresses, which is also the family of the IP header.
   *
   * @return IPv4 or IPv6
   */
  public AddressFamily family() {
    return AddressFamily.of(addresses.get(0));
  }

  /**
   * Returns the advertisement interval as a duration.
   *
   * @return the interval
   */
  public Duration interval() {
    return Duration.ofMillis(intervalCentis * 10L);
  }

  /**
   * Returns the length of the encoded VRRP message: 8 + addresses (+ 8 authentication bytes for
   * VRRPv2).
   *
   * @return the length in bytes
   */
  public int encodedLength() {
    return Wire.FIXED_LENGTH
        + addresses.size() * family().addressLength()
        + (version == VrrpVersion.V2 ? Wire.V2_AUTH_LENGTH : 0);
  }

  /**
   * Returns a copy with another priority: what a master sends when it releases (priority 0).
   *
   * @param newPriority 0..255
   * @return the copy
   */
  public VrrpAdvertisement withPriority(int newPriority) {
    return new VrrpAdvertisement(version, vrid, newPriority, intervalCentis, addresses, auth);
  }
}

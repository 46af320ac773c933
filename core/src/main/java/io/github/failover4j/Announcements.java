package io.github.failover4j;

import java.time.Duration;

/**
 * How a new master announces its addresses on the link: gratuitous ARP for IPv4, unsolicited
 * neighbour advertisements for IPv6, so that switches and neighbours' caches point at it.
 *
 * @param repeat how many announcements in a burst, 1..100
 * @param interval the time between the announcements of a burst
 * @param refresh a new burst this often while master, or {@link Duration#ZERO} for none (useful
 *     where switches forget, keepalived's {@code garp_master_refresh})
 */
public record Announcements(int repeat, Duration interval, Duration refresh) {
  /** Three announcements 10 ms apart, no refresh. */
  public static final Announcements DEFAULT = new Announcements(3, Duration.ofMillis(10), Duration.ZERO);
}

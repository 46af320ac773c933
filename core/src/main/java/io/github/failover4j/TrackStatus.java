package io.github.failover4j;

import java.time.Duration;
import java.util.Optional;

/**
 * Something a group tracks, as its status shows it.
 *
 * @param kind a check, an interface, or a file
 * @param name the check's name, the interface, or the file's path
 * @param state its state now
 * @param weight its weight for this group: 0 makes the group FAULT while it fails; a check or
 *     interface adds a positive weight while healthy and a negative one while failing; a file's value
 *     is multiplied by it
 * @param reverse whether the weight's direction is reversed (keepalived's {@code reverse})
 * @param effect what it does to the group now: {@code "fault"}, or the priority it adds, e.g.
 *     {@code "-60"}, {@code "+0"}
 * @param detail the last result, e.g. {@code "exit 1"}, {@code "timed out after 1000 ms"},
 *     {@code "value 3"}; empty if none
 * @param runs how often a check ran (0 for interfaces and files)
 * @param timeouts how many runs were stopped at the check's timeout
 * @param skipped how many runs were skipped because the previous one still ran
 * @param lastLatency how long a check's last run took that ended by itself (not stopped at its
 *     timeout); empty before one, and for interfaces and files
 */
public record TrackStatus(TrackChange.Kind kind, String name, TrackState state, int weight, boolean reverse,
    String effect, String detail, long runs, long timeouts, long skipped, Optional<Duration> lastLatency) {}

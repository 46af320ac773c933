/**
 * Micrometer meters for failover groups: {@link io.github.failover4j.micrometer.FailoverGroupMetrics}.
 * Micrometer is an optional dependency of failover4j: only this package needs it, and nothing else
 * loads it.
 */
package io.github.failover4j.micrometer;

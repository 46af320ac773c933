/**
 * Virtual time ({@link io.github.failover4j.testkit.VirtualTicker},
 * {@link io.github.failover4j.testkit.VirtualScheduler}) and a VRRP simulation
 * ({@link io.github.failover4j.testkit.VrrpSimulation}) whose every run is reproducible from a seed.
 */
package io.github.failover4j.testkit;

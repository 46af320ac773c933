/**
 * Virtual time ({@link io.github.failover4j.testkit.VirtualTicker},
 * {@link io.github.failover4j.testkit.VirtualScheduler}) and a VRRP simulation
 * ({@link io.github.failover4j.testkit.VrrpSimulation}) whose every run is reproducible from a seed,
 * on a simulated network and, for cloud IP movers, a simulated cloud API
 * ({@link io.github.failover4j.testkit.SimulatedCloud}).
 */
package io.github.failover4j.testkit;

/**
 * The service provider interface of IP movers: what makes a node the holder of its group's
 * virtual addresses, on the local interface or through a cloud provider's API.
 *
 * <p>Providers are found by {@link java.util.ServiceLoader} ({@code provides
 * io.github.failover4j.spi.IpMoverProvider} in {@code module-info}, and
 * {@code META-INF/services/io.github.failover4j.spi.IpMoverProvider} on the class path) and chosen
 * by name. failover4j's own is {@code local}.
 */
package io.github.failover4j.spi;

/**
 * What failover4j's cloud IP movers share: {@link io.github.failover4j.provider.support.HttpExchange}
 * sends a request within an operation's deadline and cancellation and reads its
 * {@link io.github.failover4j.provider.support.Reply}; {@link io.github.failover4j.provider.support.ConfigReader}
 * checks a mover's settings, collecting every problem; the rest are the small formats the APIs
 * share. Internal to failover4j's providers.
 */
package io.github.failover4j.provider.support;

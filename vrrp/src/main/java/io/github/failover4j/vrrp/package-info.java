/**
 * VRRP wire codec ({@link io.github.failover4j.vrrp.VrrpCodec}) and state machine
 * ({@link io.github.failover4j.vrrp.VrrpStateMachine}).
 *
 * <p>Everything in this package is free of IO, threads and clocks: time is passed in as
 * monotonic nanoseconds, packets as {@link java.nio.ByteBuffer}s, and the state machine answers
 * with the {@link io.github.failover4j.vrrp.VrrpAction actions} its caller must perform.
 */
package io.github.failover4j.vrrp;

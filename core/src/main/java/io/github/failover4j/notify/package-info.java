/**
 * Notify scripts, as keepalived's {@code notify}, {@code notify_master}, {@code notify_backup},
 * {@code notify_fault} and {@code notify_stop}: {@link io.github.failover4j.notify.NotifyHook} is a
 * {@link io.github.failover4j.FailoverListener} that runs them on role changes.
 */
package io.github.failover4j.notify;

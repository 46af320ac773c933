/**
 * Internal: failover4j's jnr-ffi binding of libc. Not an API; it may change in any release.
 */
package io.github.failover4j.linux.libc;

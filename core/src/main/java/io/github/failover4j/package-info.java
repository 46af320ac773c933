/**
 * The failover4j API: {@link io.github.failover4j.FailoverGroup} and what it reports (roles, role
 * changes, status).
 */
package io.github.failover4j;

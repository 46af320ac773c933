package io.github.failover4j.election.etcd;

import io.github.failover4j.spi.Secret;

/**
 * An etcd user's credentials: exchanged for a token at {@code /v3/auth/authenticate}, which then
 * goes into the {@code Authorization} header and nowhere else.
 *
 * @param user the user's name
 * @param password the password, read from a file
 */
record EtcdAuth(String user, Secret password) {}

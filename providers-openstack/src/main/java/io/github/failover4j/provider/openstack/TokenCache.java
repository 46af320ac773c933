package io.github.failover4j.provider.openstack;

import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import io.github.failover4j.spi.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mover's Keystone token, reused until it is about to expire or Neutron refuses it: a failover
 * then costs one Neutron request, not two round trips. Expiry is Keystone's {@code expires_at}, a
 * wall-clock time, turned once into a monotonic deadline so that a clock step cannot keep a dead
 * token; it is renewed two minutes early (keystoneauth's margin, for requests in flight and clock
 * skew), or halfway for a token that lives shorter than four minutes.
 */
final class TokenCache {
  private static final Logger LOG = LoggerFactory.getLogger(TokenCache.class);
  private static final Duration MARGIN = Duration.ofMinutes(2);
  /** The tokens whose text is removed from messages: the current one and the one it replaced. */
  private static final int REMEMBERED = 2;

  private final Keystone keystone;
  private final OpenStackCredentials credentials;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final Deque<Secret> issued = new ArrayDeque<>();
  private Token token; // guarded by this
  private long renewAtNanos; // guarded by this; meaningless for a token that never expires

  /**
   * Creates the cache.
   *
   * @param keystone where tokens come from
   * @param credentials their secret, removed from messages with the tokens'
   * @param clock the wall clock, to read {@code expires_at} against
   * @param nanoTime the monotonic clock
   */
  TokenCache(Keystone keystone, OpenStackCredentials credentials, Clock clock, LongSupplier nanoTime) {
    this.keystone = keystone;
    this.credentials = credentials;
    this.clock = clock;
    this.nanoTime = nanoTime;
  }

  /**
   * Returns a token that is not about to expire, authenticating if there is none.
   *
   * @param call the operation, for the authentication request
   * @return the token
   * @throws IpMoverException if Keystone refused or failed
   */
  synchronized Token current(MoverCall call) throws IpMoverException {
    if (token != null && (token.expiresAt().isEmpty() || nanoTime.getAsLong() - renewAtNanos < 0)) {
      return token;
    }
    Token fresh = keystone.authenticate(call);
    long now = nanoTime.getAsLong();
    if (fresh.expiresAt().isPresent()) {
      Duration life = Duration.between(clock.instant(), fresh.expiresAt().get());
      if (life.isNegative() || life.isZero()) {
        // this host's clock is ahead of Keystone's: the token is fresh all the same, kept until refused
        LOG.warn("Keystone's new token expires at {}, which this host's clock says is past: check its time (NTP); "
            + "the token is used until Neutron refuses it", fresh.expiresAt().get());
        fresh = new Token(fresh.value(), Optional.empty(), fresh.network());
      } else {
        Duration margin = life.compareTo(MARGIN.multipliedBy(2)) < 0 ? life.dividedBy(2) : MARGIN;
        renewAtNanos = now + life.minus(margin).toNanos();
      }
    }
    token = fresh;
    issued.addFirst(fresh.value());
    while (issued.size() > REMEMBERED) {
      issued.removeLast();
    }
    return fresh;
  }

  /**
   * Forgets a token that a service refused (HTTP 401: expired early, or revoked), so that the
   * next {@link #current} authenticates again.
   *
   * @param refused the token that was refused
   */
  synchronized void invalidate(Token refused) {
    if (token == refused) {
      token = null;
    }
  }

  /**
   * Removes every secret a message could quote: the credentials' and the recent tokens.
   *
   * @param text e.g. an error body
   * @return the text without them
   */
  synchronized String redact(String text) {
    String clean = credentials.redact(text);
    for (Secret s : issued) {
      clean = s.redact(clean);
    }
    return clean;
  }
}

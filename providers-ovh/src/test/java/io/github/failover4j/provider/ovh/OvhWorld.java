package io.github.failover4j.provider.ovh;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.testkit.IpMoverContract;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The contract kit's world for the ovh mover: the fake API, a mover of one mode, and the contract's
 * nodes mapped onto the fake's (this node is {@link FakeOvh#SELF_INSTANCE} or
 * {@link FakeOvh#SELF_SERVICE}, the other node the other instance or service). Every failure the
 * kit asks for is one OVH answers: 503, 429 with Retry-After, 409, 403 Client::Forbidden, 404, and
 * a request that never gets an answer.
 */
final class OvhWorld implements IpMoverContract.Fixture {
  /** Which of the mover's modes. */
  enum Mode {
    CLOUD_IP,
    IP_MOVE
  }

  private final OvhHarness harness;
  private final Mode mode;
  private final IpMover mover;

  OvhWorld(Mode mode, boolean oauth2) {
    this.harness = oauth2 ? new OvhHarness().oauth2() : new OvhHarness().signed();
    this.mode = mode;
    this.mover = harness.mover(mode == Mode.CLOUD_IP ? harness.cloudSettings() : harness.moveSettings());
  }

  @Override
  public IpMover mover() {
    return mover;
  }

  @Override
  public void assign(Holder holder) {
    String node = switch (holder.state()) {
      case SELF -> mode == Mode.CLOUD_IP ? FakeOvh.SELF_INSTANCE : FakeOvh.SELF_SERVICE;
      case OTHER -> mode == Mode.CLOUD_IP ? FakeOvh.OTHER_INSTANCE : FakeOvh.OTHER_SERVICE;
      case NOBODY -> null;
      case UNKNOWN -> throw new IllegalArgumentException("the contract never assigns " + holder);
    };
    if (mode == Mode.CLOUD_IP) {
      harness.fake.attachTo(node);
    } else {
      harness.fake.routeTo(node);
    }
  }

  @Override
  public Holder truth() {
    Optional<String> node = mode == Mode.CLOUD_IP ? harness.fake.attachedTo() : harness.fake.routedTo();
    if (node.isEmpty()) {
      return Holder.nobody();
    }
    return node.get().equals(FakeOvh.SELF_INSTANCE) || node.get().equals(FakeOvh.SELF_SERVICE) ? Holder.self()
        : Holder.other(IpMoverContract.OTHER_NODE);
  }

  @Override
  public boolean inject(IpMoverContract.Failure failure) {
    FakeOvh fake = harness.fake;
    switch (failure) {
      case TRANSIENT -> fake.failNext(503, "{\"message\":\"Service is temporarily unavailable\"}");
      case RATE_LIMITED -> fake.failNext(429, "{\"class\":\"Client::TooManyRequests\",\"message\":\"Too many "
          + "requests\"}", "Retry-After", "7");
      case BUSY -> fake.failNext(409, "{\"class\":\"Client::Conflict\",\"message\":\"An operation is already in "
          + "progress on this IP\"}");
      case UNAUTHORIZED -> fake.failNext(403, "{\"class\":\"Client::Forbidden\",\"message\":\"User not granted for "
          + "this request\"}");
      case NOT_FOUND -> fake.failNext(404, "{\"class\":\"Client::NotFound\",\"message\":\"The requested object "
          + "(ip = " + FakeOvh.BLOCK + ") does not exist\"}");
      case HANG -> fake.hangNext();
      default -> {
        return false;
      }
    }
    return true;
  }

  @Override
  public Set<String> secrets() {
    Set<String> secrets = new HashSet<>(harness.fake.tokens());
    secrets.add(FakeOvh.APPLICATION_SECRET);
    secrets.add(FakeOvh.CONSUMER_KEY);
    secrets.add(FakeOvh.CLIENT_SECRET);
    return secrets;
  }

  @Override
  public void close() {
    harness.close();
  }
}

package io.github.failover4j.election.kubernetes;

import io.github.failover4j.spi.Candidate;
import io.github.failover4j.spi.ElectionCall;
import io.github.failover4j.spi.ElectionException;
import io.github.failover4j.spi.LeaseStore;
import io.github.failover4j.spi.LeaseTiming;
import io.github.failover4j.spi.LeaseView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One group's election on a Kubernetes Lease, with client-go's leader election rules: the main
 * Lease (named by {@code lease}) holds the holder; a candidate takes it when nobody holds it or
 * when it has seen no change of it for its {@code leaseDurationSeconds} by its own clock; taking
 * increments {@code leaseTransitions}, the fencing token; every write carries the resourceVersion
 * it read, so that of two candidates writing at once the API server takes one and answers the other
 * 409 Conflict. Each candidate also keeps a Lease of its own, {@code <lease>-<id>}, labelled
 * {@code failover4j.io/lease=<lease>} and annotated with its priority and preempt mode, renewed
 * like a heartbeat every third of the duration: a candidate counts as alive while others see it
 * change within the duration. One label selector lists and watches all of them.
 */
final class KubernetesLeaseStore implements LeaseStore {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesLeaseStore.class);
  private static final Pattern NAME_CHARS = Pattern.compile("[^a-z0-9.-]");
  private static final int NAME_MAX = 253;
  /** Writes tried within one call when each loses a race; more means a storm, and the next call tries again. */
  private static final int WRITE_ATTEMPTS = 3;
  /** observe returns this long before its call's deadline, so that its answer arrives in time. */
  private static final Duration RETURN_MARGIN = Duration.ofMillis(200);

  private final KubernetesSettings settings;
  private final String self;
  private final String ownLease;
  private final OkHttpClient client;
  private final LeaseApi api;
  private final LongSupplier nanoTime;
  private final Clock wall;
  private final Observations observations;
  private final AtomicBoolean closed = new AtomicBoolean();

  private String listedVersion = "";
  private boolean published;
  private long publishedAt;
  private Candidate publishedAs;
  private Observations.Summary lastSummary;
  private long revision;

  /**
   * Creates the store; no network call.
   *
   * @param settings the settings
   * @param self this candidate's id
   * @param client the HTTP client, with the settings' TLS
   * @param nanoTime the monotonic clock that decides expiries
   * @param wall the clock written into acquireTime and renewTime, for people
   */
  KubernetesLeaseStore(KubernetesSettings settings, String self, OkHttpClient client, LongSupplier nanoTime,
      Clock wall) {
    this.settings = settings;
    this.self = self;
    this.ownLease = candidateLease(settings.lease(), self);
    this.client = client;
    this.api = new LeaseApi(client, settings.access(), settings.namespace(), settings.lease());
    this.nanoTime = nanoTime;
    this.wall = wall;
    this.observations = new Observations(settings.lease(), settings.timing().duration());
  }

  /**
   * Names a candidate's own Lease: {@code <lease>-<id>}, the id lower-cased with what a name cannot
   * hold replaced by {@code -}, and a hash of the id appended if it had to be changed, so that two
   * ids never share a Lease.
   *
   * @param lease the election's Lease
   * @param id the candidate's id
   * @return the name, at most 253 characters
   */
  static String candidateLease(String lease, String id) {
    String clean = NAME_CHARS.matcher(id.toLowerCase(java.util.Locale.ROOT)).replaceAll("-")
        .replaceAll("^[-.]+|[-.]+$", "");
    String name = lease + "-" + clean;
    if (!clean.equals(id) || name.length() > NAME_MAX) {
      String hash = sha256(id).substring(0, 10);
      name = name.substring(0, Math.min(name.length(), NAME_MAX - hash.length() - 1)).replaceAll("[-.]+$", "") + "-"
          + hash;
    }
    return name;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public LeaseTiming timing() {
    return settings.timing();
  }

  @Override
  public synchronized LeaseView campaign(ElectionCall call, Candidate candidate) throws ElectionException {
    open();
    publish(call, candidate);
    refresh(call);
    for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      Optional<LeaseObject> main = observations.main();
      long now = nanoTime.getAsLong();
      boolean ours = main.flatMap(LeaseObject::holder).filter(self::equals).isPresent();
      if (!ours && !observations.free(now)) {
        break; // a live holder: never taken
      }
      long transitions = main.map(LeaseObject::transitions).orElse(0L) + (ours ? 0 : 1);
      LeaseObject base = main.orElseGet(() -> LeaseObject.create(settings.namespace(), settings.lease(),
          settings.lease()));
      LeaseObject wanted = base.withRecord(self, settings.timing().duration().getSeconds(),
          ours ? null : wall.instant(), wall.instant(), transitions, candidate.priority(), candidate.preempt());
      Optional<LeaseObject> written = main.isPresent() ? api.replace(call, wanted) : api.create(call, wanted);
      if (written.isPresent()) {
        observations.saw(written.get(), nanoTime.getAsLong());
        if (!ours) {
          LOG.info("kubernetes lease {}/{}: taken by {} (transitions {})", settings.namespace(), settings.lease(),
              self, transitions);
        }
        break;
      }
      reread(call); // lost a race: see who won
    }
    return view();
  }

  @Override
  public synchronized LeaseView observe(ElectionCall call, Candidate candidate, long sinceRevision)
      throws ElectionException {
    open();
    refresh(call);
    while (true) {
      publish(call, candidate);
      LeaseView view = view();
      if (view.revision() != sinceRevision) {
        return view;
      }
      Duration untilDeadline = call.remaining().minus(RETURN_MARGIN);
      if (untilDeadline.isNegative() || untilDeadline.isZero()) {
        return view;
      }
      // wake for the next heartbeat, and when a holder or candidate expires by this node's clock
      long now = nanoTime.getAsLong();
      Duration wait = min(untilDeadline, Duration.ofNanos(publishedAt + heartbeat().toNanos() - now));
      wait = min(wait, observations.untilNextExpiry(now).orElse(wait));
      if (wait.isNegative() || wait.isZero()) {
        continue;
      }
      LeaseApi.WatchEnd end = api.watch(call, listedVersion, wait, event -> {
        long at = nanoTime.getAsLong();
        if (event.type().equals("DELETED")) {
          observations.gone(event.lease().name());
        } else {
          observations.saw(event.lease(), at);
        }
        listedVersion = event.lease().resourceVersion();
        return !observations.summary(self, at).equals(lastSummary);
      });
      if (end == LeaseApi.WatchEnd.EXPIRED) {
        refresh(call);
      }
    }
  }

  @Override
  public synchronized void resign(ElectionCall call, Candidate candidate) throws ElectionException {
    open();
    for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      Optional<LeaseObject> main = reread(call);
      if (main.flatMap(LeaseObject::holder).filter(self::equals).isEmpty()) {
        return; // not ours: nothing to give up
      }
      LeaseObject released = main.get().withRecord("", main.get().durationSeconds(), null, wall.instant(),
          main.get().transitions(), candidate.priority(), candidate.preempt());
      Optional<LeaseObject> written = api.replace(call, released);
      if (written.isPresent()) {
        observations.saw(written.get(), nanoTime.getAsLong());
        LOG.info("kubernetes lease {}/{}: released by {}", settings.namespace(), settings.lease(), self);
        return;
      }
    }
    throw lostRaces("resign");
  }

  private ElectionException lostRaces(String what) {
    return new ElectionException(ElectionException.Kind.RETRYABLE, "kubernetes lease " + settings.namespace() + "/"
        + settings.lease() + ": " + what + " lost " + WRITE_ATTEMPTS + " races in a row (409 Conflict)", null);
  }

  /** Withdraws this candidate (deletes its own Lease, within the retry period) and closes the connections. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      api.delete(new Deadline(nanoTime, settings.timing().renewEvery()), ownLease);
    } catch (ElectionException e) {
      LOG.debug("candidate lease {} not deleted, it expires by itself: {}", ownLease, e.getMessage());
    }
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private void open() throws ElectionException {
    if (closed.get()) {
      throw ElectionException.cancelled("kubernetes lease " + settings.namespace() + "/" + settings.lease()
          + ": store closed");
    }
  }

  /** Keeps this candidate's Lease: created, renewed when a heartbeat is due, rewritten when it changed. */
  private void publish(ElectionCall call, Candidate candidate) throws ElectionException {
    long now = nanoTime.getAsLong();
    if (published && candidate.equals(publishedAs) && now - publishedAt < heartbeat().toNanos()) {
      return;
    }
    for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      Optional<LeaseObject> own = observations.lease(ownLease);
      LeaseObject base = own.orElseGet(() -> LeaseObject.create(settings.namespace(), ownLease, settings.lease()));
      LeaseObject wanted = base.withRecord(self, settings.timing().duration().getSeconds(), own.isEmpty()
          ? wall.instant() : null, wall.instant(), 0, candidate.priority(), candidate.preempt());
      Optional<LeaseObject> written = own.isPresent() ? api.replace(call, wanted) : api.create(call, wanted);
      if (written.isPresent()) {
        observations.saw(written.get(), nanoTime.getAsLong());
        published = true;
        publishedAt = now;
        publishedAs = candidate;
        return;
      }
      api.get(call, ownLease).ifPresentOrElse(l -> observations.saw(l, nanoTime.getAsLong()),
          () -> observations.gone(ownLease));
    }
    throw lostRaces("publish");
  }

  private Duration heartbeat() {
    return settings.timing().duration().dividedBy(3);
  }

  /** Lists the election's Leases; reads the main one apart if it lacks the label (made by another tool). */
  private void refresh(ElectionCall call) throws ElectionException {
    LeaseApi.Listing listing = api.list(call);
    long now = nanoTime.getAsLong();
    boolean mainListed = listing.items().stream().anyMatch(l -> l.name().equals(settings.lease()));
    observations.sawAll(listing.items(), mainListed, now);
    listedVersion = listing.resourceVersion();
    if (!mainListed) {
      reread(call);
    }
  }

  private Optional<LeaseObject> reread(ElectionCall call) throws ElectionException {
    Optional<LeaseObject> main = api.get(call, settings.lease());
    main.ifPresentOrElse(l -> observations.saw(l, nanoTime.getAsLong()), () -> observations.gone(settings.lease()));
    return main;
  }

  /** The election now; its revision moves when what it says changes (a holder, a token, a candidate). */
  private LeaseView view() {
    Observations.Summary summary = observations.summary(self, nanoTime.getAsLong());
    if (!summary.equals(lastSummary)) {
      lastSummary = summary;
      revision++;
    }
    return new LeaseView(summary.holder(), summary.fencingToken(), revision, summary.candidates());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public String toString() {
    return "KubernetesLeaseStore(" + settings.namespace() + "/" + settings.lease() + ", " + self + ", "
        + settings.access() + ")";
  }
}

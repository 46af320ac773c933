package io.github.failover4j.election.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.spi.Candidate;
import io.github.failover4j.spi.ElectionCall;
import io.github.failover4j.spi.ElectionContext;
import io.github.failover4j.spi.ElectionException;
import io.github.failover4j.spi.LeaseStore;
import io.github.failover4j.spi.LeaseTiming;
import io.github.failover4j.spi.LeaseView;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One group's election in etcd. Under {@code <prefix>/<group>/}: {@code leader} holds the holder's
 * {@link Candidate} as JSON, attached to the holder's lease and created only where absent, so its
 * create revision grows with every new holder and is the fencing token; {@code candidates/<id>}
 * holds each candidate's publication, attached to that candidate's lease, so that a dead node's
 * entry vanishes with its lease.
 *
 * <p>Each call first keeps this candidate's lease alive (granting one on first use, and again when
 * etcd says it expired), then writes in one transaction; the lease's times follow the TTL etcd
 * granted. The driver calls one method at a time; {@link #close()} may come from another thread.
 */
final class EtcdLeaseStore implements LeaseStore {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdLeaseStore.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** How long closing may spend revoking the lease: a graceful stop must not hang on a dead etcd. */
  private static final Duration REVOKE_TIMEOUT = Duration.ofSeconds(1);
  /** Of an observe's deadline, what is kept for reading the keys after the watch, at most. */
  private static final Duration MAX_READ_RESERVE = Duration.ofSeconds(1);

  private final EtcdSettings settings;
  private final EtcdGateway gateway;
  private final String group;
  private final String candidate;
  private final String leaderKey;
  private final String candidatesPrefix;
  private final String ownKey;
  private volatile LeaseTiming timing;
  private volatile long lease; // 0: none granted, or gone

  EtcdLeaseStore(ElectionContext context, EtcdSettings settings) {
    this.settings = settings;
    this.group = context.group();
    this.candidate = context.candidate();
    this.timing = settings.timing(settings.ttl());
    this.gateway = new EtcdGateway(settings, timing.renewEvery().dividedBy(2));
    String base = settings.prefix() + "/" + context.group() + "/";
    this.leaderKey = base + "leader";
    this.candidatesPrefix = base + "candidates/";
    this.ownKey = candidatesPrefix + context.candidate();
  }

  @Override
  public LeaseTiming timing() {
    return timing;
  }

  @Override
  public LeaseView campaign(ElectionCall call, Candidate self) throws ElectionException {
    String what = "campaign for " + leaderKey;
    ensureLease(call, what);
    String json = json(self);
    Seen seen = standFor(call, json, what);
    if (seen.leader().isPresent() && seen.leader().get().lease() != lease
        && candidateOf(seen.leader().get()).id().equals(self.id())) {
      // a former run of this candidate (a restart) holds the key until its lease expires: it is
      // this candidate's own to free, at once, rather than wait out the old lease
      LOG.info("{}: freeing the key of a former run of {} (lease {})", what, self.id(), seen.leader().get().lease());
      ObjectNode free = txn(compareLease(seen.leader().get().lease()));
      free.withArray("success").add(deleteOp(leaderKey));
      post(call, free, what);
      seen = standFor(call, json, what);
    }
    Optional<KeyValue> leader = seen.leader();
    if (leader.isPresent() && candidateOf(leader.get()).id().equals(self.id()) && leader.get().lease() != lease) {
      throw new ElectionException(ElectionException.Kind.PERMANENT, what + ": another process stands as "
          + self.id() + " (expected: a candidate id unique in the group)", null);
    }
    if (leader.isPresent() && leader.get().lease() == lease && !leader.get().value().equals(json)) {
      // the holder's priority or preempt mode changed: published where the others look
      ObjectNode update = txn(compareLease(lease));
      update.withArray("success").add(putOp(leaderKey, json));
      addReads(update.withArray("success"));
      addReads(update.withArray("failure"));
      seen = Seen.of(post(call, update, what));
    }
    return view(seen);
  }

  @Override
  public LeaseView observe(ElectionCall call, Candidate self, long sinceRevision) throws ElectionException {
    String what = "observe " + leaderKey;
    ensureLease(call, what);
    ObjectNode publish = txn(null);
    publish.withArray("success").add(putOp(ownKey, json(self)));
    addReads(publish.withArray("success"));
    Seen seen = Seen.of(post(call, publish, what));
    Duration remaining = call.remaining();
    Duration reserve = remaining.dividedBy(5).compareTo(MAX_READ_RESERVE) < 0 ? remaining.dividedBy(5)
        : MAX_READ_RESERVE;
    // at most one renewal period, so that the next call keeps the lease alive in time
    Duration wait = min(timing.renewEvery(), remaining.minus(reserve));
    if (sinceRevision < 0 || wait.isNegative() || wait.isZero()) {
      return view(seen);
    }
    ObjectNode watch = EtcdGateway.object();
    watch.put("key", base64(settings.prefix() + "/" + group + "/"));
    watch.put("range_end", base64(rangeEnd(settings.prefix() + "/" + group + "/")));
    watch.put("start_revision", Long.toString(sinceRevision + 1));
    watch.put("prev_kv", true);
    gateway.watch(call, watch, wait, this::isChange, what);
    ObjectNode read = txn(null);
    addReads(read.withArray("success"));
    return view(Seen.of(post(call, read, what)));
  }

  @Override
  public void resign(ElectionCall call, Candidate self) throws ElectionException {
    long held = lease;
    if (held == 0) {
      return;
    }
    ObjectNode resign = txn(compareLease(held));
    resign.withArray("success").add(deleteOp(leaderKey));
    boolean deleted = post(call, resign, "resign " + leaderKey).path("succeeded").asBoolean();
    LOG.debug("resign {}: {}", leaderKey, deleted ? "deleted" : "not the holder");
  }

  @Override
  public void close() {
    long held = lease;
    lease = 0;
    try {
      if (held != 0) {
        // revoking deletes the candidacy and, if held, the leader key: the others take over at once
        gateway.post(new CloseCall(), "/v3/lease/revoke", EtcdGateway.object().put("ID", Long.toString(held)),
            "revoke the lease of " + candidate);
      }
    } catch (ElectionException e) {
      LOG.info("{}: the lease expires by itself within {} s", e.getMessage(), timing.duration().toSeconds());
    } finally {
      gateway.close();
    }
  }

  /** Grants this candidate's lease, or keeps it alive; grants a new one when etcd let it expire. */
  private void ensureLease(ElectionCall call, String what) throws ElectionException {
    long held = lease;
    if (held != 0) {
      JsonNode answer = gateway.post(call, "/v3/lease/keepalive", EtcdGateway.object().put("ID", Long.toString(held)),
          what + ": keep lease alive");
      if (answer.path("result").path("TTL").asLong(0) > 0) {
        return;
      }
      LOG.info("{}: lease {} expired in etcd; granting a new one", what, held);
      lease = 0;
    }
    JsonNode granted = gateway.post(call, "/v3/lease/grant",
        EtcdGateway.object().put("TTL", Long.toString(settings.ttl().toSeconds())), what + ": grant a lease");
    long ttl = granted.path("TTL").asLong(0);
    long id = granted.path("ID").asLong(0);
    if (ttl <= 0 || id == 0) {
      throw new ElectionException(ElectionException.Kind.RETRYABLE, what + ": etcd granted no lease", null);
    }
    timing = settings.timing(Duration.ofSeconds(ttl));
    lease = id;
  }

  /** Takes the leader key if absent; publishes this candidacy either way; reads both back. */
  private Seen standFor(ElectionCall call, String json, String what) throws ElectionException {
    ObjectNode compare = EtcdGateway.object();
    compare.put("key", base64(leaderKey)).put("target", "CREATE").put("create_revision", "0").put("result", "EQUAL");
    ObjectNode txn = txn(compare);
    ArrayNode success = txn.withArray("success");
    success.add(putOp(leaderKey, json));
    success.add(putOp(ownKey, json));
    addReads(success);
    ArrayNode failure = txn.withArray("failure");
    failure.add(putOp(ownKey, json));
    addReads(failure);
    return Seen.of(post(call, txn, what));
  }

  private JsonNode post(ElectionCall call, ObjectNode txn, String what) throws ElectionException {
    try {
      return gateway.post(call, "/v3/kv/txn", txn, what);
    } catch (EtcdGateway.LeaseGone e) {
      lease = 0; // expired between the keep-alive and the write: the next call grants another
      throw e;
    }
  }

  /** An event on the group's keys other than this candidate's own, that changed a value or a lease. */
  private boolean isChange(JsonNode event) {
    JsonNode kv = event.path("kv");
    if (text(kv.path("key")).equals(ownKey)) {
      return false;
    }
    JsonNode prev = event.path("prev_kv");
    return "DELETE".equals(event.path("type").asText()) || prev.isMissingNode()
        || !prev.path("value").equals(kv.path("value")) || !prev.path("lease").equals(kv.path("lease"));
  }

  private LeaseView view(Seen seen) throws ElectionException {
    Optional<Candidate> holder = Optional.empty();
    long token = 0;
    if (seen.leader().isPresent()) {
      holder = Optional.of(candidateOf(seen.leader().get()));
      token = seen.leader().get().createRevision();
    }
    List<Candidate> others = new ArrayList<>();
    for (KeyValue kv : seen.candidates()) {
      if (!kv.key().equals(ownKey)) {
        others.add(candidateOf(kv));
      }
    }
    return new LeaseView(holder, token, seen.revision(), others);
  }

  private static Candidate candidateOf(KeyValue kv) throws ElectionException {
    try {
      JsonNode node = MAPPER.readTree(kv.value());
      return new Candidate(node.path("id").asText(), node.path("priority").asInt(), node.path("preempt").asBoolean());
    } catch (IOException | IllegalArgumentException e) {
      throw new ElectionException(ElectionException.Kind.PERMANENT, kv.key() + ": holds no failover4j candidate"
          + " (expected: JSON with id, priority, preempt; is the prefix shared with another program?)", null);
    }
  }

  private static String json(Candidate self) {
    return EtcdGateway.object().put("id", self.id()).put("priority", self.priority()).put("preempt", self.preempt())
        .toString();
  }

  private static ObjectNode txn(ObjectNode compare) {
    ObjectNode txn = EtcdGateway.object();
    ArrayNode compares = txn.putArray("compare");
    if (compare != null) {
      compares.add(compare);
    }
    txn.putArray("success");
    txn.putArray("failure");
    return txn;
  }

  private ObjectNode compareLease(long id) {
    return EtcdGateway.object().put("key", base64(leaderKey)).put("target", "LEASE").put("lease", Long.toString(id))
        .put("result", "EQUAL");
  }

  private ObjectNode putOp(String key, String value) {
    ObjectNode put = EtcdGateway.object();
    put.putObject("request_put").put("key", base64(key)).put("value", base64(value)).put("lease", Long.toString(lease));
    return put;
  }

  private static ObjectNode deleteOp(String key) {
    ObjectNode delete = EtcdGateway.object();
    delete.putObject("request_delete_range").put("key", base64(key));
    return delete;
  }

  /** The two reads every view is made of, in this order: the leader key, then the candidates. */
  private void addReads(ArrayNode ops) {
    ops.addObject().putObject("request_range").put("key", base64(leaderKey));
    ops.addObject().putObject("request_range").put("key", base64(candidatesPrefix))
        .put("range_end", base64(rangeEnd(candidatesPrefix)));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
  }

  static String text(JsonNode base64) {
    return new String(Base64.getDecoder().decode(base64.asText("")), UTF_8);
  }

  /** The end of a prefix's key range: the prefix with its last byte one higher. */
  static String rangeEnd(String prefix) {
    byte[] bytes = prefix.getBytes(UTF_8);
    byte[] end = Arrays.copyOf(bytes, bytes.length);
    end[end.length - 1]++;
    return new String(end, UTF_8);
  }

  @Override
  public String toString() {
    return "EtcdLeaseStore(" + leaderKey + ", candidate " + candidate + ", endpoints " + settings.endpoints() + ")";
  }

  /** A key as etcd returns it. */
  private record KeyValue(String key, String value, long createRevision, long lease) {
    static KeyValue of(JsonNode kv) {
      return new KeyValue(text(kv.path("key")), text(kv.path("value")), kv.path("create_revision").asLong(),
          kv.path("lease").asLong(0));
    }
  }

  /** The leader key and the candidates as one transaction read them, at its revision. */
  private record Seen(Optional<KeyValue> leader, List<KeyValue> candidates, long revision) {
    /** From a transaction whose last two responses are the reads of {@link #addReads}. */
    static Seen of(JsonNode answer) {
      JsonNode responses = answer.path("responses");
      JsonNode leaderRange = responses.path(responses.size() - 2).path("response_range").path("kvs");
      JsonNode candidateRange = responses.path(responses.size() - 1).path("response_range").path("kvs");
      Optional<KeyValue> leader = leaderRange.isEmpty() ? Optional.empty() : Optional.of(KeyValue.of(leaderRange.get(0)));
      List<KeyValue> candidates = new ArrayList<>();
      candidateRange.forEach(kv -> candidates.add(KeyValue.of(kv)));
      return new Seen(leader, candidates, answer.path("header").path("revision").asLong());
    }
  }

  /** Closing's own short call: no driver's call is left to bound it. */
  private static final class CloseCall implements ElectionCall {
    private final long deadline = System.nanoTime() + REVOKE_TIMEOUT.toNanos();

    @Override
    public Duration remaining() {
      return Duration.ofNanos(deadline - System.nanoTime());
    }

    @Override
    public boolean cancelled() {
      return deadline - System.nanoTime() <= 0;
    }

    @Override
    public void onCancel(Runnable abort) {
      // nothing cancels it but its deadline, which the request's timeout enforces
    }
  }
}

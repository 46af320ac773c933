package io.github.failover4j.election.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * One {@code coordination.k8s.io/v1} Lease as the API server returned it, kept whole so that an
 * update writes back every field this client does not know (other labels, owner references).
 * Its {@code spec} is the election's record: {@code holderIdentity}, {@code leaseDurationSeconds},
 * {@code acquireTime}, {@code renewTime}, {@code leaseTransitions}.
 *
 * @param json the object
 */
record LeaseObject(ObjectNode json) {
  /** The label that every Lease of one election carries, the main one and each candidate's. */
  static final String ELECTION_LABEL = "failover4j.io/lease";
  /** The annotation with a candidate's priority, on its own Lease and, for the holder, on the main one. */
  static final String PRIORITY = "failover4j.io/priority";
  /** The annotation with a candidate's preempt mode. */
  static final String PREEMPT = "failover4j.io/preempt";

  /** Kubernetes' MicroTime: RFC 3339 with microseconds, in UTC. */
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * A new Lease of an election, to create.
   *
   * @param namespace its namespace
   * @param name its name
   * @param election the election's (main Lease's) name, its label
   * @return the Lease, without spec
   */
  static LeaseObject create(String namespace, String name, String election) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
    ObjectNode metadata = json.putObject("metadata");
    metadata.put("name", name).put("namespace", namespace);
    metadata.putObject("labels").put(ELECTION_LABEL, election);
    json.putObject("spec");
    return new LeaseObject(json);
  }

  String name() {
    return json.path("metadata").path("name").asText("");
  }

  String resourceVersion() {
    return json.path("metadata").path("resourceVersion").asText("");
  }

  /** The holder, or empty if none (unset or empty: never held, or released). */
  Optional<String> holder() {
    return Optional.of(json.path("spec").path("holderIdentity").asText("")).filter(h -> !h.isEmpty());
  }

  /** leaseDurationSeconds, or 0 if unset. */
  long durationSeconds() {
    return json.path("spec").path("leaseDurationSeconds").asLong(0);
  }

  long transitions() {
    return json.path("spec").path("leaseTransitions").asLong(0);
  }

  Optional<String> annotation(String key) {
    return Optional.ofNullable(json.path("metadata").path("annotations").get(key)).map(JsonNode::asText);
  }

  /**
   * Tells whether the election's record is the same in both: the spec and the annotations, the
   * parts that a holder or a candidate changes when it renews or publishes.
   *
   * @param other another version of this Lease
   * @return true if nothing of the record changed
   */
  boolean sameRecord(LeaseObject other) {
    return json.path("spec").equals(other.json.path("spec"))
        && json.path("metadata").path("annotations").equals(other.json.path("metadata").path("annotations"));
  }

  /**
   * Returns a copy with a new record, for an update that keeps everything else, the
   * resourceVersion included (the API server refuses it if the Lease changed since).
   *
   * @param holder the holder, or {@code ""} to release
   * @param durationSeconds leaseDurationSeconds
   * @param acquired acquireTime, or null to keep it
   * @param renewed renewTime
   * @param transitions leaseTransitions
   * @param priority the holder's or candidate's priority
   * @param preempt its preempt mode
   * @return the copy
   */
  LeaseObject withRecord(String holder, long durationSeconds, Instant acquired, Instant renewed, long transitions,
      int priority, boolean preempt) {
    ObjectNode copy = json.deepCopy();
    ObjectNode metadata = (ObjectNode) copy.get("metadata");
    JsonNode labels = metadata.get("labels");
    (labels instanceof ObjectNode l ? l : metadata.putObject("labels")).put(ELECTION_LABEL, electionOf(copy));
    JsonNode annotations = metadata.get("annotations");
    (annotations instanceof ObjectNode a ? a : metadata.putObject("annotations"))
        .put(PRIORITY, Integer.toString(priority)).put(PREEMPT, Boolean.toString(preempt));
    JsonNode spec = copy.get("spec");
    ObjectNode s = spec instanceof ObjectNode o ? o : copy.putObject("spec");
    s.put("holderIdentity", holder).put("leaseDurationSeconds", durationSeconds).put("leaseTransitions", transitions)
        .put("renewTime", MICRO_TIME.format(renewed));
    if (acquired != null) {
      s.put("acquireTime", MICRO_TIME.format(acquired));
    }
    return new LeaseObject(copy);
  }

  private static String electionOf(ObjectNode json) {
    JsonNode label = json.path("metadata").path("labels").get(ELECTION_LABEL);
    return label != null ? label.asText() : json.path("metadata").path("name").asText();
  }
}

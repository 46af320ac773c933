package io.github.failover4j;

/** What a failover group is doing for its virtual addresses. */
public enum Role {
  /** Not started, or closed; or started and waiting for the first result of a check it needs. */
  INITIALIZE,
  /** Ready to take over; does not hold the addresses. */
  BACKUP,
  /** Holds the addresses and advertises. */
  MASTER,
  /** Cannot take part (its interface is down, a check it needs fails); does not hold the addresses. */
  FAULT
}

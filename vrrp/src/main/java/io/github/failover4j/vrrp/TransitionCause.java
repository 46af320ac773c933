package io.github.failover4j.vrrp;

/** Why a virtual router changed state. Each cause allows only certain transitions. */
public enum TransitionCause {
  /** Started: to MASTER at once as the address owner (priority 255), else to BACKUP. */
  STARTUP,
  /** No advertisement for Master_Down_Interval: the master is gone. */
  MASTER_DOWN,
  /** The master sent priority 0 (graceful release); took over after Skew_Time. */
  MASTER_RELEASED,
  /** Ignored a lower-priority master's advertisements (preempt mode) until its down timer fired. */
  PREEMPTION,
  /** As MASTER, heard a higher priority (or an equal one from a higher address). */
  HIGHER_PRIORITY,
  /** Took over at once on the caller's decision (e.g. a sync group's other member became MASTER). */
  TAKEOVER,
  /** Stepped down on the caller's decision, after a priority-0 advertisement. */
  YIELD,
  /** The caller reported a fault, e.g. the interface went down. */
  FAULT,
  /** The fault cleared: started again. */
  RECOVERED,
  /** Shut down by the caller; a MASTER first sent priority 0. */
  SHUTDOWN
}

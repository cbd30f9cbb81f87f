package io.serveplan.scheduler;

/** Order of the waiting queue and choice of preemption victims. */
public enum QueueOrder {
  /** First come, first served; the latest-arrived running request is preempted first. */
  FCFS,
  /** Lower priority value first, then arrival; the lowest-priority running request is preempted first. */
  PRIORITY
}

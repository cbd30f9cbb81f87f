package io.serveplan.scheduler;

/** Lifecycle of a request. */
public enum RequestStatus {
  WAITING,
  RUNNING,
  PREEMPTED,
  FINISHED
}

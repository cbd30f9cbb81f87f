package io.serveplan.simulator.event;

/**
 * The kinds of event a simulation's clock delivers, each with the priority that orders events of
 * one instant: a step that ends (0) before an arrival (1) before a replica's scheduling (2), so a
 * request arriving exactly when a step ends joins the next step, as in an engine whose scheduler
 * runs between steps. The payload of each kind is an index: of a replica, or of a request.
 *
 * <p>A kind, not an object per event: the queue keeps events in primitive arrays, so the loop that
 * delivers millions of them allocates nothing.
 */
public enum Event {
  /** A replica's step (or fast decode run) ended; payload: the replica. */
  STEP_DONE(0),
  /** A request reaches the cluster (open-loop, trace, or a closed-loop client's next); payload: the request. */
  ARRIVAL(1),
  /** An idle replica with new work schedules its next step; payload: the replica. */
  SCHEDULE(2),
  /** The static policy's batch timeout lets an idle replica schedule a partial batch; payload: the replica. */
  BATCH_TIMEOUT(2);

  private static final Event[] KINDS = values();

  private final int priority;

  Event(int priority) {
    this.priority = priority;
  }

  /** Lower runs first among events of one instant. */
  public int priority() {
    return priority;
  }

  static Event ofOrdinal(int ordinal) {
    return KINDS[ordinal];
  }
}

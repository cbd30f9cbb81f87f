package io.serveplan.scheduler;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Queue;

/** Requests waiting for admission: FCFS (preempted ones go back to the front) or by priority. */
final class WaitingQueue {

  private static final Comparator<Request> BY_PRIORITY =
      Comparator.comparingInt(Request::priority)
          .thenComparingLong(Request::arrivalTimeNs)
          .thenComparingLong(Request::requestId);

  private final ArrayDeque<Request> fifo;
  private final PriorityQueue<Request> byPriority;

  WaitingQueue(QueueOrder order) {
    if (order == QueueOrder.PRIORITY) {
      byPriority = new PriorityQueue<>(BY_PRIORITY);
      fifo = null;
    } else {
      fifo = new ArrayDeque<>();
      byPriority = null;
    }
  }

  private Queue<Request> q() {
    return fifo != null ? fifo : byPriority;
  }

  void add(Request r) {
    q().add(r);
  }

  /** Puts a preempted request back: at the front under FCFS, by its priority otherwise. */
  void addPreempted(Request r) {
    if (fifo != null) {
      fifo.addFirst(r);
    } else {
      byPriority.add(r);
    }
  }

  Request peek() {
    return q().peek();
  }

  Request poll() {
    return q().poll();
  }

  boolean isEmpty() {
    return q().isEmpty();
  }

  int size() {
    return q().size();
  }

  /** Earliest arrival among waiting requests, or Long.MAX_VALUE. */
  long oldestArrivalNs() {
    long t = Long.MAX_VALUE;
    for (Request r : q()) {
      t = Math.min(t, r.arrivalTimeNs());
    }
    return t;
  }

  Iterable<Request> all() {
    return q();
  }
}

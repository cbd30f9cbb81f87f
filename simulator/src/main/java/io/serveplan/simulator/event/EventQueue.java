package io.serveplan.simulator.event;

import java.util.Arrays;

/**
 * The pending events of one simulation, ordered by (time, priority, sequence): earlier first, then
 * lower priority number, then insertion order — so equal times resolve the same way on every run.
 * An event is a type ({@link Event}, or a caller's own int code) and an integer payload (a replica
 * or request index); storage is a binary heap
 * over primitive arrays, so pushing and popping do not allocate once the arrays have grown.
 * The owner of the queue owns the clock: {@link #nowNs()} is the time of the last popped event and
 * never decreases. Not thread-safe.
 */
public final class EventQueue {

  private long[] time = new long[64];
  private long[] order = new long[64]; // priority << 48 | sequence
  private int[] type = new int[64];
  private int[] payload = new int[64];
  private int size;
  private long sequence;
  private long nowNs;

  // the last popped event
  private int poppedType;
  private int poppedPayload;

  /**
   * {@code nowNs + dtNs}, the time a step that starts now ends. The clock never wraps around: a
   * step that is negative or would carry simulated time past {@code Long.MAX_VALUE} ns (292 years)
   * fails with a message saying so.
   */
  public static long later(long nowNs, long dtNs) {
    if (dtNs < 0 || nowNs > Long.MAX_VALUE - dtNs) {
      throw new IllegalStateException(String.format(java.util.Locale.ROOT,
          "simulated time overflows: a step of %.3g s at %.3g s passes the clock's limit of 292 years; "
              + "the timing inputs (efficiencies, overheads, bandwidths) are outside any physical range",
          dtNs / 1e9, nowNs / 1e9));
    }
    return nowNs + dtNs;
  }

  /** Pushes an event of kind {@code event}, at its priority, with {@code payload}. */
  public void push(long timeNs, Event event, int payload) {
    push(timeNs, event.priority(), event.ordinal(), payload);
  }

  public void push(long timeNs, int priority, int eventType, int eventPayload) {
    if (timeNs < nowNs) {
      throw new IllegalStateException("event at " + timeNs + " ns is before the clock (" + nowNs + " ns)");
    }
    if (priority < 0 || priority > 0x7FFF) {
      throw new IllegalArgumentException("priority must be in [0, 32767], got " + priority);
    }
    if (size == time.length) {
      int cap = size * 2;
      time = Arrays.copyOf(time, cap);
      order = Arrays.copyOf(order, cap);
      type = Arrays.copyOf(type, cap);
      payload = Arrays.copyOf(payload, cap);
    }
    int i = size++;
    long ord = ((long) priority << 48) | (sequence++ & 0xFFFF_FFFF_FFFFL);
    // sift up
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!less(timeNs, ord, time[parent], order[parent])) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    set(i, timeNs, ord, eventType, eventPayload);
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public int size() {
    return size;
  }

  /** Time of the next event, or {@link Long#MAX_VALUE} when none is pending. */
  public long peekTimeNs() {
    return size == 0 ? Long.MAX_VALUE : time[0];
  }

  /** Removes the next event, advances the clock to it; read it with {@link #type()} and {@link #payload()}. */
  public void pop() {
    if (size == 0) {
      throw new IllegalStateException("no pending event");
    }
    nowNs = time[0];
    poppedType = type[0];
    poppedPayload = payload[0];
    size--;
    if (size > 0) {
      long t = time[size];
      long o = order[size];
      int ty = type[size];
      int p = payload[size];
      int i = 0;
      // sift down
      while (true) {
        int l = 2 * i + 1;
        if (l >= size) {
          break;
        }
        int r = l + 1;
        int m = r < size && less(time[r], order[r], time[l], order[l]) ? r : l;
        if (!less(time[m], order[m], t, o)) {
          break;
        }
        move(m, i);
        i = m;
      }
      set(i, t, o, ty, p);
    }
  }

  public int type() {
    return poppedType;
  }

  /** The kind of the last popped event, when it was pushed as an {@link Event}. */
  public Event event() {
    return Event.ofOrdinal(poppedType);
  }

  public int payload() {
    return poppedPayload;
  }

  /** The simulated time: that of the last popped event (ns). */
  public long nowNs() {
    return nowNs;
  }

  private static boolean less(long t1, long o1, long t2, long o2) {
    return t1 < t2 || (t1 == t2 && o1 < o2);
  }

  private void move(int from, int to) {
    time[to] = time[from];
    order[to] = order[from];
    type[to] = type[from];
    payload[to] = payload[from];
  }

  private void set(int i, long t, long o, int ty, int p) {
    time[i] = t;
    order[i] = o;
    type[i] = ty;
    payload[i] = p;
  }
}

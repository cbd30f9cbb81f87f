package io.serveplan.executor.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * How the engine measures time.
 *
 * <ul>
 *   <li>{@link #WALL}: the wall clock. Arrivals are paced in real time and every latency is what a
 *       client would see — including the time slices other tenants of a shared machine take.
 *   <li>{@link #THREAD_CPU}: a virtual clock advanced, step by step, by the CPU time the engine
 *       thread spent on the step (scheduling, batch building, forward pass, update). The engine
 *       thread computes its own share of every parallel kernel and sleeps while waiting for the
 *       others, so on a balanced split this approximates the step's wall time on an idle machine.
 *       Arrivals are replayed on the virtual clock (idle time is skipped, not slept). Use it when
 *       the machine is shared: the computation is the same, only time slices lost to other
 *       processes are not counted.
 * </ul>
 */
public enum EngineClock {
  WALL("wall"),
  THREAD_CPU("cpu");

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final String id;

  EngineClock(String id) {
    this.id = id;
  }

  /** {@code wall} or {@code cpu}, as the CLI spells it. */
  public String id() {
    return id;
  }

  public static EngineClock parse(String field, String value) {
    for (EngineClock c : values()) {
      if (c.id.equals(value)) {
        return c;
      }
    }
    throw new IllegalArgumentException(field + ": unknown clock '" + value + "'; allowed: wall, cpu");
  }

  /** The calling thread's CPU time, ns. */
  static long threadCpuNs() {
    return THREADS.getCurrentThreadCpuTime();
  }

  /** Reads this clock: wall nanoseconds, or the calling thread's CPU nanoseconds. */
  public long read() {
    return this == WALL ? System.nanoTime() : threadCpuNs();
  }
}

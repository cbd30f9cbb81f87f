package io.serveplan.executor.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A small fixed pool that splits a range of work items across its threads: the caller runs the
 * first share itself, so a pool of n threads keeps n - 1 daemon workers.
 *
 * <p>Workers wait for the next call by spinning ({@link Thread#onSpinWait}) for up to
 * {@code spinNs}, then park. A forward pass makes about a hundred calls, each a few hundred
 * microseconds apart: spinning hands each one to the workers in well under a microsecond, where
 * waking a parked thread costs tens of microseconds on a virtual machine. It is also what keeps a
 * core out of its idle state between requests (see {@code engine.Engine}'s idle policy). Not
 * reentrant: one {@link #forRange} at a time (the backend's contract is one calling thread).
 */
final class WorkerPool implements AutoCloseable {

  /** Body of a parallel loop over [from, to); worker is in [0, threads) and indexes scratch space. */
  interface RangeBody {
    void run(int from, int to, int worker);
  }

  /** How long an idle worker spins before it parks, by default. */
  static final long DEFAULT_SPIN_NS = 2_000_000L;

  private final int threads;
  private final Thread[] workers;
  private volatile long spinNs;

  // the current call, published by the volatile write of generation
  private RangeBody body;
  private int n;
  private int grain;
  private int parts;
  private volatile long generation;
  private final AtomicInteger remaining = new AtomicInteger();
  private volatile Throwable failure;
  private volatile boolean closed;
  /** 1 while worker i is parked (or about to park): forRange unparks only those. */
  private final AtomicIntegerArray parked;

  WorkerPool(int threads) {
    this(threads, DEFAULT_SPIN_NS);
  }

  WorkerPool(int threads, long spinNs) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    this.threads = threads;
    this.spinNs = spinNs;
    this.parked = new AtomicIntegerArray(threads);
    this.workers = new Thread[threads - 1];
    for (int w = 0; w < workers.length; w++) {
      int index = w + 1;
      Thread t = new Thread(() -> workLoop(index), "serveplan-cpu-worker-" + index);
      t.setDaemon(true);
      workers[w] = t;
      t.start();
    }
  }

  int threads() {
    return threads;
  }

  /** Changes how long idle workers spin before parking (0: park at once). */
  void spinNs(long ns) {
    this.spinNs = Math.max(0, ns);
  }

  long spinNs() {
    return spinNs;
  }

  /**
   * Runs body over [0, n) split into at most {@code threads} contiguous ranges whose boundaries
   * are multiples of grain (except the last), and returns when all have finished.
   */
  void forRange(int n, int grain, RangeBody body) {
    int numGrains = (n + grain - 1) / grain;
    int parts = Math.min(threads, numGrains);
    if (parts <= 1) {
      body.run(0, n, 0);
      return;
    }
    this.body = body;
    this.n = n;
    this.grain = grain;
    this.parts = parts;
    this.failure = null;
    remaining.set(workers.length);
    generation = generation + 1; // volatile write: publishes the fields above
    for (int w = 0; w < workers.length; w++) {
      if (parked.get(w + 1) != 0) {
        LockSupport.unpark(workers[w]);
      }
    }
    Throwable own = null;
    try {
      runShare(0);
    } catch (Throwable t) {
      own = t;
    }
    while (remaining.get() != 0) {
      Thread.onSpinWait();
    }
    this.body = null;
    if (own != null) {
      rethrow(own);
    }
    if (failure != null) {
      throw new IllegalStateException("a CPU worker failed: " + failure, failure);
    }
  }

  private void runShare(int p) {
    if (p >= parts) {
      return;
    }
    int numGrains = (n + grain - 1) / grain;
    int from = Math.min(n, (int) ((long) numGrains * p / parts) * grain);
    int to = Math.min(n, (int) ((long) numGrains * (p + 1) / parts) * grain);
    body.run(from, to, p);
  }

  private void workLoop(int index) {
    long seen = 0;
    while (true) {
      long spinStart = System.nanoTime();
      long g;
      while ((g = generation) == seen) {
        if (closed) {
          return;
        }
        if (System.nanoTime() - spinStart < spinNs) {
          Thread.onSpinWait();
          continue;
        }
        parked.set(index, 1);
        if (generation == seen && !closed) {
          LockSupport.park(this);
        }
        parked.set(index, 0);
        spinStart = System.nanoTime();
      }
      seen = g;
      try {
        runShare(index);
      } catch (Throwable t) {
        failure = t;
      } finally {
        remaining.decrementAndGet();
      }
    }
  }

  private static void rethrow(Throwable t) {
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }

  @Override
  public void close() {
    closed = true;
    for (Thread t : workers) {
      LockSupport.unpark(t);
    }
  }
}

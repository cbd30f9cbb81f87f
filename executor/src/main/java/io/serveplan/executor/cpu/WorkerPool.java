package io.serveplan.executor.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A small fixed pool that splits a range of work items across its threads: the caller works too,
 * so a pool of n threads keeps n - 1 daemon workers. The range is cut into up to
 * {@value #CHUNKS_PER_THREAD} contiguous chunks per thread, which the threads claim in order from
 * a shared counter until none is left.
 *
 * <p>NOTE: claiming instead of a fixed share per thread, because the cores of a shared virtual
 * machine do not run at one speed. On the 2-vCPU development VM (2026-12-01) an AVX2 FMA loop
 * pinned to each vCPU ran at about 19 GFLOP/s or about 10 GFLOP/s, each vCPU switching between the
 * two every few seconds independently of the other (a neighbour on the host's other hyperthread),
 * and streaming reads per vCPU ranged 6.5–9 GB/s. With fixed halves every operator waited for the
 * slower core; with claimed chunks the faster core takes the larger share.
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

  /** Chunks per thread that a range is cut into at most (never smaller than one grain). */
  static final int CHUNKS_PER_THREAD = 8;

  /** How long an idle worker spins before it parks, by default. */
  static final long DEFAULT_SPIN_NS = 2_000_000L;

  private final int threads;
  private final Thread[] workers;
  private volatile long spinNs;

  // the current call, published by the volatile write of generation
  private RangeBody body;
  private int n;
  private int grain;
  private int chunks;
  private final AtomicInteger nextChunk = new AtomicInteger();
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
   * Runs body over [0, n) split into contiguous chunks whose boundaries are multiples of grain
   * (except the last), each run once by whichever thread claims it, and returns when all have
   * finished. A thread's calls of body see its own worker index, whatever chunks it claims.
   */
  void forRange(int n, int grain, RangeBody body) {
    int numGrains = (n + grain - 1) / grain;
    if (threads == 1 || numGrains <= 1) {
      body.run(0, n, 0);
      return;
    }
    this.body = body;
    this.n = n;
    this.grain = grain;
    this.chunks = Math.min(numGrains, threads * CHUNKS_PER_THREAD);
    this.failure = null;
    nextChunk.set(0);
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

  /** Claims and runs chunks until none is left. */
  private void runShare(int worker) {
    int numGrains = (n + grain - 1) / grain;
    int c;
    while ((c = nextChunk.getAndIncrement()) < chunks) {
      int from = Math.min(n, (int) ((long) numGrains * c / chunks) * grain);
      int to = Math.min(n, (int) ((long) numGrains * (c + 1) / chunks) * grain);
      body.run(from, to, worker);
    }
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

package io.serveplan.executor.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A small fixed pool that splits a range of work items across its threads: the caller runs the
 * first share itself, so a pool of n threads keeps n - 1 daemon workers. Not reentrant: one
 * {@link #forRange} at a time (the backend's contract is one calling thread).
 */
final class WorkerPool implements AutoCloseable {

  /** Body of a parallel loop over [from, to); worker is in [0, threads) and indexes scratch space. */
  interface RangeBody {
    void run(int from, int to, int worker);
  }

  private final int threads;
  private final ExecutorService workers;
  private final List<Future<?>> pending = new ArrayList<>();

  WorkerPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    this.threads = threads;
    this.workers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
      Thread t = new Thread(r, "serveplan-cpu-worker");
      t.setDaemon(true);
      return t;
    });
  }

  int threads() {
    return threads;
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
    pending.clear();
    for (int p = 1; p < parts; p++) {
      int from = Math.min(n, (int) ((long) numGrains * p / parts) * grain);
      int to = Math.min(n, (int) ((long) numGrains * (p + 1) / parts) * grain);
      int worker = p;
      pending.add(workers.submit(() -> body.run(from, to, worker)));
    }
    body.run(0, Math.min(n, (numGrains / parts) * grain), 0);
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for CPU workers", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a CPU worker failed: " + e.getCause(), e.getCause());
      }
    }
  }

  @Override
  public void close() {
    if (workers != null) {
      workers.shutdownNow();
    }
  }
}

package io.serveplan.web.run;

import java.util.concurrent.Semaphore;

/**
 * The memory that runs executing at once may hold together, by their {@link RunMemoryEstimate}s.
 * A worker takes a run's share before it starts and gives it back when the run ends, so a few
 * large runs wait for each other instead of exhausting the heap together. Counted in KiB.
 */
public final class MemoryBudget {

  private final long bytes;
  private final Semaphore kib;

  public MemoryBudget(long bytes) {
    this.bytes = bytes;
    this.kib = new Semaphore((int) Math.min(Integer.MAX_VALUE, bytes / 1024));
  }

  public long bytes() {
    return bytes;
  }

  /** Waits for {@code estimate} bytes (at most the whole budget); returns what it took, to {@link #release}. */
  int acquire(long estimate) throws InterruptedException {
    int permits = (int) Math.max(1, Math.min(Math.min(Integer.MAX_VALUE, bytes / 1024), estimate / 1024));
    kib.acquire(permits);
    return permits;
  }

  void release(int permits) {
    kib.release(permits);
  }

  /** Free now, in bytes (for metrics). */
  long available() {
    return kib.availablePermits() * 1024L;
  }
}

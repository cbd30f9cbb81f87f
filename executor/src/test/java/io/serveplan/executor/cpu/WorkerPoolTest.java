package io.serveplan.executor.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pool covers every item exactly once per call, whether its workers spin or park between calls,
 * and a slower thread ends up with less of the work.
 */
class WorkerPoolTest {

  @ParameterizedTest
  @ValueSource(longs = {0L, 50_000L, Long.MAX_VALUE})
  void everyItemRunsExactlyOnceInEveryCall(long spinNs) throws InterruptedException {
    try (WorkerPool pool = new WorkerPool(3, spinNs)) {
      for (int call = 0; call < 500; call++) {
        int n = 1 + call % 97;
        int grain = 1 + call % 5;
        AtomicIntegerArray hits = new AtomicIntegerArray(n);
        pool.forRange(n, grain, (from, to, worker) -> {
          assertThat(worker).isBetween(0, 2);
          for (int i = from; i < to; i++) {
            hits.incrementAndGet(i);
          }
        });
        for (int i = 0; i < n; i++) {
          assertThat(hits.get(i)).as("call %d item %d", call, i).isEqualTo(1);
        }
        if (call % 100 == 99) {
          Thread.sleep(2); // long enough for a worker with a short spin to park
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 5, 9})
  void aFailureInAnyChunkReachesTheCallerAndThePoolStaysUsable(int failingItem) {
    try (WorkerPool pool = new WorkerPool(2, 0)) {
      assertThatThrownBy(() -> pool.forRange(10, 1, (from, to, worker) -> {
        if (from <= failingItem && failingItem < to) {
          throw new IllegalArgumentException("boom at item " + failingItem);
        }
      })).hasMessageContaining("boom at item " + failingItem);
      AtomicIntegerArray hits = new AtomicIntegerArray(10);
      pool.forRange(10, 1, (from, to, worker) -> {
        for (int i = from; i < to; i++) {
          hits.incrementAndGet(i);
        }
      });
      for (int i = 0; i < 10; i++) {
        assertThat(hits.get(i)).isEqualTo(1);
      }
    }
  }

  @Test
  void aSlowerThreadClaimsFewerChunks() {
    try (WorkerPool pool = new WorkerPool(2, Long.MAX_VALUE)) {
      int n = 64;
      AtomicIntegerArray byWorker = new AtomicIntegerArray(2);
      pool.forRange(n, 1, (from, to, worker) -> {
        if (worker == 1) {
          LockSupport.parkNanos(5_000_000L); // a core at a fraction of the other's speed
        }
        byWorker.addAndGet(worker, to - from);
      });
      assertThat(byWorker.get(0) + byWorker.get(1)).isEqualTo(n);
      // fixed halves would give each thread 32 items
      assertThat(byWorker.get(0)).isGreaterThan(n / 2);
    }
  }
}

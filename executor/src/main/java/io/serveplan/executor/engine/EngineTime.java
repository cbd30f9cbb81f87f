package io.serveplan.executor.engine;

import io.serveplan.executor.IdlePolicy;
import java.util.concurrent.locks.LockSupport;

/**
 * The clock of one {@link Engine} run ({@link EngineClock}): on the wall clock, times are ns since
 * the run started and idle time is slept; on the thread-CPU clock, a virtual time advances by each
 * step's CPU time and idle time is skipped. Also times each step and makes its {@link StepRecord}.
 */
final class EngineTime {

  private final boolean wall;
  private final IdlePolicy idle;
  private final long start = System.nanoTime();
  private long virtualNs;
  private long stepStart;
  private long stepCpuStart;

  EngineTime(EngineClock clock, IdlePolicy idle) {
    this.wall = clock == EngineClock.WALL;
    this.idle = idle;
  }

  /** Wall ns since the run started (what the wall-time limit bounds, on either clock). */
  long elapsedNs() {
    return System.nanoTime() - start;
  }

  /** The run's time now. */
  long now() {
    return wall ? elapsedNs() : virtualNs;
  }

  /** Nothing to run: waits (wall) or skips (virtual) to the next arrival. */
  void idleUntil(long arrivalNs) {
    if (wall) {
      sleepUntil(start + arrivalNs);
    } else {
      virtualNs = Math.max(virtualNs, arrivalNs);
    }
  }

  /** Scheduled nothing while a request is still to arrive: waits for it, on the wall clock 1 ms at most. */
  void waitBriefly(long arrivalNs) {
    if (wall) {
      sleepUntil(Math.min(start + arrivalNs, System.nanoTime() + 1_000_000));
    } else {
      virtualNs = Math.max(virtualNs, arrivalNs);
    }
  }

  void stepStarts() {
    stepStart = System.nanoTime();
    stepCpuStart = EngineClock.threadCpuNs();
  }

  /** When the step's tokens exist on the run's clock: the forward pass's end, or the CPU time so far. */
  long tokenTime(StepExecutor.Executed step) {
    return wall ? step.forwardEndNanoTime() - start : virtualNs + (EngineClock.threadCpuNs() - stepCpuStart);
  }

  /** The step's record, now that it is done; the virtual clock moves past the step. */
  StepRecord stepDone(StepExecutor.Executed step) {
    long stepCpuNs = EngineClock.threadCpuNs() - stepCpuStart;
    StepRecord record = new StepRecord(wall ? stepStart - start : virtualNs, step.prefillTokens(),
        step.prefillContext(), step.prefillProduces(), step.decodeContext(),
        step.forwardEndNanoTime() - step.forwardStartNanoTime(), wall ? System.nanoTime() - stepStart : stepCpuNs,
        step.operatorNs());
    virtualNs += stepCpuNs;
    return record;
  }

  private void sleepUntil(long deadlineNanoTime) {
    if (idle == IdlePolicy.SPIN) {
      while (System.nanoTime() < deadlineNanoTime) {
        Thread.onSpinWait();
      }
      return;
    }
    long wait = deadlineNanoTime - System.nanoTime();
    if (wait > 0) {
      LockSupport.parkNanos(wait);
    }
  }
}

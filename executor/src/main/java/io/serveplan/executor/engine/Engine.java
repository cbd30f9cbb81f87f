package io.serveplan.executor.engine;

import io.serveplan.executor.ExecutorException;
import io.serveplan.executor.IdlePolicy;
import io.serveplan.executor.model.LlamaModel;
import io.serveplan.scheduler.Request;
import io.serveplan.scheduler.Scheduler;
import io.serveplan.scheduler.SchedulerConfig;
import io.serveplan.scheduler.StepPlan;
import io.serveplan.scheduler.StepResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The real serving loop: the shared {@link Scheduler} decides each step, a {@link LlamaModel}
 * computes it as one batched forward pass (prefill chunks and decode tokens together) on the KV
 * blocks the scheduler's block manager handed out, greedy sampling picks each next token, and
 * every request generates exactly its {@code numOutputTokens}. Requests arrive on the wall clock
 * (or all at once), or from closed-loop clients; every step and every token is timed.
 *
 * <pre>
 *   loop:  admit arrivals ─► schedule(now) ─► build batch ─► forward ─► update(plan, sampled)
 *                 ▲                                                         │
 *                 └──────────── record step, token times, finishes ◄────────┘
 * </pre>
 *
 * Not thread-safe; one run at a time.
 */
public final class Engine {

  private final LlamaModel model;
  private final SchedulerConfig config;
  private final IdlePolicy idle;

  /**
   * @param config the scheduler configuration; its numGpuBlocks and blockSize must match the
   *     model's KV cache
   */
  public Engine(LlamaModel model, SchedulerConfig config) {
    this(model, config, IdlePolicy.SLEEP);
  }

  /**
   * @param idle how the engine (and, for the length of each run, the backend's threads) wait for
   *     work
   */
  public Engine(LlamaModel model, SchedulerConfig config, IdlePolicy idle) {
    if (config.numGpuBlocks() != model.kvCache().numBlocks() || config.blockSize() != model.kvCache().blockSize()) {
      throw new IllegalArgumentException("scheduler has " + config.numGpuBlocks() + " blocks of " + config.blockSize()
          + " tokens but the model's KV cache has " + model.kvCache().numBlocks() + " of " + model.kvCache().blockSize());
    }
    this.model = model;
    this.config = config;
    this.idle = idle;
  }

  /**
   * Serves {@code requests}, each arriving at its {@code arrivalNs} after the start (sleeping
   * while idle), until all have finished.
   *
   * @param maxWallNs the run is abandoned with an {@link ExecutorException} past this wall time
   */
  public EngineRun run(List<EngineRequest> requests, long maxWallNs) {
    return run(requests, maxWallNs, EngineClock.WALL);
  }

  /**
   * Serves {@code requests} with time measured by {@code clock}: on {@link EngineClock#WALL}
   * arrivals are paced on the wall clock; on {@link EngineClock#THREAD_CPU} on a virtual clock
   * advanced by each step's CPU time. Either way {@code maxWallNs} bounds the real duration.
   */
  public EngineRun run(List<EngineRequest> requests, long maxWallNs, EngineClock clock) {
    return run(requests, 0, maxWallNs, clock);
  }

  /**
   * Serves {@code requests} open-loop ({@code concurrency} 0: each at its {@code arrivalNs}) or
   * closed-loop: {@code concurrency} clients, as benchmark tools run them (vLLM's {@code bench
   * serve --max-concurrency}, the simulator's {@code arrival: concurrency}). The first
   * {@code concurrency} requests arrive at 0; each later one, in list order, arrives when a
   * client's previous request has produced its last token, and joins the next step. Its
   * {@link RequestRecord#arrivalNs()} is that time; the given {@code arrivalNs} are ignored.
   */
  public EngineRun run(List<EngineRequest> requests, int concurrency, long maxWallNs, EngineClock clock) {
    if (concurrency < 0) {
      throw new IllegalArgumentException("concurrency: " + concurrency + " must be >= 0 (0 = open loop)");
    }
    model.backend().idlePolicy(idle);
    try {
      return serve(requests, concurrency, maxWallNs, clock);
    } finally {
      model.backend().idlePolicy(IdlePolicy.SLEEP);
    }
  }

  private EngineRun serve(List<EngineRequest> requests, int concurrency, long maxWallNs, EngineClock clock) {
    boolean wall = clock == EngineClock.WALL;
    long virtualNs = 0;
    Scheduler scheduler = new Scheduler(config);
    // pending: the requests whose arrival time is known, in arrival order; a closed loop appends
    // to it as clients finish (at the current time, so the order holds)
    List<EngineRequest> pending = new ArrayList<>();
    ArrayDeque<EngineRequest> clientQueue = new ArrayDeque<>();
    if (concurrency > 0) {
      int first = Math.min(concurrency, requests.size());
      for (int i = 0; i < requests.size(); i++) {
        EngineRequest r = requests.get(i);
        if (i < first) {
          pending.add(arrivingAt(r, 0));
        } else {
          clientQueue.add(r);
        }
      }
    } else {
      pending.addAll(requests);
      pending.sort(Comparator.comparingLong(EngineRequest::arrivalNs));
    }
    Map<Long, Sequence> sequences = new HashMap<>();
    List<RequestRecord> finishedRecords = new ArrayList<>();
    List<StepRecord> steps = new ArrayList<>();
    StepExecutor executor = new StepExecutor(model, config.blockSize(), config.maxNumSeqs());
    int next = 0;
    long start = System.nanoTime();

    while (next < pending.size() || scheduler.hasUnfinishedRequests()) {
      long realNow = System.nanoTime() - start;
      long now = wall ? realNow : virtualNs;
      if (realNow > maxWallNs) {
        throw new ExecutorException("engine run exceeded its wall-time limit of " + maxWallNs / 1_000_000_000
            + " s with " + (pending.size() - next) + " requests not yet arrived and "
            + (scheduler.numRunning() + scheduler.numWaiting()) + " unfinished; shorten the workload");
      }
      // admit every request that has arrived by now
      while (next < pending.size() && pending.get(next).arrivalNs() <= now) {
        EngineRequest r = pending.get(next++);
        Request req = new Request(r.requestId(), r.promptTokenIds(), r.numOutputTokens(), r.arrivalNs(), 0, 0L);
        sequences.put(r.requestId(), new Sequence(r.requestId(), r.promptTokenIds(), r.numOutputTokens(), r.arrivalNs()));
        scheduler.addRequest(req);
      }
      if (!scheduler.hasUnfinishedRequests()) {
        if (wall) {
          sleepUntil(start + pending.get(next).arrivalNs());
        } else {
          virtualNs = Math.max(virtualNs, pending.get(next).arrivalNs());
        }
        continue;
      }
      long stepStart = System.nanoTime();
      long stepCpuStart = EngineClock.threadCpuNs();
      StepPlan plan = scheduler.schedule(now);
      if (plan.totalNumScheduledTokens() == 0) {
        if (next < pending.size()) {
          if (wall) {
            sleepUntil(Math.min(start + pending.get(next).arrivalNs(), System.nanoTime() + 1_000_000));
          } else {
            virtualNs = Math.max(virtualNs, pending.get(next).arrivalNs());
          }
          continue;
        }
        throw new ExecutorException("scheduler scheduled nothing with " + scheduler.numWaiting()
            + " waiting and " + scheduler.numRunning() + " running requests and no arrival to come; "
            + "the KV cache (" + config.numGpuBlocks() + " blocks) may be too small for one request");
      }

      StepExecutor.Executed step = executor.execute(plan, sequences);
      long tokenTime = wall ? step.forwardEndNanoTime() - start
          : virtualNs + (EngineClock.threadCpuNs() - stepCpuStart);
      StepResult result = step.result();
      for (int r = 0; r < result.size(); r++) {
        for (int j = 0; j < result.numAcceptedTokens(r); j++) {
          sequences.get(result.requestIds()[r]).append(result.acceptedTokenId(r, j), tokenTime);
        }
      }
      for (Request done : scheduler.update(plan, result)) {
        Sequence seq = sequences.remove(done.requestId());
        if (seq.numOutput != seq.numOutputTokens) {
          throw new IllegalStateException("request " + done.requestId() + " finished with " + seq.numOutput
              + " of " + seq.numOutputTokens + " output tokens");
        }
        finishedRecords.add(new RequestRecord(done.requestId(), seq.numPromptTokens, seq.numOutput, seq.arrivalNs,
            seq.tokenTimesNs, done.numCachedPromptTokens(), done.numPreemptions()));
        if (!clientQueue.isEmpty()) {
          // the client whose request just ended sends its next one now
          pending.add(arrivingAt(clientQueue.poll(), tokenTime));
        }
      }
      long stepCpuNs = EngineClock.threadCpuNs() - stepCpuStart;
      steps.add(new StepRecord(wall ? stepStart - start : virtualNs, step.prefillTokens(), step.prefillContext(),
          step.prefillProduces(), step.decodeContext(), step.forwardEndNanoTime() - step.forwardStartNanoTime(),
          wall ? System.nanoTime() - stepStart : stepCpuNs, step.operatorNs()));
      virtualNs += stepCpuNs;
    }
    finishedRecords.sort(Comparator.comparingLong(RequestRecord::requestId));
    return new EngineRun(steps, finishedRecords, System.nanoTime() - start, model.backend().deviceName());
  }

  private static EngineRequest arrivingAt(EngineRequest r, long arrivalNs) {
    return r.arrivalNs() == arrivalNs ? r : new EngineRequest(r.requestId(), r.promptTokenIds(), r.numOutputTokens(), arrivalNs);
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

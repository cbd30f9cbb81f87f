package io.serveplan.executor.engine;

import io.serveplan.executor.ExecutorException;
import io.serveplan.executor.IdlePolicy;
import io.serveplan.executor.model.LlamaModel;
import io.serveplan.scheduler.Request;
import io.serveplan.scheduler.Scheduler;
import io.serveplan.scheduler.SchedulerConfig;
import io.serveplan.scheduler.StepPlan;
import io.serveplan.simulator.client.ClientDriver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real serving loop: the shared {@link Scheduler} decides each step, a {@link LlamaModel}
 * computes it as one batched forward pass (prefill chunks and decode tokens together) on the KV
 * blocks the scheduler's block manager handed out, greedy sampling picks each next token, and
 * every request generates exactly its {@code numOutputTokens}. Requests arrive on the wall clock
 * (or all at once), or from closed-loop clients, driven by the simulator's
 * {@link ClientDriver} (so a request longer than the KV pool or the context is refused by the
 * simulator's rule); the plan is read by the simulator's plan translation ({@link StepExecutor});
 * every step and every token is timed.
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
    Scheduler scheduler = new Scheduler(config);
    EngineClients clients = new EngineClients(requests, concurrency, scheduler, maxModelLen());
    Map<Long, Sequence> sequences = new HashMap<>();
    List<RequestRecord> finished = new ArrayList<>();
    List<StepRecord> steps = new ArrayList<>();
    StepExecutor executor = new StepExecutor(model, config.blockSize(), config.maxNumSeqs());
    EngineTime time = new EngineTime(clock, idle);
    while (clients.hasPending() || scheduler.hasUnfinishedRequests()) {
      long now = time.now();
      if (time.elapsedNs() > maxWallNs) {
        throw new ExecutorException("engine run exceeded its wall-time limit of " + maxWallNs / 1_000_000_000
            + " s with " + clients.numNotArrived() + " requests not yet arrived and "
            + (scheduler.numRunning() + scheduler.numWaiting()) + " unfinished; shorten the workload");
      }
      clients.admit(now, scheduler, sequences);
      if (!scheduler.hasUnfinishedRequests()) {
        if (clients.hasPending()) {
          time.idleUntil(clients.nextArrivalNs());
        }
        continue;
      }
      time.stepStarts();
      StepPlan plan = scheduler.schedule(now);
      if (plan.totalNumScheduledTokens() == 0) {
        waitForArrival(clients, scheduler, time);
        continue;
      }
      StepExecutor.Executed step = executor.execute(plan, sequences);
      long tokenTime = time.tokenTime(step);
      step.appendTokens(sequences, tokenTime);
      for (Request done : scheduler.update(plan, step.result())) {
        finished.add(record(sequences.remove(done.requestId()), done));
        clients.finished(tokenTime); // the client whose request just ended sends its next one now
      }
      steps.add(time.stepDone(step));
    }
    finished.sort(Comparator.comparingLong(RequestRecord::requestId));
    return new EngineRun(steps, finished, time.elapsedNs(), model.backend().deviceName(), clients.numRefused());
  }

  /**
   * The longest request (prompt + output tokens) this engine takes: its KV pool or the model's
   * context; longer ones are refused, by the simulator's rule ({@link ClientDriver#refuses}).
   */
  public long maxModelLen() {
    return ClientDriver.maxModelLen((long) config.numGpuBlocks() * config.blockSize(), model.config().maxPositions());
  }

  private void waitForArrival(EngineClients clients, Scheduler scheduler, EngineTime time) {
    if (!clients.hasPending()) {
      throw new ExecutorException("scheduler scheduled nothing with " + scheduler.numWaiting()
          + " waiting and " + scheduler.numRunning() + " running requests and no arrival to come; "
          + "the KV cache (" + config.numGpuBlocks() + " blocks) may be too small for one request");
    }
    time.waitBriefly(clients.nextArrivalNs());
  }

  private static RequestRecord record(Sequence seq, Request done) {
    if (seq.numOutput != seq.numOutputTokens) {
      throw new IllegalStateException("request " + done.requestId() + " finished with " + seq.numOutput
          + " of " + seq.numOutputTokens + " output tokens");
    }
    return new RequestRecord(done.requestId(), seq.numPromptTokens, seq.numOutput, seq.arrivalNs, seq.tokenTimesNs,
        done.numCachedPromptTokens(), done.numPreemptions());
  }
}

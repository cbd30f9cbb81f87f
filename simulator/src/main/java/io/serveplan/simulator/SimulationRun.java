package io.serveplan.simulator;

import io.serveplan.scheduler.Scheduler;
import io.serveplan.scheduler.SchedulerConfig;
import io.serveplan.simulator.client.ClientDriver;
import io.serveplan.simulator.metrics.MetricsCollector;
import io.serveplan.simulator.metrics.RequestRecord;
import io.serveplan.simulator.plan.RunPlan;
import io.serveplan.simulator.result.EngineMetrics;
import io.serveplan.simulator.result.ResultMetrics;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.workload.Workload;
import java.util.List;

/**
 * One simulation of a resolved spec: builds its cluster (one scheduler and execution-time model
 * per replica, the spec's router, the workload's clients) from the {@link RunPlan}, runs
 * it ({@link Cluster}) and gathers the result. After each step, if the scheduler reports a run of
 * steady decode steps ({@code steadyDecodeSteps}), the run is timed in a tight loop and applied at
 * once ({@code advanceDecodeSteps}); it stops at the first step that ends at or after the next
 * arrival (with closed-loop clients and several replicas, at or after the next event anywhere,
 * since any finish may send a request), so nothing the run skips could have changed it. The result
 * is the same as stepping one step at a time (a test checks it).
 */
final class SimulationRun {

  private final RunPlan s;
  private final WhatIfSpec spec;
  private final Workload workload;
  private final SimulationOptions options;
  private final Cluster cluster;
  private final Replica[] replicas;
  private final MetricsCollector metrics;

  SimulationRun(RunPlan setup, Workload workload, SimulationOptions options) {
    this.s = setup;
    this.options = options;
    this.spec = setup.spec();
    this.workload = workload;
    SchedulerConfig cfg = setup.schedulerConfig();
    cluster = new Cluster(spec.replicas(), () -> new Scheduler(cfg), setup::newTimeModel,
        setup.memory().kvBytesPerBlock(), ClientDriver.maxModelLen(
            setup.memory().kvCapacityTokens(), setup.model().maxPositionEmbeddings()),
        setup.router().newRouter(), workload, options);
    replicas = cluster.replicas();
    metrics = cluster.metrics();
  }

  SimulationResult run() {
    cluster.run();
    return result();
  }

  // ---- result

  private SimulationResult result() {
    long end = metrics.lastFinishNs();
    double endS = end / 1e9;
    long steps = 0;
    long seqs = 0;
    long busy = 0;
    long computeBound = 0;
    long preemptions = 0;
    double usageMean = 0;
    double usageMax = 0;
    long queries = 0;
    long hits = 0;
    for (Replica r : replicas) {
      r.kvUsage(Math.max(end, r.kvUsageSinceNs), r.kvUsage);
      steps += r.steps;
      seqs += r.scheduledSequences;
      busy += r.busyNs;
      computeBound += r.computeBoundNs;
      preemptions += r.preemptions;
      usageMean += end > 0 ? r.kvUsageIntegral / end : 0;
      usageMax = Math.max(usageMax, r.kvUsageMax);
      queries += r.scheduler.kvCacheStats().prefixQueryTokens();
      hits += r.scheduler.kvCacheStats().prefixHitTokens();
    }
    EngineMetrics engine = new EngineMetrics(s.memory().numGpuBlocks(), s.memory().maxConcurrency(),
        usageMean / replicas.length, usageMax, preemptions, queries > 0 ? (double) hits / queries : 0.0,
        steps > 0 ? (double) seqs / steps : 0.0,
        end > 0 ? (double) busy / ((double) end * replicas.length) : 0.0,
        busy > 0 ? (double) computeBound / busy : 0.0, workload.size(), cluster.numRefused(), steps,
        steps > 0 ? busy / 1e6 / steps : 0.0, spec.replicas(), spec.replicas() * spec.tensorParallel(), endS);
    List<RequestRecord> records = options.keepRequests()
        ? cluster.ledger().records(metrics, spec.slo()) : List.of();
    return new SimulationResult(new ResultMetrics(metrics.benchMetrics(end, spec.slo()), engine), s.memory(), spec,
        cluster.sampler().build(), records);
  }
}

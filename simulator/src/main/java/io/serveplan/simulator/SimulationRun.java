package io.serveplan.simulator;

import io.serveplan.scheduler.Scheduler;
import io.serveplan.scheduler.SchedulerConfig;
import io.serveplan.simulator.client.ClientDriver;
import io.serveplan.simulator.metrics.MetricsCollector;
import io.serveplan.simulator.metrics.RequestRecord;
import io.serveplan.simulator.plan.RunPlan;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.workload.Workload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    Map<String, Object> m = new LinkedHashMap<>(metrics.benchMetrics(end, spec.slo()));
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
    m.put("num_gpu_blocks", s.memory().numGpuBlocks());
    m.put("kv_capacity_requests", s.memory().maxConcurrency());
    m.put("kv_cache_usage_mean", usageMean / replicas.length);
    m.put("kv_cache_usage_max", usageMax);
    m.put("num_preemptions", preemptions);
    m.put("prefix_cache_hit_rate", queries > 0 ? (double) hits / queries : 0.0);
    m.put("mean_batch_size", steps > 0 ? (double) seqs / steps : 0.0);
    m.put("busy_fraction", end > 0 ? (double) busy / ((double) end * replicas.length) : 0.0);
    m.put("compute_bound_fraction", busy > 0 ? (double) computeBound / busy : 0.0);
    m.put("num_requests", workload.size());
    m.put("num_rejected", cluster.numRefused());
    m.put("num_steps", steps);
    m.put("mean_step_ms", steps > 0 ? busy / 1e6 / steps : 0.0);
    m.put("replicas", spec.replicas());
    m.put("gpus", spec.replicas() * spec.tensorParallel());
    m.put("simulated_seconds", endS);
    List<RequestRecord> records = options.keepRequests()
        ? cluster.ledger().records(metrics, spec.slo()) : List.of();
    return new SimulationResult(m, s.memory(), spec, cluster.sampler().build(), records);
  }
}

package io.serveplan.simulator;

import io.serveplan.scheduler.Scheduler;
import io.serveplan.scheduler.StepPlan;
import io.serveplan.simulator.timing.StepComposition;
import io.serveplan.simulator.timing.StepTimeModel;

/**
 * One engine instance (a tensor-parallel group of GPUs): its scheduler, its execution-time model,
 * the step in flight, and its running totals. Owned and mutated only by {@link SimulationRun}.
 */
final class Replica {

  final int index;
  final Scheduler scheduler;
  final StepTimeModel timeModel;
  final StepComposition composition = new StepComposition();

  /** The plan of the step in flight, or null for a fast decode run / idle. */
  StepPlan plan;
  boolean busy;
  boolean schedulePending;
  int outstanding;
  /** Requests that produced a token in the last executed step (the running decode set). */
  int[] lastProducers = new int[64];
  int numLastProducers;
  /** Output tokens of a fast run in flight, counted when it ends. */
  long pendingRunTokens;

  // totals
  long busyNs;
  long computeBoundNs;
  long steps;
  long scheduledSequences;
  long preemptions;
  double kvUsage;
  double kvUsageIntegral;
  double kvUsageMax;
  long kvUsageSinceNs;

  Replica(int index, Scheduler scheduler, StepTimeModel timeModel) {
    this.index = index;
    this.scheduler = scheduler;
    this.timeModel = timeModel;
  }

  void addProducer(int request) {
    if (numLastProducers == lastProducers.length) {
      lastProducers = java.util.Arrays.copyOf(lastProducers, numLastProducers * 2);
    }
    lastProducers[numLastProducers++] = request;
  }

  /** Integrates KV usage up to {@code nowNs}, then records the new usage. */
  void kvUsage(long nowNs, double usage) {
    kvUsageIntegral += kvUsage * (nowNs - kvUsageSinceNs);
    kvUsageSinceNs = nowNs;
    kvUsage = usage;
    kvUsageMax = Math.max(kvUsageMax, usage);
  }
}

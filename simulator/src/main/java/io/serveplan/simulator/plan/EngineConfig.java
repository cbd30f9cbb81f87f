package io.serveplan.simulator.plan;

import io.serveplan.hardware.EnginePreset;
import io.serveplan.scheduler.PreemptionMode;
import io.serveplan.scheduler.QueueOrder;
import io.serveplan.scheduler.SchedulerConfig;
import io.serveplan.scheduler.SchedulingPolicy;
import java.util.Objects;

/**
 * A serving engine's configuration with every preset default filled in and every option parsed:
 * the preset, the batching policy, vLLM's limits ({@code max_num_seqs}, {@code
 * max_num_batched_tokens}, {@code block_size}), prefix caching, the memory utilization and the
 * preemption mode. Immutable.
 *
 * <p>Modules that must not see the scheduler's types (the cost model) read {@link #policyId()} and
 * {@link #preemptionId()} instead of {@link #policy()} and {@link #preemption()}.
 */
public record EngineConfig(
    EnginePreset preset,
    SchedulingPolicy policy,
    int maxNumSeqs,
    int maxNumBatchedTokens,
    int blockSize,
    boolean prefixCaching,
    double gpuMemoryUtilization,
    PreemptionMode preemption) {

  public EngineConfig {
    Objects.requireNonNull(preset, "preset");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(preemption, "preemption");
  }

  /** The spec's spelling of the policy ({@code chunked-prefill}). */
  public String policyId() {
    return policy.id();
  }

  /** The spec's spelling of the preemption mode ({@code recompute}). */
  public String preemptionId() {
    return preemption.id();
  }

  /**
   * The scheduler's configuration for one replica: this engine's limits over {@code numGpuBlocks}
   * KV blocks (and {@code numCpuBlocks} of swap space), FCFS order, no long-prefill threshold, no
   * static-batch timeout. The one place a spec's engine becomes a {@link SchedulerConfig}.
   *
   * @param hashSeed the prefix cache's hash seed (the spec's seed)
   */
  public SchedulerConfig schedulerConfig(int numGpuBlocks, int numCpuBlocks, long hashSeed) {
    return new SchedulerConfig(policy, maxNumSeqs, maxNumBatchedTokens, 0, blockSize, numGpuBlocks, numCpuBlocks,
        prefixCaching, hashSeed, preemption, QueueOrder.FCFS, 0L);
  }
}

package io.serveplan.simulator.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.serveplan.scheduler.PreemptionMode;
import io.serveplan.scheduler.SchedulingPolicy;
import java.util.List;

/**
 * The serving engine's configuration. {@code preset} names an engine preset of the catalog
 * (efficiencies, overheads and defaults); a null scheduler, max_num_seqs, max_num_batched_tokens,
 * block_size or prefix_caching means "the preset's default" ({@link #resolve} fills them in).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EngineSpec(
    String preset,
    String scheduler,
    Integer maxNumSeqs,
    Integer maxNumBatchedTokens,
    Integer blockSize,
    Boolean prefixCaching,
    double gpuMemoryUtilization,
    String preemption) {

  /** The batching policy ids ({@link SchedulingPolicy}). */
  public static final List<String> SCHEDULERS = SchedulingPolicy.ids();
  /**
   * The id of vLLM v1's batching policy, chunked prefill, for callers that build engine specs and
   * must not depend on the scheduler module (the cost model).
   */
  public static final String CHUNKED_PREFILL = SchedulingPolicy.CHUNKED_PREFILL.id();
  /** The preemption mode ids ({@link PreemptionMode}). */
  public static final List<String> PREEMPTIONS = PreemptionMode.ids();

  public static EngineSpec defaults() {
    return new EngineSpec("vllm", null, null, null, null, null, 0.90, PreemptionMode.RECOMPUTE.id());
  }

  /**
   * The defaults with this preset, batching policy and limits (null: the preset's own), e.g. a
   * recommender's candidate engine.
   */
  public static EngineSpec of(String preset, String scheduler, Integer maxNumSeqs, Integer maxNumBatchedTokens,
      Integer blockSize, Boolean prefixCaching) {
    EngineSpec d = defaults();
    return new EngineSpec(preset, scheduler, maxNumSeqs, maxNumBatchedTokens, blockSize, prefixCaching,
        d.gpuMemoryUtilization(), d.preemption());
  }

  public EngineSpec withGpuMemoryUtilization(double utilization) {
    return new EngineSpec(preset, scheduler, maxNumSeqs, maxNumBatchedTokens, blockSize, prefixCaching, utilization,
        preemption);
  }

  /** This spec with every null taken from the preset's defaults. */
  public EngineSpec resolve(io.serveplan.hardware.EnginePreset p) {
    return new EngineSpec(
        preset,
        scheduler != null ? scheduler : p.defaultScheduler(),
        maxNumSeqs != null ? maxNumSeqs : p.maxNumSeqs(),
        maxNumBatchedTokens != null ? maxNumBatchedTokens : p.maxNumBatchedTokens(),
        blockSize != null ? blockSize : p.blockSize(),
        prefixCaching != null ? prefixCaching : p.prefixCaching(),
        gpuMemoryUtilization,
        preemption);
  }
}

package io.serveplan.simulator.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
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

  public static final List<String> SCHEDULERS = List.of("static", "continuous", "chunked-prefill");
  public static final List<String> PREEMPTIONS = List.of("recompute", "swap");

  public static EngineSpec defaults() {
    return new EngineSpec("vllm", null, null, null, null, null, 0.90, "recompute");
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

package io.serveplan.cost.recommend;

import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.EnginePreset;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.simulator.memory.MemoryPlan;
import io.serveplan.simulator.spec.EngineSpec;
import io.serveplan.simulator.spec.WhatIfSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** One candidate configuration: what runs on one replica, its memory plan and analytic estimate. */
record Config(
    ModelSpec model, GpuSpec gpu, int tensorParallel, Dtype weights, Dtype kv, EnginePreset preset,
    EngineSpec engine, MemoryPlan plan, Estimate estimate, WhatIfSpec spec) {

  /** The group a configuration competes in: the same model, GPU, tensor parallelism and dtype. */
  String group() {
    return model.id() + "|" + gpu.id() + "|" + tensorParallel + "|" + weights.id();
  }

  Map<String, Object> engineJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("preset", engine.preset());
    m.put("scheduler", engine.scheduler());
    m.put("max_num_seqs", engine.maxNumSeqs());
    m.put("max_num_batched_tokens", engine.maxNumBatchedTokens());
    m.put("block_size", engine.blockSize());
    m.put("prefix_caching", engine.prefixCaching());
    return m;
  }
}

package io.serveplan.cost.recommend;

import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.EnginePreset;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.simulator.memory.MemoryPlan;
import io.serveplan.simulator.plan.RunPlan;
import io.serveplan.simulator.spec.EngineSpec;
import io.serveplan.simulator.spec.WhatIfSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One candidate configuration: what runs on one replica, resolved as a {@link RunPlan} (its memory
 * plan sized for the sheet's mean request), and its analytic estimate.
 */
record Config(RunPlan run, Estimate estimate) {

  ModelSpec model() {
    return run.model();
  }

  GpuSpec gpu() {
    return run.gpu();
  }

  int tensorParallel() {
    return run.tensorParallel();
  }

  Dtype weights() {
    return run.weightsDtype();
  }

  EnginePreset preset() {
    return run.engine().preset();
  }

  /** The engine as the spec states it (preset defaults filled in). */
  EngineSpec engine() {
    return run.spec().engine();
  }

  MemoryPlan plan() {
    return run.memory();
  }

  /** The one-replica spec the capacity search simulates. */
  WhatIfSpec spec() {
    return run.spec();
  }

  /** The group a configuration competes in: the same model, GPU, tensor parallelism and dtype. */
  String group() {
    return model().id() + "|" + gpu().id() + "|" + tensorParallel() + "|" + weights().id();
  }

  Map<String, Object> engineJson() {
    EngineSpec engine = engine();
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

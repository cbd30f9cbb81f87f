package io.serveplan.simulator.plan;

import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.scheduler.PreemptionMode;
import io.serveplan.scheduler.SchedulerConfig;
import io.serveplan.simulator.cluster.RoutingPolicy;
import io.serveplan.simulator.memory.MemoryPlan;
import io.serveplan.simulator.memory.MemoryPlanner;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.spec.WorkloadSpec;
import io.serveplan.simulator.timing.CalibrationProfile;
import io.serveplan.simulator.timing.RooflineModel;
import io.serveplan.simulator.timing.TimingCoefficients;
import io.serveplan.simulator.workload.Workload;
import io.serveplan.simulator.workload.WorkloadGenerator;
import java.util.Objects;
import java.util.Optional;

/**
 * A what-if spec resolved against the catalogs, once, by {@link RunPlanResolver}: the model, the
 * hardware (a catalog GPU, or a calibration profile's measured device such as {@code cpu-local}),
 * tensor parallelism and replicas, the dtypes, the engine with its preset's defaults filled in
 * ({@link EngineConfig}), the router, the memory plan of one GPU and the timing coefficients with
 * their origin. Everything downstream — the simulator, {@code validate}, the web layer's admission
 * checks — reads these typed parts instead of looking ids up again.
 *
 * <p>{@code spec} is the spec as run (engine defaults filled in; it is what a result reports).
 * {@code memory} is planned for the workload's mean request length only once a workload is known
 * ({@link #forWorkload}); the resolver plans it with no workload, which fixes every number except
 * {@code maxConcurrency} (then 0). {@code calibration} is the profile the spec named, if any.
 * Immutable and thread-safe.
 */
public record RunPlan(
    WhatIfSpec spec,
    ModelSpec model,
    GpuSpec gpu,
    int tensorParallel,
    int replicas,
    Dtype weightsDtype,
    Dtype kvCacheDtype,
    EngineConfig engine,
    RoutingPolicy router,
    MemoryPlan memory,
    Timing timing,
    Optional<CalibrationProfile> calibration) {

  /** Host memory for swapped-out K/V blocks per replica (vLLM's {@code swap_space} default, 4 GiB). */
  public static final double SWAP_SPACE_BYTES = 4.0 * (1L << 30);

  public RunPlan {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(gpu, "gpu");
    Objects.requireNonNull(weightsDtype, "weightsDtype");
    Objects.requireNonNull(kvCacheDtype, "kvCacheDtype");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(timing, "timing");
    calibration = calibration == null ? Optional.empty() : calibration;
    if (tensorParallel != spec.tensorParallel() || replicas != spec.replicas()) {
      throw new IllegalArgumentException("a run plan's tensor_parallel " + tensorParallel + " and replicas " + replicas
          + " must be its spec's (" + spec.tensorParallel() + ", " + spec.replicas() + ")");
    }
  }

  /** A fresh execution-time model of one replica (each replica owns one; they are not shared). */
  public RooflineModel newTimeModel() {
    return new RooflineModel(model, gpu, tensorParallel, weightsDtype, kvCacheDtype, timing.coefficients());
  }

  /** K/V blocks of host swap space per replica: {@link #SWAP_SPACE_BYTES} worth with swap preemption, else 0. */
  public int numCpuBlocks() {
    if (engine.preemption() != PreemptionMode.SWAP) {
      return 0;
    }
    long blocks = (long) (SWAP_SPACE_BYTES / (double) memory.kvBytesPerBlock());
    return (int) Math.min(Integer.MAX_VALUE, blocks);
  }

  /** One replica's scheduler configuration: the engine over the memory plan's blocks (and a hybrid model's KV-cache groups). */
  public SchedulerConfig schedulerConfig() {
    return engine.schedulerConfig(memory.numGpuBlocks(), numCpuBlocks(), spec.seed())
        .withKvCacheGroups(memory.kvCacheGroups());
  }

  /** The spec's workload, generated with its seed over the model's vocabulary. */
  public Workload workload(long maxRequests) {
    return WorkloadGenerator.generate(spec.workload(), spec.seed(), model.vocabSize(), maxRequests);
  }

  /** This plan with its memory plan's {@code maxConcurrency} for {@code w}'s mean prompt + output length. */
  public RunPlan forWorkload(Workload w) {
    MemoryPlan m = planMemory(model, gpu, tensorParallel, weightsDtype, kvCacheDtype, engine,
        w.meanPromptLen() + w.meanOutputLen());
    return new RunPlan(spec, model, gpu, tensorParallel, replicas, weightsDtype, kvCacheDtype, engine, router, m,
        timing, calibration);
  }

  /**
   * This plan on one replica serving another workload with another seed (what a capacity probe
   * runs): nothing is resolved again; the memory plan follows the workload when it runs ({@link
   * #forWorkload}).
   */
  public RunPlan withWorkload(WorkloadSpec w, long seed) {
    return new RunPlan(spec.withReplicas(1).withWorkload(w).withSeed(seed), model, gpu, tensorParallel, 1, weightsDtype,
        kvCacheDtype, engine, router, memory, timing, calibration);
  }

  /** This plan with other timing coefficients ({@link TimingOrigin#OVERRIDE}, named {@code label}). */
  public RunPlan withTiming(TimingCoefficients coefficients, String label) {
    return new RunPlan(spec, model, gpu, tensorParallel, replicas, weightsDtype, kvCacheDtype, engine, router, memory,
        new Timing(coefficients, TimingOrigin.OVERRIDE, label), calibration);
  }

  static MemoryPlan planMemory(ModelSpec model, GpuSpec gpu, int tp, Dtype weights, Dtype kv, EngineConfig e,
      double tokensPerRequest) {
    return MemoryPlanner.plan(model, gpu, tp, weights, kv, e.gpuMemoryUtilization(), e.maxNumBatchedTokens(),
        e.maxNumSeqs(), e.blockSize(), tokensPerRequest);
  }
}

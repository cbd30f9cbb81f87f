package io.serveplan.simulator;

import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.CatalogException;
import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.EnginePreset;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.simulator.memory.MemoryPlan;
import io.serveplan.simulator.memory.MemoryPlanner;
import io.serveplan.simulator.spec.EngineSpec;
import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.timing.CalibrationProfile;
import io.serveplan.simulator.timing.RooflineModel;
import io.serveplan.simulator.timing.TimingCoefficients;
import io.serveplan.simulator.workload.Workload;
import io.serveplan.simulator.workload.WorkloadGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a what-if spec: resolves its catalog ids, plans memory, builds the execution-time model
 * (engine preset, or the calibration profile the spec names), generates the workload and drives
 * one shared scheduler per replica with a discrete-event clock. Stateless; each call owns its run.
 */
public final class Simulation {

  private Simulation() {}

  public static SimulationResult run(WhatIfSpec spec, Catalog catalog) {
    return run(spec, catalog, SimulationOptions.defaults());
  }

  /**
   * @throws SpecException naming the field for unknown ids, configurations that do not fit, and
   *     runs larger than the options' limits
   */
  public static SimulationResult run(WhatIfSpec spec, Catalog catalog, SimulationOptions options) {
    Setup s = setup(spec, catalog, options);
    return new SimulationRun(s, options).run();
  }

  /** Everything a run needs, resolved and checked. */
  record Setup(WhatIfSpec spec, ModelSpec model, GpuSpec gpu, EnginePreset preset,
      TimingCoefficients coefficients, Dtype weights, Dtype kv, MemoryPlan memory,
      Workload workload) {

    RooflineModel newTimeModel() {
      return new RooflineModel(model, gpu, spec.tensorParallel(), weights, kv, coefficients);
    }
  }

  static Setup setup(WhatIfSpec spec, Catalog catalog, SimulationOptions options) {
    List<FieldError> errors = new ArrayList<>();
    ModelSpec model = catalog.findModel(spec.model()).orElse(null);
    if (model == null) {
      errors.add(new FieldError("model", "unknown model '" + spec.model() + "'", catalog.modelIds()));
    }
    EnginePreset preset = null;
    try {
      preset = catalog.engine(spec.engine().preset());
    } catch (CatalogException e) {
      errors.add(new FieldError("engine.preset", "unknown engine preset '" + spec.engine().preset()
          + "'", catalog.engineIds()));
    }
    Optional<CalibrationProfile> profile = Optional.empty();
    if (spec.calibration() != null) {
      profile = options.calibration().resolve(spec.calibration());
      if (profile.isEmpty()) {
        errors.add(new FieldError("calibration", "no calibration profile with id or path '"
            + spec.calibration() + "'"));
      }
    }
    GpuSpec gpu = catalog.findGpu(spec.hardware()).orElse(null);
    if (gpu == null && profile.isPresent() && profile.get().hardware() != null
        && profile.get().hardware().id().equals(spec.hardware())) {
      gpu = profile.get().hardware();
    }
    if (gpu == null) {
      errors.add(new FieldError("hardware", "unknown hardware '" + spec.hardware() + "'",
          catalog.gpuIds()));
    }
    if (model != null && model.numHeads() % spec.tensorParallel() != 0) {
      errors.add(new FieldError("tensor_parallel", "must divide the model's " + model.numHeads()
          + " attention heads, got " + spec.tensorParallel()));
    }
    if (!errors.isEmpty()) {
      throw new SpecException(errors);
    }
    EngineSpec engine = spec.engine().resolve(preset);
    if (engine.maxNumBatchedTokens() < engine.maxNumSeqs()
        && "chunked-prefill".equals(engine.scheduler())) {
      throw new SpecException("engine.max_num_batched_tokens", "must be >= max_num_seqs ("
          + engine.maxNumSeqs() + ") with chunked-prefill, got " + engine.maxNumBatchedTokens());
    }
    WhatIfSpec resolved = spec.withEngine(engine);
    Dtype weights = Dtype.parse("weights_dtype", spec.weightsDtype());
    Dtype kv = Dtype.parse("kv_cache_dtype", spec.kvCacheDtype());
    TimingCoefficients coefficients = profile.map(CalibrationProfile::coefficients)
        .orElse(TimingCoefficients.fromPreset(preset));
    Workload workload = WorkloadGenerator.generate(resolved.workload(), spec.seed(),
        model.vocabSize(), options.maxRequests());
    checkDuration(workload, options);
    double tokensPerRequest = workload.meanPromptLen() + workload.meanOutputLen();
    MemoryPlan memory = MemoryPlanner.plan(model, gpu, spec.tensorParallel(), weights, kv,
        engine.gpuMemoryUtilization(), engine.maxNumBatchedTokens(), engine.maxNumSeqs(),
        engine.blockSize(), tokensPerRequest);
    return new Setup(resolved, model, gpu, preset, coefficients, weights, kv, memory, workload);
  }

  private static void checkDuration(Workload w, SimulationOptions options) {
    long last = 0;
    for (int i = 0; i < w.size(); i++) {
      last = Math.max(last, w.arrivalNs(i));
    }
    if (last / 1e9 > options.maxSimulatedSeconds()) {
      throw new SpecException("workload", String.format(java.util.Locale.ROOT,
          "arrivals span %.0f s of simulated time, over this run's limit of %d s (lower "
              + "num_requests, raise rate or time_scale, or raise the limit, e.g. simulate "
              + "--max-simulated-seconds)", last / 1e9, options.maxSimulatedSeconds()));
    }
  }
}

package io.serveplan.web.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.Dtype;
import io.serveplan.simulator.memory.MemoryPlanner;
import io.serveplan.simulator.CalibrationResolver;
import io.serveplan.simulator.Simulation;
import io.serveplan.simulator.SimulationOptions;
import io.serveplan.simulator.SimulationResult;
import io.serveplan.simulator.timing.CalibrationProfile;
import io.serveplan.hardware.document.Document;
import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.spec.WorkloadSpec;
import io.serveplan.web.db.RunKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What-if simulations: the same spec document as {@code serveplan simulate}. Beyond the spec's own
 * checks it rejects, by field, catalog ids this server does not know, trace files (only built-in
 * traces over the network: a path would read the server's disk), calibration profiles that are not
 * stored here, and runs larger than the server's {@link RunLimits}.
 */
public final class SimulationHandler implements RunHandler {

  private static final ObjectMapper RESULT_JSON = SimulationResult.mapper();

  private final java.util.function.Supplier<Catalog> catalogs;
  private final RunLimits limits;
  private final CalibrationResolver calibrations;
  private final Supplier<List<String>> calibrationIds;
  private final MemoryBudget memory;

  /**
   * @param calibrations finds a stored calibration profile by id (never a file: the spec comes
   *     from the network)
   * @param calibrationIds the stored ids, for error messages
   */
  public SimulationHandler(java.util.function.Supplier<Catalog> catalogs, RunLimits limits, CalibrationResolver calibrations,
      Supplier<List<String>> calibrationIds) {
    this(catalogs, limits, calibrations, calibrationIds, new MemoryBudget(Long.MAX_VALUE / 4));
  }

  /** @param memory the server's memory budget: a run whose estimate exceeds it is refused (413) */
  public SimulationHandler(java.util.function.Supplier<Catalog> catalogs, RunLimits limits, CalibrationResolver calibrations,
      Supplier<List<String>> calibrationIds, MemoryBudget memory) {
    this.memory = memory;
    this.catalogs = catalogs;
    this.limits = limits;
    this.calibrations = calibrations;
    this.calibrationIds = calibrationIds;
  }

  @Override
  public RunKind kind() {
    return RunKind.SIMULATION;
  }

  @Override
  public JsonNode accept(JsonNode document) {
    WhatIfSpec spec = SpecReader.fromTree(Document.of(document));
    List<FieldError> errors = new ArrayList<>();
    if (catalogs.get().findModel(spec.model()).isEmpty()) {
      errors.add(new FieldError("model", "unknown model '" + spec.model() + "'", catalogs.get().modelIds()));
    }
    Optional<CalibrationProfile> profile = Optional.empty();
    if (spec.calibration() != null) {
      profile = calibrations.resolve(spec.calibration());
      if (profile.isEmpty()) {
        errors.add(new FieldError("calibration", "no calibration profile '" + spec.calibration()
            + "' is stored on this server (POST it to /api/v1/calibrations first)", calibrationIds.get()));
      }
    }
    // A calibration profile may bring its own measured hardware (cpu-local), as in the simulator.
    boolean profileHardware = profile.map(CalibrationProfile::hardware)
        .filter(h -> h.id().equals(spec.hardware())).isPresent();
    if (catalogs.get().findGpu(spec.hardware()).isEmpty() && !profileHardware) {
      errors.add(new FieldError("hardware", "unknown hardware '" + spec.hardware() + "'", catalogs.get().gpuIds()));
    }
    if (spec.engine() != null && spec.engine().preset() != null
        && !catalogs.get().engineIds().contains(spec.engine().preset())) {
      errors.add(new FieldError("engine.preset", "unknown engine preset '" + spec.engine().preset() + "'",
          catalogs.get().engineIds()));
    }
    WorkloadChecks.traces(spec.workload(), errors);
    if (!errors.isEmpty()) {
      throw new SpecException(errors);
    }
    WorkloadChecks.size(spec.workload(), limits);
    preflight(spec, profile);
    RunMemoryEstimate estimate = estimate(spec, profile);
    if (estimate.bytes() > memory.bytes()) {
      throw new RunTooLargeException(List.of(new FieldError("replicas", estimate.describe() + ", more than this server's "
          + "memory budget for runs (" + RunMemoryEstimate.size(memory.bytes()) + ", serve --memory-budget-mb); "
          + "lower replicas, num_requests or the GPU's memory")));
    }
    return document;
  }

  @Override
  public long memoryEstimateBytes(JsonNode document) {
    WhatIfSpec spec = SpecReader.fromTree(Document.of(document));
    return estimate(spec, spec.calibration() == null ? Optional.empty() : calibrations.resolve(spec.calibration())).bytes();
  }

  /**
   * What the simulator would only find once the run started, checked at submission: tensor_parallel
   * divides the heads, chunked prefill's token budget covers max_num_seqs, the weights fit the GPU.
   */
  private void preflight(WhatIfSpec spec, Optional<CalibrationProfile> profile) {
    Catalog c = catalogs.get();
    var model = c.findModel(spec.model()).orElseThrow();
    if (model.numHeads() % spec.tensorParallel() != 0) {
      throw new SpecException("tensor_parallel", "must divide the model's " + model.numHeads()
          + " attention heads, got " + spec.tensorParallel());
    }
    var engine = spec.engine().resolve(c.engine(spec.engine().preset()));
    if (engine.maxNumBatchedTokens() < engine.maxNumSeqs() && "chunked-prefill".equals(engine.scheduler())) {
      throw new SpecException("engine.max_num_batched_tokens", "must be >= max_num_seqs ("
          + engine.maxNumSeqs() + ") with chunked-prefill, got " + engine.maxNumBatchedTokens());
    }
    var gpu = c.findGpu(spec.hardware()).orElseGet(() -> profile.orElseThrow().hardware());
    MemoryPlanner.plan(model, gpu, spec.tensorParallel(), Dtype.parse("weights_dtype", spec.weightsDtype()),
        Dtype.parse("kv_cache_dtype", spec.kvCacheDtype()), engine.gpuMemoryUtilization(), engine.maxNumBatchedTokens(),
        engine.maxNumSeqs(), engine.blockSize(), 0);
  }

  private RunMemoryEstimate estimate(WhatIfSpec spec, Optional<CalibrationProfile> profile) {
    Catalog c = catalogs.get();
    var gpu = c.findGpu(spec.hardware()).orElseGet(() -> profile.orElseThrow().hardware());
    long n = spec.workload() == null || spec.workload().numRequests() == null
        ? WorkloadSpec.DEFAULT_NUM_REQUESTS : spec.workload().numRequests();
    return RunMemoryEstimate.of(spec, c.findModel(spec.model()).orElseThrow(), gpu, c.engine(spec.engine().preset()), n);
  }

  @Override
  public JsonNode execute(JsonNode document, RunControl control) throws java.io.IOException {
    WhatIfSpec spec = SpecReader.fromTree(Document.of(document));
    SimulationOptions options = new SimulationOptions(
        (simulatedS, completed, total) -> control.progress(total <= 0 ? 0 : (double) completed / total),
        control::isCancelled, limits.maxRequests(), limits.maxSimulatedSeconds(), false, calibrations);
    SimulationResult result = Simulation.run(spec, catalogs.get(), options);
    return RESULT_JSON.readTree(result.toJson());
  }
}

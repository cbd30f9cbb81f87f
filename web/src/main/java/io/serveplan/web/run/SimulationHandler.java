package io.serveplan.web.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.simulator.CalibrationResolver;
import io.serveplan.simulator.Simulation;
import io.serveplan.simulator.SimulationOptions;
import io.serveplan.simulator.SimulationResult;
import io.serveplan.simulator.plan.RunPlan;
import io.serveplan.simulator.plan.RunPlanResolver;
import io.serveplan.hardware.document.Document;
import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.spec.WorkloadSpec;
import io.serveplan.web.db.RunKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What-if simulations: the same spec document as {@code serveplan simulate}. Beyond the spec's own
 * checks it rejects, by field, catalog ids this server does not know, trace files (only built-in
 * traces over the network: a path would read the server's disk), calibration profiles that are not
 * stored here, and runs larger than the server's {@link RunLimits}.
 */
public final class SimulationHandler implements RunHandler {

  private static final ObjectMapper RESULT_JSON = JsonCodec.snakeCaseMapper();

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
    // every problem at once: the reader's field errors and what the resolver finds in the rest
    WhatIfSpec spec = resolver().read(() -> SpecReader.fromTree(Document.of(document)));
    RunPlan plan = checkedPlan(spec, List.of());
    WorkloadChecks.size(spec.workload(), limits);
    RunMemoryEstimate estimate = RunMemoryEstimate.of(plan, numRequests(spec));
    if (estimate.bytes() > memory.bytes()) {
      throw new RunTooLargeException(List.of(new FieldError("replicas", estimate.describe() + ", more than this server's "
          + "memory budget for runs (" + RunMemoryEstimate.size(memory.bytes()) + ", serve --memory-budget-mb); "
          + "lower replicas, num_requests or the GPU's memory")));
    }
    return document;
  }

  /**
   * The spec resolved as a network client may have it: the resolver's field errors, trace files
   * and {@code more} (the caller's own field errors) all reported at once.
   */
  RunPlan checkedPlan(WhatIfSpec spec, List<FieldError> more) {
    List<FieldError> errors = new ArrayList<>(more);
    WorkloadChecks.traces(spec.workload(), errors);
    RunPlan plan;
    try {
      plan = resolver().resolve(spec);
    } catch (SpecException e) {
      List<FieldError> all = new ArrayList<>(e.errors());
      all.addAll(errors);
      throw new SpecException(all);
    }
    if (!errors.isEmpty()) {
      throw new SpecException(errors);
    }
    return plan;
  }

  /** The stored spec resolved again on a worker (it was checked at submission). */
  RunPlan plan(WhatIfSpec spec) {
    return resolver().resolve(spec);
  }

  MemoryBudget memory() {
    return memory;
  }

  RunLimits limits() {
    return limits;
  }

  @Override
  public long memoryEstimateBytes(JsonNode document) {
    WhatIfSpec spec = SpecReader.fromTree(Document.of(document));
    return RunMemoryEstimate.of(resolver().resolve(spec), numRequests(spec)).bytes();
  }

  /**
   * The simulator's own resolver over this server's catalog and stored profiles: it rejects by
   * field unknown ids, a tensor_parallel that does not divide the heads, chunked prefill's token
   * budget below max_num_seqs and weights that do not fit, at submission rather than once the run
   * has started.
   */
  RunPlanResolver resolver() {
    return new RunPlanResolver(catalogs.get(), CalibrationResolver.of(calibrations, id -> new FieldError("calibration",
        "no calibration profile '" + id + "' is stored on this server (POST it to /api/v1/calibrations first)",
        calibrationIds.get())));
  }

  /**
   * Runs of at most this many requests keep a summary of each (TTFT, TPOT, E2EL, no ITL list:
   * about 200 bytes of stored JSON a request), so that their charts show real CDFs.
   */
  static final long KEEP_REQUESTS_UP_TO = 5_000;

  private static boolean isTrace(WhatIfSpec spec) {
    return spec.workload() != null && "trace".equals(spec.workload().arrival());
  }

  private static long numRequests(WhatIfSpec spec) {
    return spec.workload() == null || spec.workload().numRequests() == null
        ? WorkloadSpec.DEFAULT_NUM_REQUESTS : spec.workload().numRequests();
  }

  @Override
  public JsonNode execute(JsonNode document, RunControl control) throws java.io.IOException {
    WhatIfSpec spec = SpecReader.fromTree(Document.of(document));
    SimulationOptions options = new SimulationOptions(
        (simulatedS, completed, total) -> control.progress(total <= 0 ? 0 : (double) completed / total),
        control::isCancelled, limits.maxRequests(), limits.maxSimulatedSeconds(), false, calibrations);
    if (numRequests(spec) <= KEEP_REQUESTS_UP_TO && !isTrace(spec)) {
      // the latency CDFs are drawn from every request, not from four percentiles
      options = options.withRequestSummaries();
    }
    SimulationResult result = Simulation.run(spec, catalogs.get(), options);
    return RESULT_JSON.readTree(result.toJson());
  }
}

package io.serveplan.simulator.plan;

import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.CatalogException;
import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.EnginePreset;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.scheduler.PreemptionMode;
import io.serveplan.scheduler.SchedulingPolicy;
import io.serveplan.simulator.CalibrationResolver;
import io.serveplan.simulator.cluster.RoutingPolicy;
import io.serveplan.simulator.memory.MemoryPlan;
import io.serveplan.simulator.spec.EngineSpec;
import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.timing.CalibrationProfile;
import io.serveplan.simulator.timing.TimingCoefficients;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one place a {@link WhatIfSpec} is resolved into a {@link RunPlan}: catalog ids, the
 * calibration profile, the hardware rule, the engine's preset defaults and options, the dtypes, the
 * router, the timing coefficients and the memory plan.
 *
 * <p>Checks run in three passes, each reporting every problem it finds at once as a {@link
 * SpecException} of {@code field: problem; allowed: ...} errors: the ids (model, engine preset,
 * calibration, hardware, tensor parallelism against the model's heads); then the options (batching
 * policy, preemption mode, router, dtypes — allowed values read from their enums — and chunked
 * prefill's token budget); then whether the weights fit the GPU (the memory planner's message).
 *
 * <p>The hardware rule: a calibration profile whose measured hardware has the spec's hardware id
 * brings that hardware (what was measured is what the coefficients were fitted on, and {@code
 * cpu-local} is in no catalog); otherwise the catalog's GPU of that id. Stateless apart from its
 * catalog and calibration resolver; thread-safe.
 */
public final class RunPlanResolver {

  private final Catalog catalog;
  private final CalibrationResolver calibrations;

  /** Resolves calibration profiles by file path. */
  public RunPlanResolver(Catalog catalog) {
    this(catalog, CalibrationResolver.FILES);
  }

  /** @param calibrations finds the profile a spec's {@code calibration:} names, and words a miss */
  public RunPlanResolver(Catalog catalog, CalibrationResolver calibrations) {
    this.catalog = catalog;
    this.calibrations = calibrations == null ? CalibrationResolver.FILES : calibrations;
  }

  /**
   * The plan with its memory plan sized for no workload yet ({@code maxConcurrency} 0; see {@link
   * RunPlan#forWorkload}).
   *
   * @throws SpecException naming every field that does not resolve, and configurations that do not fit
   */
  public RunPlan resolve(WhatIfSpec spec) {
    return resolve(spec, 0);
  }

  /**
   * A spec read by {@code reader}, with every problem at once: when the reader finds wrong fields,
   * what this resolver finds in the rest of the spec (unknown ids, a tensor parallelism that does
   * not divide the heads, weights that do not fit) is added to them, so that a user does not fix
   * the ranges only to meet the ids next. A field the reader already named is not named twice.
   *
   * @throws SpecException with the reader's errors and the resolver's
   */
  public WhatIfSpec read(Supplier<WhatIfSpec> reader) {
    try {
      return reader.get();
    } catch (SpecException e) {
      if (e.partial().isEmpty()) {
        throw e;
      }
      List<FieldError> all = new ArrayList<>(e.errors());
      Set<String> named = new HashSet<>();
      e.errors().forEach(x -> named.add(x.field()));
      try {
        resolve(e.partial().get());
      } catch (SpecException more) {
        more.errors().stream().filter(x -> !named.contains(x.field())).forEach(all::add);
      } catch (RuntimeException other) {
        // the partial spec breaks a later check in another way: the reader's errors come first
      }
      throw new SpecException(all);
    }
  }

  /**
   * @param tokensPerRequest the mean prompt + output length the memory plan's {@code maxConcurrency}
   *     is for (a recommender's estimate of a workload it does not generate)
   * @throws SpecException naming every field that does not resolve, and configurations that do not fit
   */
  public RunPlan resolve(WhatIfSpec spec, double tokensPerRequest) {
    List<FieldError> errors = new ArrayList<>();
    ModelSpec model = catalog.findModel(spec.model()).orElse(null);
    if (model == null) {
      errors.add(new FieldError("model", "unknown model '" + spec.model() + "'", catalog.modelIds()));
    }
    EnginePreset preset = preset(spec, errors);
    Optional<CalibrationProfile> profile = profile(spec, errors);
    GpuSpec gpu = hardware(spec, profile).orElse(null);
    if (gpu == null) {
      errors.add(new FieldError("hardware", "unknown hardware '" + spec.hardware() + "'", catalog.gpuIds()));
    }
    if (model != null && model.numHeads() % spec.tensorParallel() != 0) {
      errors.add(new FieldError("tensor_parallel", "must divide the model's " + model.numHeads()
          + " attention heads, got " + spec.tensorParallel()));
    }
    throwIfAny(errors);

    EngineSpec engineSpec = spec.engine().resolve(preset);
    EngineConfig engine = engine(engineSpec, preset, errors);
    RoutingPolicy router = choice("router", spec.router(), RoutingPolicy::fromId, RoutingPolicy.ids(), errors);
    Dtype weights = dtype("weights_dtype", spec.weightsDtype(), WhatIfSpec.WEIGHT_DTYPES, errors);
    Dtype kv = dtype("kv_cache_dtype", spec.kvCacheDtype(), WhatIfSpec.KV_DTYPES, errors);
    throwIfAny(errors);

    Timing timing = profile.map(p -> new Timing(p.coefficients(), TimingOrigin.CALIBRATION_PROFILE, p.id()))
        .orElseGet(() -> new Timing(TimingCoefficients.fromPreset(preset), TimingOrigin.PRESET, preset.id()));
    MemoryPlan memory = RunPlan.planMemory(model, gpu, spec.tensorParallel(), weights, kv, engine, tokensPerRequest);
    return new RunPlan(spec.withEngine(engineSpec), model, gpu, spec.tensorParallel(), spec.replicas(), weights, kv,
        engine, router, memory, timing, profile);
  }

  /**
   * The hardware a spec runs on, by the one rule above (empty when neither the profile nor the
   * catalog has it).
   */
  public Optional<GpuSpec> hardware(WhatIfSpec spec, Optional<CalibrationProfile> profile) {
    Optional<GpuSpec> measured = profile.map(CalibrationProfile::hardware)
        .filter(h -> h.id().equals(spec.hardware()));
    return measured.isPresent() ? measured : catalog.findGpu(spec.hardware());
  }

  private EnginePreset preset(WhatIfSpec spec, List<FieldError> errors) {
    try {
      return catalog.engine(spec.engine().preset());
    } catch (CatalogException e) {
      errors.add(new FieldError("engine.preset", "unknown engine preset '" + spec.engine().preset() + "'",
          catalog.engineIds()));
      return null;
    }
  }

  private Optional<CalibrationProfile> profile(WhatIfSpec spec, List<FieldError> errors) {
    if (spec.calibration() == null) {
      return Optional.empty();
    }
    Optional<CalibrationProfile> p = calibrations.resolve(spec.calibration());
    if (p.isEmpty()) {
      errors.add(calibrations.notFound(spec.calibration()));
    }
    return p;
  }

  private static EngineConfig engine(EngineSpec e, EnginePreset preset, List<FieldError> errors) {
    SchedulingPolicy policy = choice("engine.scheduler", e.scheduler(), SchedulingPolicy::fromId,
        SchedulingPolicy.ids(), errors);
    PreemptionMode preemption = choice("engine.preemption", e.preemption(), PreemptionMode::fromId,
        PreemptionMode.ids(), errors);
    if (policy == SchedulingPolicy.CHUNKED_PREFILL && e.maxNumBatchedTokens() < e.maxNumSeqs()) {
      errors.add(new FieldError("engine.max_num_batched_tokens", "must be >= max_num_seqs (" + e.maxNumSeqs()
          + ") with chunked-prefill, got " + e.maxNumBatchedTokens()));
    }
    if (policy == null || preemption == null) {
      return null;
    }
    return new EngineConfig(preset, policy, e.maxNumSeqs(), e.maxNumBatchedTokens(), e.blockSize(),
        e.prefixCaching(), e.gpuMemoryUtilization(), preemption);
  }

  private static Dtype dtype(String field, String id, List<String> allowed, List<FieldError> errors) {
    return choice(field, id, v -> {
      if (!allowed.contains(v)) {
        throw new IllegalArgumentException(v);
      }
      return Dtype.parse(field, v);
    }, allowed, errors);
  }

  /** Parses one option through its enum's parser; a miss becomes a field error listing the enum's ids. */
  private static <T> T choice(String field, String id, Function<String, T> parse, List<String> allowed,
      List<FieldError> errors) {
    try {
      return parse.apply(id == null ? null : id.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(field, "unknown value '" + id + "'", allowed));
      return null;
    }
  }

  private static void throwIfAny(List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw new SpecException(errors);
    }
  }
}

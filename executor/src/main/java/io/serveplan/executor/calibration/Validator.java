package io.serveplan.executor.calibration;

import io.serveplan.executor.Backend;
import io.serveplan.executor.IdlePolicy;
import io.serveplan.executor.engine.Engine;
import io.serveplan.executor.engine.EngineClock;
import io.serveplan.executor.engine.EngineRequest;
import io.serveplan.executor.engine.EngineRun;
import io.serveplan.executor.engine.RequestRecord;
import io.serveplan.executor.engine.StepRecord;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.simulator.timing.TimingCoefficients;
import io.serveplan.simulator.timing.RooflineModel;
import io.serveplan.simulator.timing.StepComposition;
import io.serveplan.executor.model.LlamaModel;
import io.serveplan.executor.model.ModelConfig;
import io.serveplan.executor.model.ModelWeights;
import io.serveplan.executor.model.PagedKvCache;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.scheduler.PreemptionMode;
import io.serveplan.scheduler.SchedulerConfig;
import io.serveplan.simulator.Simulation;
import io.serveplan.simulator.SimulationOptions;
import io.serveplan.simulator.SimulationResult;
import io.serveplan.simulator.metrics.MetricsCollector;
import io.serveplan.simulator.plan.RunPlan;
import io.serveplan.simulator.plan.RunPlanResolver;
import io.serveplan.simulator.result.BenchServeMetrics;
import io.serveplan.simulator.spec.EngineSpec;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.timing.CalibrationProfile;
import io.serveplan.simulator.workload.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * Runs one what-if spec twice — in the simulator with a calibration profile, and for real on the
 * executor — and compares their result keys. Both see the same requests (the simulator's workload
 * generator with the spec's seed), the same scheduler configuration and the same number of KV
 * blocks (the simulator's memory plan), so the difference is the execution-time model's error.
 * Open-loop arrivals are paced on the executor's clock; closed-loop ones ({@code arrival:
 * concurrency}) come from the same number of clients in both, each sending its next request when
 * its last one has finished.
 */
public final class Validator {

  /** The keys whose relative error validation reports, in order. */
  public static final List<String> KEYS = List.of(
      "mean_ttft_ms", "median_ttft_ms", "p95_ttft_ms",
      "mean_tpot_ms", "median_tpot_ms", "p95_tpot_ms",
      "mean_e2el_ms", "median_e2el_ms", "p95_e2el_ms",
      "request_throughput", "output_throughput", "total_token_throughput", "duration");

  /**
   * What {@code validate} reports; maps keyed by docs/design.md result keys. Immutable.
   *
   * <p>{@code predictedAtMeasuredSpeed}: the simulator run again with every rate of the profile's
   * hardware divided by {@link #speedFactor()} and every overhead multiplied by it, so that each
   * step takes that factor times its calibrated time; its relative errors separate the execution-time model's error from the machine's drift.
   * The factor comes from the calibration sweep's own shapes, never from the workload's steps or
   * metrics; {@code predicted} and {@code relativeError} are the profile's prediction as it is.
   */
  public record Report(
      Map<String, Object> measured, Map<String, Object> predicted, Map<String, Double> relativeError,
      WhatIfSpec spec, String device, int numGpuBlocks, int steps, double wallSeconds, EngineClock clock,
      List<StepRecord> stepRecords, double[] stepPredictedNs, double probeErrorBefore, double probeErrorAfter,
      Map<String, Object> predictedAtMeasuredSpeed, Map<String, Double> relativeErrorAtMeasuredSpeed) {

    public Report {
      measured = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(measured));
      predicted = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(predicted));
      relativeError = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(relativeError));
      predictedAtMeasuredSpeed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(predictedAtMeasuredSpeed));
      relativeErrorAtMeasuredSpeed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(relativeErrorAtMeasuredSpeed));
      stepRecords = List.copyOf(stepRecords);
    }

    /**
     * The profile's median relative error on the reference steps, before and after the measured
     * run: what the machine's speed now adds to every prediction (0 when it runs as it did during
     * calibration; −0.05 when the reference steps take 5% longer than the profile predicts).
     */
    public double probeError() {
      return (probeErrorBefore + probeErrorAfter) / 2;
    }

    /**
     * How much longer the reference steps took around the run than the profile predicts
     * (measured / predicted: 1.0 when the machine runs as it did during calibration, 1.2 when it
     * is 20% slower).
     */
    public double speedFactor() {
      return Validator.speedFactor(probeErrorBefore, probeErrorAfter);
    }

    /**
     * The profile's error on the measured run's own steps: (Σ predicted − Σ measured) / Σ measured
     * over the steps that {@code filter} takes. It separates the execution-time model's error from
     * the rest of the table's: when it is near 0 but a key is off, the simulated run took a
     * different path (a burst that queued longer in one run than the other, a few steps slowed by the
     * machine) rather than mispricing the steps.
     */
    public double stepTimeError(java.util.function.Predicate<StepRecord> filter) {
      double measuredNs = 0;
      double predictedNs = 0;
      for (int i = 0; i < stepRecords.size(); i++) {
        if (filter.test(stepRecords.get(i))) {
          measuredNs += stepRecords.get(i).stepNs();
          predictedNs += stepPredictedNs[i];
        }
      }
      return measuredNs > 0 ? (predictedNs - measuredNs) / measuredNs : Double.NaN;
    }
  }

  /** Refuses engine runs longer than this (validate must finish in under three minutes). */
  public static final long MAX_ENGINE_WALL_NS = 150_000_000_000L;
  /** Refuses KV pools larger than this on the executor (fp32 K and V). */
  public static final long MAX_KV_BYTES = 3L * 1024 * 1024 * 1024;

  private Validator() {}

  /**
   * @param spec the workload and engine to run; its hardware and calibration are set to the
   *     profile's
   */
  public static Report validate(Backend backend, CalibrationProfile profile, WhatIfSpec spec, Catalog catalog,
      EngineClock clock, Consumer<String> progress) {
    return validate(backend, profile, spec, catalog, clock, IdlePolicy.SPIN, progress);
  }

  /**
   * @param idle how the executor waits between arrivals and between operators (calibrate with the
   *     same policy)
   */
  public static Report validate(Backend backend, CalibrationProfile profile, WhatIfSpec spec, Catalog catalog,
      EngineClock clock, IdlePolicy idle, Consumer<String> progress) {
    if (profile.hardware() == null) {
      throw new IllegalArgumentException("--profile: the profile has no measured hardware; re-run calibrate");
    }
    if (spec.replicas() != 1 || spec.tensorParallel() != 1) {
      throw new SpecException("replicas", "validate runs one replica without tensor parallelism (replicas: 1, "
          + "tensor_parallel: 1)");
    }
    WhatIfSpec run = spec.withHardware(profile.hardwareId()).withCalibration("profile");
    RunPlan plan = plan(run, catalog, profile);
    if (plan.engine().preemption() == PreemptionMode.SWAP) {
      throw new SpecException("engine.preemption", "validate runs recompute preemption only; allowed: "
          + PreemptionMode.RECOMPUTE.id());
    }
    ModelSpec modelSpec = plan.model();
    ModelConfig config = ModelConfig.fromCatalog(modelSpec);

    // predicted: the simulator with the profile's coefficients
    progress.accept("validate: simulating " + run.model() + " on " + run.hardware() + " with profile " + profile.id());
    SimulationResult predicted = Simulation.run(plan, options());
    WhatIfSpec resolved = predicted.spec();
    EngineSpec engine = resolved.engine();
    int numGpuBlocks = predicted.memoryPlan().numGpuBlocks();

    // measured: the same requests on the executor
    long kvBytes = (long) numGpuBlocks * engine.blockSize() * PagedKvCache.bytesPerToken(config);
    if (kvBytes > MAX_KV_BYTES) {
      throw new SpecException("engine.gpu_memory_utilization", String.format(java.util.Locale.ROOT,
          "the memory plan gives %d KV blocks, %.1f GB in the executor's fp32 cache (limit %.1f GB); lower "
              + "gpu_memory_utilization or the hardware profile's memory_gb", numGpuBlocks, kvBytes / 1e9,
          MAX_KV_BYTES / 1e9));
    }
    Workload workload = plan.workload(MAX_VALIDATE_REQUESTS);
    List<EngineRequest> requests = new ArrayList<>();
    for (int i = 0; i < workload.size(); i++) {
      // a closed loop's arrivals are set by the engine as its clients' requests finish; the engine
      // refuses a request longer than its KV pool or context by the simulator's rule (ClientDriver)
      long arrivalNs = workload.concurrency() > 0 ? 0 : workload.arrivalNs(i);
      requests.add(new EngineRequest(i, workload.promptTokens(i), workload.outputLen(i), arrivalNs));
    }
    // NOTE: the executor's paged cache is one full-attention pool: a hybrid model's KV-cache groups
    // stay the simulator's.
    SchedulerConfig schedulerConfig = plan.schedulerConfig().withKvCacheGroups(List.of());
    progress.accept(String.format(java.util.Locale.ROOT, "validate: running %d requests for real on %s "
        + "(%d KV blocks of %d tokens, %s clock, idle %s%s)", requests.size(), backend.deviceName(), numGpuBlocks,
        engine.blockSize(), clock.id(), idle.id(),
        workload.concurrency() > 0 ? ", " + workload.concurrency() + " closed-loop clients" : ""));
    EngineRun measuredRun;
    double[] probe;
    try (LlamaModel model = new LlamaModel(backend, ModelWeights.random(config, resolved.seed()), numGpuBlocks,
        engine.blockSize(), engine.maxNumBatchedTokens())) {
      Engine executorEngine = new Engine(model, schedulerConfig, idle);
      // NOTE: a warm-up pass first, as benchmark clients do: a cold JVM runs its first steps
      // interpreted, which made the first requests' prefills (and short runs as a whole) slower than
      // the server they stand for. Its scheduler and metrics are discarded; KV blocks are reused.
      executorEngine.run(warmUp(requests, config.vocabSize()), MAX_ENGINE_WALL_NS, clock);
      List<SweepShape> probeShapes = probeShapes(config, numGpuBlocks, engine.blockSize(), engine.maxNumBatchedTokens());
      double[] before = Calibrator.probe(model, probeShapes, engine.blockSize(), clock, PROBE_REPETITIONS);
      measuredRun = executorEngine.run(requests, workload.concurrency(), MAX_ENGINE_WALL_NS, clock);
      double[] after = Calibrator.probe(model, probeShapes, engine.blockSize(), clock, PROBE_REPETITIONS);
      probe = probeError(probeShapes, before, after, plan, progress);
    }
    MetricsCollector collector = new MetricsCollector(workload.size(), false);
    for (RequestRecord r : measuredRun.requests()) {
      collector.arrival(r.requestId(), r.arrivalNs(), r.promptTokens());
      for (long t : r.tokenTimesNs()) {
        collector.token(r.requestId(), t);
      }
      collector.finish(r.requestId(), r.finishNs());
    }
    BenchServeMetrics measured = collector.benchMetrics(collector.lastFinishNs(), resolved.slo());
    BenchServeMetrics predictedBench = predicted.metrics().bench();

    // the same prediction at the speed the reference steps showed around the run
    double speedFactor = speedFactor(probe[0], probe[1]);
    BenchServeMetrics atSpeed = null;
    if (Double.isFinite(speedFactor) && speedFactor > 0) {
      progress.accept(String.format(java.util.Locale.ROOT, "validate: simulating again at the measured speed "
          + "(reference steps %.3f× their calibrated time)", speedFactor));
      atSpeed = simulate(run, catalog, atSpeed(profile, speedFactor)).metrics().bench();
    }
    return new Report(measured.toMap(), predictedBench.toMap(), relativeErrors(measured, predictedBench), resolved,
        measuredRun.device(), numGpuBlocks, measuredRun.steps().size(), measuredRun.wallNs() / 1e9, clock,
        measuredRun.steps(), predictSteps(measuredRun.steps(), plan), probe[0], probe[1],
        atSpeed == null ? Map.of() : atSpeed.toMap(), atSpeed == null ? Map.of() : relativeErrors(measured, atSpeed));
  }

  /** Measured / predicted on the reference steps, from the profile's errors on them before and after. */
  static double speedFactor(double probeErrorBefore, double probeErrorAfter) {
    return 1 / (1 + (probeErrorBefore + probeErrorAfter) / 2);
  }

  /** Requests a validate run generates at most (the simulator's limit for it too). */
  static final long MAX_VALIDATE_REQUESTS = 100_000;

  /**
   * The simulator on {@code run} with the profile's coefficients and the profile's own hardware
   * (the run plan's hardware rule: a profile's measured hardware of the spec's id comes before the
   * catalog's entry, so a profile whose hardware was scaled ({@link #atSpeed}) runs with its scaled
   * rates).
   *
   * <p>NOTE: until 2026-12-01 the simulator took a catalog entry before the profile's hardware, so
   * such a profile ran with its overheads scaled and its rates not (the at-measured-speed figures
   * before it moved only by the overheads' share); the one resolver now holds the one rule.
   */
  public static SimulationResult simulate(WhatIfSpec run, Catalog catalog, CalibrationProfile profile) {
    return Simulation.run(plan(run, catalog, profile), options());
  }

  /** {@code run} resolved with {@code profile} as its calibration, whatever id the spec gives it. */
  static RunPlan plan(WhatIfSpec run, Catalog catalog, CalibrationProfile profile) {
    return new RunPlanResolver(catalog, idOrPath -> Optional.of(profile)).resolve(run);
  }

  private static SimulationOptions options() {
    return SimulationOptions.defaults().withLimits(MAX_VALIDATE_REQUESTS, 3600).withKeepRequests(false);
  }

  /**
   * (predicted − measured) / measured for every key both report, measured non-zero, in the
   * measured result's key order.
   */
  public static Map<String, Double> relativeErrors(BenchServeMetrics measured, BenchServeMetrics predicted) {
    Map<String, Double> error = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : measured.toMap().entrySet()) {
      double m = ((Number) e.getValue()).doubleValue();
      OptionalDouble p = predicted.value(e.getKey());
      if (p.isPresent() && m != 0) {
        error.put(e.getKey(), (p.getAsDouble() - m) / m);
      }
    }
    return error;
  }

  /**
   * The profile with every step {@code factor} times longer: the hardware's rates divided by it
   * and the overheads multiplied by it. The roofline's step time is a sum of bytes / rate,
   * FLOPs / rate and overheads, so each step's predicted time scales by exactly {@code factor}.
   */
  static CalibrationProfile atSpeed(CalibrationProfile profile, double factor) {
    GpuSpec g = profile.hardware();
    GpuSpec scaled = new GpuSpec(g.id(), g.name(), g.vendor(), g.memoryGb(), g.memoryBandwidthGbps() / factor,
        g.bf16Tflops() / factor, g.fp16Tflops() / factor, g.fp8Tflops() / factor, g.int8Tops() / factor,
        g.fp32Tflops() / factor, g.interconnectGbps() / factor, g.tdpWatts(), g.nativeDtypes(), g.source(), g.asOf(),
        g.confidence(), g.notes(), g.fp4Tflops() / factor, g.runtimeMemoryBytes(), g.scaleUpDomainGpus(),
        g.runtimeMemorySource());
    TimingCoefficients c = profile.coefficients();
    TimingCoefficients slower = new TimingCoefficients(c.computeEfficiency(), c.memoryEfficiency(),
        c.attentionEfficiency(), c.perStepOverheadUs() * factor, c.perLayerOverheadUs() * factor,
        c.perSequenceOverheadUs() * factor, c.perTokenOverheadUs() * factor, c.perKvTokenOverheadNs() * factor);
    return new CalibrationProfile(profile.id(), profile.backend(), profile.hardwareId(), profile.modelId(), scaled,
        slower, profile.r2(), profile.meanAbsRelError(), profile.samples(), profile.created());
  }

  /** Requests of the warm-up pass at most (the whole workload when it is smaller). */
  static final int MAX_WARM_UP_REQUESTS = 64;
  /** Prompt and output tokens of the warm-up pass at most (about 10-20 s on two cores for stories-42m). */
  static final long MAX_WARM_UP_TOKENS = 16_000;

  /**
   * The warm-up pass: the workload's own requests (at most {@value #MAX_WARM_UP_REQUESTS}), all
   * arriving at once (and no more than {@value #MAX_WARM_UP_TOKENS} tokens), with every token id shifted by one so nothing they cache can be hit by the
   * measured run (which starts with a fresh scheduler anyway). Same lengths and the same shared
   * prefixes, so the same code paths are compiled: a fixed warm-up of eight mid-sized prompts left a
   * 1-token prefill of the measured run to compiled-on-first-use code (65 ms instead of 6).
   */
  private static List<EngineRequest> warmUp(List<EngineRequest> requests, int vocab) {
    List<EngineRequest> warm = new ArrayList<>();
    long tokens = 0;
    for (int i = 0; i < Math.min(MAX_WARM_UP_REQUESTS, requests.size()); i++) {
      EngineRequest r = requests.get(i);
      tokens += r.promptTokenIds().length + r.numOutputTokens();
      if (tokens > MAX_WARM_UP_TOKENS && !warm.isEmpty()) {
        break;
      }
      int[] prompt = r.promptTokenIds().clone();
      for (int k = 0; k < prompt.length; k++) {
        prompt[k] = (prompt[k] + 1) % vocab;
      }
      warm.add(new EngineRequest(i, prompt, r.numOutputTokens(), 0));
    }
    return warm;
  }

  /** Timed runs of each reference step, before and after the measured run. */
  static final int PROBE_REPETITIONS = 3;

  /** The calibration sweep's steps that {@code validate} re-times as its reference (those that fit the run's limits). */
  static final List<String> PROBE_SHAPES = List.of("prefill-32@0", "prefill-128@0", "prefill-128@256",
      "decode-1@128", "decode-4@128", "decode-16@128", "decode-16@384", "mixed-128+4@256");

  private static List<SweepShape> probeShapes(ModelConfig config, int numGpuBlocks, int blockSize, int maxBatchTokens) {
    // NOTE: leave 64 blocks of slack: each sequence of a shape rounds up to whole blocks.
    long contextTokens = (long) Math.max(0, numGpuBlocks - 64) * blockSize;
    List<SweepShape> shapes = new ArrayList<>();
    for (SweepShape s : SweepShape.standard(config.maxPositions(), contextTokens, maxBatchTokens)) {
      if (PROBE_SHAPES.contains(s.name())) {
        shapes.add(s);
      }
    }
    return shapes;
  }

  /** {before, after}: the median over the reference steps of (predicted − measured) / measured. */
  private static double[] probeError(List<SweepShape> shapes, double[] before, double[] after, RunPlan plan,
      Consumer<String> progress) {
    if (shapes.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN};
    }
    RooflineModel roofline = plan.newTimeModel();
    StepComposition c = new StepComposition();
    double[] errBefore = new double[shapes.size()];
    double[] errAfter = new double[shapes.size()];
    for (int i = 0; i < shapes.size(); i++) {
      double predicted = roofline.stepTimeNs(new CalibrationSample(shapes.get(i), 0, 0, null).composition(c));
      errBefore[i] = (predicted - before[i]) / before[i];
      errAfter[i] = (predicted - after[i]) / after[i];
      progress.accept(String.format(java.util.Locale.ROOT, "  reference %-18s measured %8.2f ms before, %8.2f ms after;"
          + " predicted %8.2f ms", shapes.get(i).name(), before[i] / 1e6, after[i] / 1e6, predicted / 1e6));
    }
    java.util.Arrays.sort(errBefore);
    java.util.Arrays.sort(errAfter);
    return new double[] {median(errBefore), median(errAfter)};
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The profile's prediction of every measured step, for per-step diagnosis. */
  private static double[] predictSteps(List<StepRecord> steps, RunPlan plan) {
    RooflineModel roofline = plan.newTimeModel();
    StepComposition c = new StepComposition();
    double[] out = new double[steps.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = roofline.stepTimeNs(steps.get(i).composition(c));
    }
    return out;
  }

}

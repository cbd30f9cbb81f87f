package io.serveplan.cost.recommend;

import io.serveplan.cost.capacity.Capacity;
import io.serveplan.cost.capacity.CapacityOptions;
import io.serveplan.cost.capacity.CapacitySearch;
import io.serveplan.cost.price.PriceCatalog;
import io.serveplan.cost.sheet.WorkloadSheet;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.EnginePreset;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.simulator.CalibrationResolver;
import io.serveplan.simulator.plan.RunPlan;
import io.serveplan.simulator.plan.RunPlanResolver;
import io.serveplan.simulator.spec.EngineSpec;
import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.spec.WhatIfSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Searches serving configurations for a workload sheet and ranks every way to serve it by monthly
 * cost at the SLO.
 *
 * <pre>
 *   enumerate   model × GPU (candidates, or all) × tp 1,2,4,8 × weight dtype the GPU computes natively
 *               × engine preset × max_num_seqs {64,128,256,512} × max_num_batched_tokens {2048,8192}
 *   prune       no price for the GPU; does not fit (memory planner); heads not divisible by tp;
 *               tp above twice the smallest that fits; a lone request misses TTFT or TPOT (roofline)
 *   screen      analytic estimate of the rate at the SLO → estimated $ per request/s
 *   calibrate   a sheet's calibration profile replaces the preset's timing for the candidates of its model,
 *               hardware and engine (and tensor parallelism, when given)
 *   simulate    per model {@value #SIMULATIONS_PER_MODEL} configurations spread over the {@value
 *               #GPUS_PER_MODEL} cheapest GPUs: capacity search by simulation, {@value #THREADS} threads
 *   price       self-hosted, managed and serverless fleets of each, hosted APIs of the same model
 * </pre>
 *
 * Thread-safe when its {@link CapacitySearch} is; repeated calls reuse its cache.
 */
public final class Recommender {

  static final int THREADS = 2;
  static final int GPUS_PER_MODEL = 6;
  static final int SIMULATIONS_PER_MODEL = 10;
  /** Tensor-parallel sizes tried; above 8 only on a GPU whose NVLink domain holds them (NVL72). */
  private static final int[] TENSOR_PARALLEL = {1, 2, 4, 8, 16, 32, 64};
  private static final int[] MAX_NUM_SEQS = {64, 128, 256, 512};
  private static final int[] MAX_NUM_BATCHED_TOKENS = {2048, 8192};
  private static final List<Dtype> DEFAULT_DTYPES = List.of(Dtype.BF16, Dtype.FP8, Dtype.INT8);
  static final double GPU_MEMORY_UTILIZATION = 0.90;

  private final CapacitySearch search;
  private final CapacityOptions capacityOptions;
  private final CalibrationResolver calibrations;
  private final Progress progress;

  /**
   * Where a recommendation reports how far it is and learns that it was cancelled: {@code done}
   * of {@code total} capacity searches finished (the steps that take the time).
   */
  public interface Progress {
    Progress NONE = new Progress() {
      @Override
      public void searched(int done, int total) {}

      @Override
      public boolean cancelled() {
        return false;
      }
    };

    void searched(int done, int total);

    boolean cancelled();
  }

  /** Thrown by {@link #recommend} when its {@link Progress} says the run was cancelled. */
  public static final class CancelledException extends RuntimeException {
    CancelledException(int done, int total) {
      super("recommendation cancelled after " + done + " of " + total + " capacity searches");
    }
  }

  /** A recommender that simulates over the catalog passed to {@link #recommend}. */
  public Recommender() {
    this(null, CapacityOptions.defaults());
  }

  /** A recommender with its own capacity search (and cache); {@code attainment} comes from the sheet. */
  public Recommender(CapacitySearch search, CapacityOptions capacityOptions) {
    this(search, capacityOptions, CalibrationResolver.FILES, Progress.NONE);
  }

  private Recommender(CapacitySearch search, CapacityOptions capacityOptions, CalibrationResolver calibrations,
      Progress progress) {
    this.search = search;
    this.capacityOptions = capacityOptions;
    this.calibrations = calibrations;
    this.progress = progress;
  }

  /** This recommender reporting each finished capacity search to {@code p}, and stopping when it says cancelled. */
  public Recommender withProgress(Progress p) {
    return new Recommender(search, capacityOptions, calibrations, p == null ? Progress.NONE : p);
  }

  /**
   * This recommender finding the profiles a sheet's {@code calibrations} name with {@code
   * resolver} (default: files); the web app passes its stored profiles.
   */
  public Recommender withCalibrations(CalibrationResolver resolver) {
    return new Recommender(search, capacityOptions, resolver == null ? CalibrationResolver.FILES : resolver, progress);
  }

  public Recommendation recommend(WorkloadSheet sheet, Catalog catalog, PriceCatalog prices) {
    long startNs = System.nanoTime();
    validateIds(sheet, catalog, prices);
    CandidateProfiles profiles = CandidateProfiles.of(sheet, catalog, gpus(sheet, catalog), calibrations);
    List<String> excluded = new ArrayList<>();
    double in = meanLength(sheet.workload().inputTokens(), "workload.input_tokens");
    double out = meanLength(sheet.workload().outputTokens(), "workload.output_tokens");
    Pricing pricing = new Pricing(sheet, prices);
    List<Config> feasible = new ArrayList<>();
    int enumerated = 0;
    for (String modelId : sheet.candidates().models()) {
      ModelSpec model = catalog.model(modelId);
      for (GpuSpec gpu : gpus(sheet, catalog)) {
        if (!pricing.anyPrice(gpu.id())) {
          excluded.add(modelId + " on " + gpu.id() + ": no " + sheet.pricing().id()
              + ", serverless or managed price for this GPU (add one in a price file)");
          continue;
        }
        enumerated += enumerate(sheet, catalog, model, gpu, in, out, feasible, excluded, profiles);
      }
    }
    List<Config> chosen = choose(feasible, pricing);
    Map<Config, Capacity> capacities = simulate(chosen, sheet, catalog);
    OptionBuilder builder = new OptionBuilder(sheet, prices, pricing, in, out);
    Recommendation r = builder.build(capacities, excluded);
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("configurations_enumerated", enumerated);
    stats.put("configurations_feasible", feasible.size());
    stats.put("configurations_simulated", chosen.size());
    stats.put("threads", THREADS);
    stats.put("wall_s", Math.round((System.nanoTime() - startNs) / 1e7) / 100.0);
    return new Recommendation(r.options(), r.breakEven(), r.breakEvenByModel(), r.pareto(), r.apiComparison(), r.monthlyTokens(),
        r.inputTokenShare(), r.slo(), r.assumptions(), r.excluded(), stats);
  }

  private int enumerate(
      WorkloadSheet sheet, Catalog catalog, ModelSpec model, GpuSpec gpu, double in, double out,
      List<Config> feasible, List<String> excluded, CandidateProfiles profiles) {
    int count = 0;
    int smallestTp = 0;
    String lastReason = null;
    List<EnginePreset> runnable = new ArrayList<>();
    RunPlanResolver resolver = new RunPlanResolver(catalog, calibrations);
    for (EnginePreset preset : presets(sheet, catalog)) {
      if (EngineSupport.builtin().runsOn(preset.id(), gpu.vendor())) {
        runnable.add(preset);
      } else {
        excluded.add(model.id() + " on " + gpu.id() + " with " + preset.id() + ": "
            + EngineSupport.builtin().whyNot(preset.id(), gpu.vendor()));
      }
    }
    for (int tp : TENSOR_PARALLEL) {
      if (smallestTp > 0 && tp > 2 * smallestTp) {
        break;
      }
      if (tp > 8 && tp > gpu.scaleUpDomainGpus()) {
        break;
      }
      if (model.numHeads() % tp != 0) {
        continue;
      }
      for (Dtype dtype : dtypes(sheet, gpu)) {
        for (EnginePreset preset : runnable) {
          for (int seqs : MAX_NUM_SEQS) {
            for (int batched : MAX_NUM_BATCHED_TOKENS) {
              count++;
              EngineSpec engine = EngineSpec.of(preset.id(), EngineSpec.CHUNKED_PREFILL, seqs, batched, preset.blockSize(),
                  preset.prefixCaching()).withGpuMemoryUtilization(GPU_MEMORY_UTILIZATION);
              WhatIfSpec spec = WhatIfSpec.defaults().withModel(model.id()).withHardware(gpu.id()).withTensorParallel(tp)
                  .withWeightsDtype(dtype.id()).withKvCacheDtype(Dtype.BF16.id()).withEngine(engine)
                  .withWorkload(sheet.workload()).withSlo(sheet.slo()).withSeed(capacityOptions.seed());
              String profile = profiles.profileFor(model, gpu, preset, tp);
              if (profile != null) {
                spec = spec.withCalibration(profile);
              }
              RunPlan run;
              try {
                run = resolver.resolve(spec, in + out);
              } catch (SpecException e) {
                lastReason = "does not fit: " + e.getMessage();
                continue;
              }
              if (smallestTp == 0) {
                smallestTp = tp;
              }
              Estimate est = Estimate.of(run.newTimeModel(), run.memory(), seqs, batched, in, out, sheet.slo());
              if (!est.feasible()) {
                lastReason = String.format(Locale.ROOT,
                    "a lone request misses the SLO even at tp %d: TTFT %.0f ms, TPOT %.1f ms (targets %.0f, %.0f)",
                    tp, est.loneTtftMs(), est.loneTpotMs(), sheet.slo().ttftMs(), sheet.slo().tpotMs());
                continue;
              }
              feasible.add(new Config(run, est));
            }
          }
        }
      }
    }
    if (feasible.stream().noneMatch(c -> c.model() == model && c.gpu() == gpu) && lastReason != null) {
      excluded.add(model.id() + " on " + gpu.id() + ": " + lastReason);
    }
    return count;
  }

  /**
   * Per model, up to {@value #SIMULATIONS_PER_MODEL} configurations, spread over the {@value
   * #GPUS_PER_MODEL} GPUs that are cheapest by estimate: each GPU's picks are queued (best group's
   * best settings; the best group at another tensor parallelism; the other groups' best; the best
   * group's runner-up settings) and taken round-robin, cheapest GPU first. Spreading over GPUs keeps
   * the serverless and managed offers (which exist only for some GPUs) and the Pareto frontier in
   * view.
   */
  private static List<Config> choose(List<Config> feasible, Pricing pricing) {
    Comparator<Config> byCost = Comparator.<Config>comparingDouble(c -> estimatedUsdPerRps(c, pricing))
        .thenComparing(c -> c.engine().preset());
    Map<String, List<Config>> groups = new LinkedHashMap<>();
    for (Config c : feasible) {
      groups.computeIfAbsent(c.group(), k -> new ArrayList<>()).add(c);
    }
    groups.values().forEach(l -> l.sort(byCost));
    // model -> gpu -> groups
    Map<String, Map<String, List<List<Config>>>> tree = new LinkedHashMap<>();
    for (List<Config> g : groups.values()) {
      Config head = g.get(0);
      tree.computeIfAbsent(head.model().id(), k -> new LinkedHashMap<>())
          .computeIfAbsent(head.gpu().id(), k -> new ArrayList<>()).add(g);
    }
    List<Config> chosen = new ArrayList<>();
    for (Map<String, List<List<Config>>> perGpu : tree.values()) {
      List<List<Config>> queues = new ArrayList<>();
      for (List<List<Config>> gpuGroups : perGpu.values()) {
        gpuGroups.sort(Comparator.comparing(g -> g.get(0), byCost));
        queues.add(queue(gpuGroups));
      }
      queues.sort(Comparator.comparing(q -> q.get(0), byCost));
      List<List<Config>> top = queues.subList(0, Math.min(GPUS_PER_MODEL, queues.size()));
      int taken = 0;
      for (int level = 0; taken < SIMULATIONS_PER_MODEL; level++) {
        boolean any = false;
        for (List<Config> q : top) {
          if (level < q.size() && taken < SIMULATIONS_PER_MODEL) {
            chosen.add(q.get(level));
            taken++;
            any = true;
          }
        }
        if (!any) {
          break;
        }
      }
    }
    return chosen;
  }

  private static List<Config> queue(List<List<Config>> gpuGroups) {
    List<Config> q = new ArrayList<>();
    List<Config> best = gpuGroups.get(0);
    q.add(best.get(0));
    gpuGroups.stream().filter(g -> g.get(0).tensorParallel() != best.get(0).tensorParallel()).findFirst()
        .ifPresent(g -> q.add(g.get(0)));
    for (List<Config> g : gpuGroups) {
      if (!q.contains(g.get(0))) {
        q.add(g.get(0));
      }
    }
    for (int i = 1; i < Math.min(3, best.size()); i++) {
      q.add(best.get(i));
    }
    return q;
  }

  static double estimatedUsdPerRps(Config c, Pricing pricing) {
    return c.tensorParallel() * pricing.referenceUsdPerGpuHour(c.gpu().id()) / Math.max(1e-9, c.estimate().rps());
  }

  private Map<Config, Capacity> simulate(List<Config> chosen, WorkloadSheet sheet, Catalog catalog) {
    CapacitySearch s = search != null ? search : new CapacitySearch();
    CapacityOptions base = capacityOptions.withAttainment(sheet.attainment());
    ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "recommend-capacity");
      t.setDaemon(true);
      return t;
    });
    try {
      CompletionService<Capacity> done = new ExecutorCompletionService<>(pool);
      Map<Config, Future<Capacity>> futures = new LinkedHashMap<>();
      for (Config c : chosen) {
        // start below the optimistic estimate: bracketing upward is cheaper than downward
        CapacityOptions o = base.withInitialRps(Math.max(0.05, c.estimate().rps() * 0.6));
        futures.put(c, done.submit(() -> s.search(c.run(), o)));
      }
      int total = futures.size();
      progress.searched(0, total);
      for (int finished = 0; finished < total; finished++) {
        if (progress.cancelled()) {
          throw new CancelledException(finished, total);
        }
        done.take().get(); // the first failure surfaces here, with its cause
        progress.searched(finished + 1, total);
      }
      Map<Config, Capacity> out = new LinkedHashMap<>();
      for (Map.Entry<Config, Future<Capacity>> e : futures.entrySet()) {
        out.put(e.getKey(), e.getValue().get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("recommend interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("capacity search failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  static List<GpuSpec> gpus(WorkloadSheet sheet, Catalog catalog) {
    if (!sheet.candidates().hardware().isEmpty()) {
      return sheet.candidates().hardware().stream().map(catalog::gpu).toList();
    }
    return catalog.gpus().stream().filter(g -> !g.id().equals("cpu-local")).toList();
  }

  private static List<Dtype> dtypes(WorkloadSheet sheet, GpuSpec gpu) {
    if (!sheet.candidates().weightsDtypes().isEmpty()) {
      return sheet.candidates().weightsDtypes().stream()
          .map(d -> Dtype.parse("candidates.weights_dtypes", d))
          .filter(d -> d == Dtype.INT4 || d.isFp4() || d == Dtype.BF16 || gpu.supports(d)) // 4-bit: weight-only where not native
          .toList();
    }
    return DEFAULT_DTYPES.stream().filter(d -> d == Dtype.BF16 || gpu.supports(d)).toList();
  }

  private static List<EnginePreset> presets(WorkloadSheet sheet, Catalog catalog) {
    if (!sheet.candidates().engines().isEmpty()) {
      return sheet.candidates().engines().stream().map(catalog::engine).toList();
    }
    return catalog.engines();
  }

  private static double meanLength(io.serveplan.simulator.spec.LengthSpec l, String field) {
    double v = l.expectedValue();
    if (!(v > 0)) {
      throw new SpecException(field + ".distribution",
          "a workload sheet needs lengths with a known mean; '" + l.distribution() + "' has none here",
          List.of("fixed", "uniform", "normal", "lognormal"));
    }
    return v;
  }

  private static void validateIds(WorkloadSheet sheet, Catalog catalog, PriceCatalog prices) {
    List<FieldError> errors = new ArrayList<>();
    check(sheet.candidates().models(), "candidates.models", catalog.modelIds(), errors);
    check(sheet.candidates().hardware(), "candidates.hardware", catalog.gpuIds(), errors);
    check(sheet.candidates().engines(), "candidates.engines", catalog.engineIds(), errors);
    List<String> apiIds = prices.apiPrices().stream().map(a -> a.id()).toList();
    check(sheet.candidates().apiIds(), "candidates.apis", apiIds, errors);
    if (!errors.isEmpty()) {
      throw new SpecException(errors);
    }
  }

  private static void check(List<String> ids, String field, List<String> known, List<FieldError> errors) {
    for (int i = 0; i < ids.size(); i++) {
      if (!known.contains(ids.get(i))) {
        errors.add(new FieldError(field + "[" + i + "]", "unknown id '" + ids.get(i) + "'", known));
      }
    }
  }
}

package io.serveplan.cost.recommend;

import io.serveplan.cost.price.PriceCatalog;
import io.serveplan.cost.sheet.SheetReader;
import io.serveplan.cost.sheet.WorkloadSheet;
import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.Simulation;
import io.serveplan.simulator.SimulationOptions;
import io.serveplan.simulator.spec.EngineSpec;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.spec.WorkloadSpec;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a recommendation's capacity against long simulations: the highest rate at which one
 * {@code n}-request run (20,000 by default, another seed than the search's) keeps the SLO
 * attainment (goodput ÷ throughput over all its requests), found by bisection to 1 %, and that
 * run's verdict at 1.1 × the reported capacity.
 *
 * <pre>
 *   java -cp ... io.serveplan.cost.recommend.CapacityCheck [--requests N] sheet.yaml...
 * </pre>
 */
public record CapacityCheck(String label, double reportedRps, double referenceRps, double attainmentAtReported,
    double attainmentAt110, double target) {

  static final long CHECK_SEED = 7;

  public double relativeError() {
    return reportedRps / referenceRps - 1;
  }

  public boolean failsAt110() {
    return attainmentAt110 < target;
  }

  /** The best self-hosted option of {@code sheet}, checked with {@code n}-request runs. */
  public static CapacityCheck of(WorkloadSheet sheet, Recommendation r, Catalog catalog, int n) {
    SelfHostedOption o = r.options().stream().filter(SelfHostedOption.class::isInstance)
        .map(SelfHostedOption.class::cast).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no self-hosted option to check"));
    WhatIfSpec spec = spec(o, sheet, catalog);
    double target = sheet.attainment();
    double reported = o.gpuFleet().capacityRps();
    double lo = reported * 0.5;
    double hi = reported * 1.5;
    while (attainment(spec, lo, n, catalog) < target) {
      hi = lo;
      lo /= 2;
    }
    while (attainment(spec, hi, n, catalog) >= target) {
      lo = hi;
      hi *= 1.5;
    }
    while ((hi - lo) / lo > 0.01) {
      double mid = (lo + hi) / 2;
      if (attainment(spec, mid, n, catalog) >= target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return new CapacityCheck(o.label(), reported, lo, attainment(spec, reported, n, catalog),
        attainment(spec, reported * 1.1, n, catalog), target);
  }

  /** The one-replica spec an option describes. */
  static WhatIfSpec spec(GpuOption o, WorkloadSheet sheet, Catalog catalog) {
    GpuFleet f = o.gpuFleet();
    Map<String, Object> e = f.engine();
    EngineSpec engine = EngineSpec.of((String) e.get("preset"), (String) e.get("scheduler"),
        (Integer) e.get("max_num_seqs"), (Integer) e.get("max_num_batched_tokens"), (Integer) e.get("block_size"),
        (Boolean) e.get("prefix_caching")).withGpuMemoryUtilization(Recommender.GPU_MEMORY_UTILIZATION)
        .resolve(catalog.engine((String) e.get("preset")));
    // the defaults' replicas (1), kv_cache_dtype (bf16), router and calibration (none), as the search ran it
    return WhatIfSpec.defaults().withModel(o.model()).withHardware(f.hardware()).withTensorParallel(f.tensorParallel())
        .withWeightsDtype(f.weightsDtype()).withEngine(engine).withWorkload(sheet.workload()).withSlo(sheet.slo())
        .withSeed(CHECK_SEED);
  }

  /** Goodput ÷ throughput of one {@code n}-request Poisson run at {@code rps}. */
  static double attainment(WhatIfSpec spec, double rps, int n, Catalog catalog) {
    WorkloadSpec w = spec.workload();
    WhatIfSpec s = spec.withWorkload(new WorkloadSpec("poisson", rps, 1.0, null, n, w.inputTokens(), w.outputTokens(),
        w.sharedPrefix(), w.trace(), 1.0));
    var res = Simulation.run(s, catalog, SimulationOptions.defaults().withLimits(SimulationOptions.DEFAULT_MAX_REQUESTS,
        30L * 24 * 3600));
    double thr = res.metrics().bench().requestThroughput();
    double good = res.metrics().bench().requestGoodput().orElse(0);
    return thr > 0 ? Math.min(1, good / thr) : 0;
  }

  public static void main(String[] args) {
    int n = 20_000;
    Catalog catalog = Catalog.builtin();
    System.out.println("sheet | option | reported req/s | 20k-run highest holding req/s | error | attainment at "
        + "reported | at 1.1x | 1.1x fails | recommend wall s");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--requests")) {
        n = Integer.parseInt(args[++i]);
        continue;
      }
      WorkloadSheet sheet = SheetReader.read(Path.of(args[i]));
      long t0 = System.nanoTime();
      Recommendation r = new Recommender().recommend(sheet, catalog, PriceCatalog.builtin());
      double wall = (System.nanoTime() - t0) / 1e9;
      CapacityCheck c = of(sheet, r, catalog, n);
      System.out.printf(Locale.ROOT, "%s | %s | %.2f | %.2f | %+.1f%% | %.3f | %.3f | %s | %.1f%n",
          Path.of(args[i]).getFileName(), c.label(), c.reportedRps(), c.referenceRps(), c.relativeError() * 100,
          c.attainmentAtReported(), c.attainmentAt110(), c.failsAt110() ? "yes" : "NO", wall);
    }
  }
}

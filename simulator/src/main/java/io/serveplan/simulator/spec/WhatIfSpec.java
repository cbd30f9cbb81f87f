package io.serveplan.simulator.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.serveplan.hardware.Dtype;
import io.serveplan.simulator.cluster.RoutingPolicy;
import java.util.EnumSet;
import java.util.List;

/**
 * A what-if question (docs/design.md): which model on which GPU, how it is served, what traffic it
 * gets, which SLO it must meet. Read it with {@link SpecReader}; every field has a default there.
 * Build one in code from {@link #defaults()} with the {@code with*} methods (each returns a copy with
 * one field changed), never with the positional constructor. Resolve it against the catalogs with
 * {@link io.serveplan.simulator.plan.RunPlanResolver}. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WhatIfSpec(
    String model,
    String hardware,
    int tensorParallel,
    int replicas,
    String weightsDtype,
    String kvCacheDtype,
    EngineSpec engine,
    String router,
    WorkloadSpec workload,
    SloSpec slo,
    long seed,
    String calibration) {

  /** The router ids ({@link RoutingPolicy}). */
  public static final List<String> ROUTERS = RoutingPolicy.ids();
  /** The weight dtypes a spec may name: every {@link Dtype} below fp32. */
  public static final List<String> WEIGHT_DTYPES = ids(EnumSet.range(Dtype.BF16, Dtype.MXFP4));
  /** The KV-cache dtypes a spec may name. */
  public static final List<String> KV_DTYPES = ids(EnumSet.of(Dtype.BF16, Dtype.FP16, Dtype.FP8));

  public static WhatIfSpec defaults() {
    return new WhatIfSpec(
        "llama-3.1-8b",
        "h100-sxm",
        1,
        1,
        "bf16",
        "bf16",
        EngineSpec.defaults(),
        RoutingPolicy.LEAST_OUTSTANDING.id(),
        WorkloadSpec.defaults(),
        SloSpec.defaults(),
        42,
        null);
  }

  public WhatIfSpec withModel(String id) {
    return new WhatIfSpec(id, hardware, tensorParallel, replicas, weightsDtype, kvCacheDtype,
        engine, router, workload, slo, seed, calibration);
  }

  public WhatIfSpec withHardware(String id) {
    return new WhatIfSpec(model, id, tensorParallel, replicas, weightsDtype, kvCacheDtype,
        engine, router, workload, slo, seed, calibration);
  }

  public WhatIfSpec withTensorParallel(int tp) {
    return new WhatIfSpec(model, hardware, tp, replicas, weightsDtype, kvCacheDtype,
        engine, router, workload, slo, seed, calibration);
  }

  public WhatIfSpec withReplicas(int n) {
    return new WhatIfSpec(model, hardware, tensorParallel, n, weightsDtype, kvCacheDtype,
        engine, router, workload, slo, seed, calibration);
  }

  public WhatIfSpec withWeightsDtype(String id) {
    return new WhatIfSpec(model, hardware, tensorParallel, replicas, id, kvCacheDtype,
        engine, router, workload, slo, seed, calibration);
  }

  public WhatIfSpec withKvCacheDtype(String id) {
    return new WhatIfSpec(model, hardware, tensorParallel, replicas, weightsDtype, id,
        engine, router, workload, slo, seed, calibration);
  }

  public WhatIfSpec withRouter(String id) {
    return new WhatIfSpec(model, hardware, tensorParallel, replicas, weightsDtype, kvCacheDtype,
        engine, id, workload, slo, seed, calibration);
  }

  public WhatIfSpec withSlo(SloSpec s) {
    return new WhatIfSpec(model, hardware, tensorParallel, replicas, weightsDtype, kvCacheDtype,
        engine, router, workload, s, seed, calibration);
  }

  public WhatIfSpec withSeed(long s) {
    return new WhatIfSpec(model, hardware, tensorParallel, replicas, weightsDtype, kvCacheDtype,
        engine, router, workload, slo, s, calibration);
  }

  /** @param idOrPath a calibration profile's id or path, or null for the engine preset's coefficients */
  public WhatIfSpec withCalibration(String idOrPath) {
    return new WhatIfSpec(model, hardware, tensorParallel, replicas, weightsDtype, kvCacheDtype,
        engine, router, workload, slo, seed, idOrPath);
  }

  public WhatIfSpec withWorkload(WorkloadSpec w) {
    return new WhatIfSpec(model, hardware, tensorParallel, replicas, weightsDtype, kvCacheDtype,
        engine, router, w, slo, seed, calibration);
  }

  public WhatIfSpec withEngine(EngineSpec e) {
    return new WhatIfSpec(model, hardware, tensorParallel, replicas, weightsDtype, kvCacheDtype,
        e, router, workload, slo, seed, calibration);
  }

  private static List<String> ids(EnumSet<Dtype> dtypes) {
    return dtypes.stream().map(Dtype::id).toList();
  }
}

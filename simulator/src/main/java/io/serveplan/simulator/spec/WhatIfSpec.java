package io.serveplan.simulator.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A what-if question (docs/design.md): which model on which GPU, how it is served, what traffic it
 * gets, which SLO it must meet. Read it with {@link SpecReader}; every field has a default there.
 * Immutable.
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

  public static final List<String> ROUTERS =
      List.of("round-robin", "least-outstanding", "prefix-affinity");
  public static final List<String> WEIGHT_DTYPES =
      List.of("bf16", "fp16", "fp8", "int8", "int4", "fp4", "mxfp4");
  public static final List<String> KV_DTYPES = List.of("bf16", "fp16", "fp8");

  public static WhatIfSpec defaults() {
    return new WhatIfSpec(
        "llama-3.1-8b",
        "h100-sxm",
        1,
        1,
        "bf16",
        "bf16",
        EngineSpec.defaults(),
        "least-outstanding",
        WorkloadSpec.defaults(),
        SloSpec.defaults(),
        42,
        null);
  }

  public WhatIfSpec withWorkload(WorkloadSpec w) {
    return new WhatIfSpec(model, hardware, tensorParallel, replicas, weightsDtype, kvCacheDtype,
        engine, router, w, slo, seed, calibration);
  }

  public WhatIfSpec withEngine(EngineSpec e) {
    return new WhatIfSpec(model, hardware, tensorParallel, replicas, weightsDtype, kvCacheDtype,
        e, router, workload, slo, seed, calibration);
  }
}

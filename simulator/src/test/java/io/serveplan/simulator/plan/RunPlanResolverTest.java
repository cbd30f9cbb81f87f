package io.serveplan.simulator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.scheduler.PreemptionMode;
import io.serveplan.scheduler.SchedulerConfig;
import io.serveplan.scheduler.SchedulingPolicy;
import io.serveplan.simulator.CalibrationResolver;
import io.serveplan.simulator.Simulation;
import io.serveplan.simulator.SimulationOptions;
import io.serveplan.simulator.cluster.RoutingPolicy;
import io.serveplan.simulator.memory.MemoryPlan;
import io.serveplan.simulator.memory.MemoryPlanner;
import io.serveplan.simulator.spec.ArrivalProcess;
import io.serveplan.simulator.spec.EngineSpec;
import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.spec.WorkloadSpec;
import io.serveplan.simulator.timing.CalibrationProfile;
import io.serveplan.simulator.timing.TimingCoefficients;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunPlanResolverTest {

  private static final Catalog CATALOG = Catalog.builtin();
  private final RunPlanResolver resolver = new RunPlanResolver(CATALOG);

  @Test
  void resolvesTheDefaultSpecIntoTypedParts() {
    RunPlan plan = resolver.resolve(WhatIfSpec.defaults());

    assertThat(plan.model()).isEqualTo(CATALOG.model("llama-3.1-8b"));
    assertThat(plan.gpu()).isEqualTo(CATALOG.gpu("h100-sxm"));
    assertThat(plan.weightsDtype()).isEqualTo(Dtype.BF16);
    assertThat(plan.kvCacheDtype()).isEqualTo(Dtype.BF16);
    assertThat(plan.engine().preset()).isEqualTo(CATALOG.engine("vllm"));
    assertThat(plan.engine().policy()).isEqualTo(SchedulingPolicy.fromId(CATALOG.engine("vllm").defaultScheduler()));
    assertThat(plan.engine().preemption()).isEqualTo(PreemptionMode.RECOMPUTE);
    assertThat(plan.router()).isEqualTo(RoutingPolicy.LEAST_OUTSTANDING);
    assertThat(plan.timing().origin()).isEqualTo(TimingOrigin.PRESET);
    assertThat(plan.timing().source()).isEqualTo("vllm");
    assertThat(plan.timing().coefficients()).isEqualTo(TimingCoefficients.fromPreset(CATALOG.engine("vllm")));
    // the spec as run carries the preset's defaults
    assertThat(plan.spec().engine().maxNumSeqs()).isEqualTo(CATALOG.engine("vllm").maxNumSeqs());
    assertThat(plan.calibration()).isEmpty();
  }

  @Test
  void memoryPlanIsThePlannersForTheResolvedEngine() {
    RunPlan plan = resolver.resolve(WhatIfSpec.defaults());
    EngineConfig e = plan.engine();
    MemoryPlan direct = MemoryPlanner.plan(plan.model(), plan.gpu(), 1, Dtype.BF16, Dtype.BF16,
        e.gpuMemoryUtilization(), e.maxNumBatchedTokens(), e.maxNumSeqs(), e.blockSize(), 0);
    assertThat(plan.memory()).isEqualTo(direct);
  }

  @Test
  void forWorkloadSizesMaxConcurrencyForTheWorkloadsMeanLength() {
    RunPlan plan = resolver.resolve(WhatIfSpec.defaults());
    var w = plan.workload(SimulationOptions.DEFAULT_MAX_REQUESTS);
    RunPlan sized = plan.forWorkload(w);
    double tokens = w.meanPromptLen() + w.meanOutputLen();
    assertThat(sized.memory().numGpuBlocks()).isEqualTo(plan.memory().numGpuBlocks());
    assertThat(sized.memory().maxConcurrency())
        .isEqualTo((double) plan.memory().numGpuBlocks() * plan.memory().blockSize() / tokens);
  }

  @Test
  void reportsEveryUnknownIdAtOnceWithTheCatalogsIds() {
    WhatIfSpec spec = WhatIfSpec.defaults().withModel("llama-9").withHardware("h900")
        .withEngine(EngineSpec.of("vlm", null, null, null, null, null));
    assertThatThrownBy(() -> resolver.resolve(spec))
        .isInstanceOf(SpecException.class)
        .satisfies(e -> assertThat(((SpecException) e).errors()).extracting(FieldError::field)
            .containsExactly("model", "engine.preset", "hardware"))
        .hasMessageContaining("model: unknown model 'llama-9'; allowed: ")
        .hasMessageContaining("hardware: unknown hardware 'h900'; allowed: ");
  }

  @Test
  void optionErrorsListTheAllowedValuesReadFromTheEnums() {
    WhatIfSpec spec = WhatIfSpec.defaults().withRouter("random").withWeightsDtype("fp64")
        .withEngine(new EngineSpec("vllm", "fifo", null, null, null, null, 0.9, "discard"));
    assertThatThrownBy(() -> resolver.resolve(spec))
        .hasMessageContaining("engine.scheduler: unknown value 'fifo'; allowed: "
            + String.join(", ", SchedulingPolicy.ids()))
        .hasMessageContaining("engine.preemption: unknown value 'discard'; allowed: "
            + String.join(", ", PreemptionMode.ids()))
        .hasMessageContaining("router: unknown value 'random'; allowed: " + String.join(", ", RoutingPolicy.ids()))
        .hasMessageContaining("weights_dtype: unknown value 'fp64'; allowed: bf16, fp16, fp8, int8, int4, fp4, mxfp4");
  }

  @Test
  void theSpecReaderAcceptsExactlyTheEnumsIds() {
    assertThat(EngineSpec.SCHEDULERS).isEqualTo(SchedulingPolicy.ids());
    assertThat(EngineSpec.PREEMPTIONS).isEqualTo(PreemptionMode.ids());
    assertThat(WhatIfSpec.ROUTERS).isEqualTo(RoutingPolicy.ids());
    assertThat(WorkloadSpec.ARRIVALS).isEqualTo(ArrivalProcess.ids());
    assertThat(WorkloadSpec.RATE_ARRIVALS).containsExactly("poisson", "gamma", "constant");
    assertThatThrownBy(() -> SpecReader.parse("workload: {arrival: poison}"))
        .hasMessage("workload.arrival: unknown value 'poison'; allowed: " + String.join(", ", ArrivalProcess.ids()));
    assertThatThrownBy(() -> SpecReader.parse("router: random"))
        .hasMessage("router: unknown value 'random'; allowed: round-robin, least-outstanding, prefix-affinity");
  }

  @Test
  void chunkedPrefillNeedsATokenBudgetOfAtLeastMaxNumSeqs() {
    WhatIfSpec spec = WhatIfSpec.defaults()
        .withEngine(EngineSpec.of("vllm", "chunked-prefill", 256, 128, null, null));
    assertThatThrownBy(() -> resolver.resolve(spec))
        .hasMessage("engine.max_num_batched_tokens: must be >= max_num_seqs (256) with chunked-prefill, got 128");
    // the same budget is fine without chunking
    assertThat(resolver.resolve(spec.withEngine(EngineSpec.of("vllm", "continuous", 256, 128, null, null)))
        .engine().policy()).isEqualTo(SchedulingPolicy.CONTINUOUS);
  }

  @Test
  void aProfilesMeasuredHardwareComesBeforeTheCatalogsEntryOfTheSameId() {
    GpuSpec h100 = CATALOG.gpu("h100-sxm");
    GpuSpec slower = new GpuSpec(h100.id(), h100.name(), h100.vendor(), h100.memoryGb(),
        h100.memoryBandwidthGbps() / 2, h100.bf16Tflops() / 2, h100.fp16Tflops() / 2, h100.fp8Tflops() / 2,
        h100.int8Tops() / 2, h100.fp32Tflops() / 2, h100.interconnectGbps(), h100.tdpWatts(), h100.nativeDtypes(),
        "test", "2026-12-02", "partial", "");
    CalibrationProfile profile = profile(slower);
    RunPlan plan = new RunPlanResolver(CATALOG, id -> Optional.of(profile))
        .resolve(WhatIfSpec.defaults().withCalibration("p"));

    assertThat(plan.gpu()).isSameAs(slower);
    assertThat(plan.timing().origin()).isEqualTo(TimingOrigin.CALIBRATION_PROFILE);
    assertThat(plan.timing().source()).isEqualTo(profile.id());
    assertThat(plan.timing().coefficients()).isEqualTo(profile.coefficients());
    assertThat(plan.calibration()).contains(profile);
  }

  @Test
  void aProfileBringsHardwareNoCatalogHas() {
    GpuSpec local = new GpuSpec("cpu-local", "this machine", "local", 16, 20, 0.2, 0.2, 0, 0, 0.2,
        0, 0, Set.of(Dtype.FP32), "measured", "2026-12-02", "measured", "");
    RunPlan plan = new RunPlanResolver(CATALOG, id -> Optional.of(profile(local)))
        .resolve(WhatIfSpec.defaults().withModel("stories-15m").withHardware("cpu-local").withCalibration("p"));
    assertThat(plan.gpu()).isSameAs(local);
    assertThatThrownBy(() -> resolver.resolve(WhatIfSpec.defaults().withHardware("cpu-local")))
        .hasMessageContaining("hardware: unknown hardware 'cpu-local'");
  }

  @Test
  void aMissingProfileIsWordedByItsResolver() {
    CalibrationResolver server = CalibrationResolver.of(id -> Optional.empty(),
        id -> new FieldError("calibration", "not stored here", java.util.List.of("a", "b")));
    assertThatThrownBy(() -> new RunPlanResolver(CATALOG, server).resolve(WhatIfSpec.defaults().withCalibration("x")))
        .hasMessage("calibration: not stored here; allowed: a, b");
    assertThatThrownBy(() -> resolver.resolve(WhatIfSpec.defaults().withCalibration("/no/such/profile.json")))
        .hasMessage("calibration: no calibration profile with id or path '/no/such/profile.json'");
  }

  @Test
  void swapPreemptionGivesFourGibOfHostBlocksToTheScheduler() {
    RunPlan plan = resolver.resolve(WhatIfSpec.defaults()
        .withEngine(new EngineSpec("vllm", null, null, null, null, null, 0.9, "swap")));
    SchedulerConfig c = plan.schedulerConfig();
    assertThat(c.preemptionMode()).isEqualTo(PreemptionMode.SWAP);
    assertThat(c.numCpuBlocks()).isEqualTo((int) (4.0 * (1L << 30) / plan.memory().kvBytesPerBlock()));
    assertThat(c.numGpuBlocks()).isEqualTo(plan.memory().numGpuBlocks());
    assertThat(c.hashSeed()).isEqualTo(plan.spec().seed());
    assertThat(resolver.resolve(WhatIfSpec.defaults()).schedulerConfig().numCpuBlocks()).isZero();
  }

  @Test
  void anOverrideNamesItsOrigin() {
    RunPlan plan = resolver.resolve(WhatIfSpec.defaults()).withTiming(TimingCoefficients.ideal(), "ideal");
    assertThat(plan.timing().describe()).isEqualTo("override ideal");
  }

  @Test
  void simulatingAPlanEqualsSimulatingItsSpec() {
    WhatIfSpec spec = SpecReader.parse("workload: {num_requests: 50, rate: 4}\nreplicas: 2\nrouter: round-robin");
    SimulationOptions options = SimulationOptions.defaults();
    assertThat(Simulation.run(resolver.resolve(spec), options).toJson())
        .isEqualTo(Simulation.run(spec, CATALOG, options).toJson());
  }

  private static CalibrationProfile profile(GpuSpec hardware) {
    return new CalibrationProfile("test-profile", "cpu", hardware.id(), "llama-3.1-8b", hardware,
        new TimingCoefficients(0.4, 0.7, 0.3, 120, 3, 1, 0.01), 0.97, 0.05, 420, "2026-12-02T00:00:00Z");
  }

  @Test
  void readingReportsTheFieldErrorsAndTheUnknownIdsTogether() {
    String text = """
        model: no-such-model
        hardware: h100-sxm
        engine: {preset: nope}
        workload: {rate: -3, num_requests: 10}
        """;
    assertThatThrownBy(() -> resolver.read(() -> SpecReader.parse(text)))
        .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
            .containsExactlyInAnyOrder("workload.rate", "model", "engine.preset"));
  }

  @Test
  void readingNamesAFieldOnceAndPassesAGoodSpecThrough() {
    // 3 is within the reader's range but not a power of two: the resolver's "must divide the heads" is not added
    assertThatThrownBy(() -> resolver.read(() -> SpecReader.parse("tensor_parallel: 3\nreplicas: 0")))
        .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
            .containsExactlyInAnyOrder("tensor_parallel", "replicas"));
    assertThat(resolver.read(() -> SpecReader.parse("model: llama-3.2-1b"))).isEqualTo(SpecReader.parse("model: llama-3.2-1b"));
  }
}

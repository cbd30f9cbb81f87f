package io.serveplan.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.simulator.result.BenchServeMetrics;
import io.serveplan.simulator.result.ResultMetrics;
import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.spec.SpecReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulationTest {

  static final Catalog CATALOG = Catalog.builtin();

  static SimulationResult run(String yaml) {
    return Simulation.run(SpecReader.parse(yaml), CATALOG);
  }

  static SimulationResult run(String yaml, SimulationOptions options) {
    return Simulation.run(SpecReader.parse(yaml), CATALOG, options);
  }

  @Test
  void resultKeysFollowVllmBenchServeThenServePlansOwn() {
    SimulationResult r = run("workload: {num_requests: 50}");
    List<String> keys = List.copyOf(r.metrics().toMap().keySet());
    assertThat(keys.subList(0, BenchServeMetrics.KEYS.size()))
        .containsExactlyElementsOf(BenchServeMetrics.KEYS);
    assertThat(keys).contains("num_gpu_blocks", "kv_capacity_requests", "kv_cache_usage_mean",
        "kv_cache_usage_max", "num_preemptions", "prefix_cache_hit_rate", "mean_batch_size",
        "busy_fraction", "compute_bound_fraction");
    assertThat(keys).containsExactlyElementsOf(ResultMetrics.KEYS);
    // the typed fields and the keys read the same numbers
    assertThat(r.metrics().bench().completed()).isEqualTo(50);
    assertThat(r.metrics().bench().ttft().p95Ms()).isEqualTo(r.metric("p95_ttft_ms"));
    assertThat(r.metrics().engine().numGpuBlocks()).isEqualTo(r.memoryPlan().numGpuBlocks());
    assertThat(r.metric("completed")).isEqualTo(50);
    assertThat(r.metric("total_output_tokens")).isEqualTo(50 * 200);
    assertThat(r.metric("num_gpu_blocks")).isEqualTo(r.memoryPlan().numGpuBlocks());
    assertThat(r.spec().engine().maxNumBatchedTokens()).isEqualTo(8192); // preset default filled in
    assertThat(r.timeSeries().timeS()).isNotEmpty();
  }

  @Test
  void sameSpecAndSeedGiveByteIdenticalJson() {
    String spec = "workload: {num_requests: 300, rate: 12, shared_prefix: {tokens: 256, groups: 3}}\nreplicas: 2";
    String a = run(spec).toJson();
    String b = run(spec).toJson();
    assertThat(a).isEqualTo(b);
    assertThat(run(spec + "\nseed: 43").toJson()).isNotEqualTo(a);
  }

  @Test
  void fastDecodePathGivesTheSameMetricsAsStepByStep() {
    for (String spec : List.of(
        "workload: {num_requests: 300, rate: 6}",
        "workload: {arrival: offline, num_requests: 200, output_tokens: {distribution: uniform, min: 1, max: 400}}",
        "workload: {arrival: concurrency, concurrency: 16, num_requests: 120}\nreplicas: 2\nrouter: round-robin",
        "engine: {gpu_memory_utilization: 0.3}\nworkload: {arrival: offline, num_requests: 150,"
            + " input_tokens: {distribution: fixed, value: 3000}, output_tokens: {distribution: fixed, value: 600}}")) {
      SimulationResult fast = run(spec, SimulationOptions.defaults());
      SimulationResult slow = run(spec, SimulationOptions.defaults().withFastDecode(false));
      assertThat(fast.metric("num_steps")).isEqualTo(slow.metric("num_steps"));
      for (Map.Entry<String, Object> e : slow.metrics().toMap().entrySet()) {
        double expected = ((Number) e.getValue()).doubleValue();
        assertThat(fast.metric(e.getKey())).as(spec + " / " + e.getKey())
            .isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
      }
    }
  }

  @Test
  void throughputRisesWithRateThenSaturates() {
    double[] rates = {1, 4, 16, 64, 256};
    double[] out = new double[rates.length];
    for (int i = 0; i < rates.length; i++) {
      out[i] = run("workload: {rate: " + rates[i] + ", num_requests: 600}").metric("output_throughput");
    }
    assertThat(out[1]).isGreaterThan(out[0] * 3);
    assertThat(out[2]).isGreaterThan(out[1] * 3);
    // saturation: quadrupling the offered load from 64 to 256 req/s gains little
    assertThat(out[4]).isLessThan(out[3] * 1.3);
    assertThat(out[4] / 200).isLessThan(64); // completes fewer than 64 requests/s
  }

  @Test
  void lowerMemoryUtilizationMeansFewerBlocksAndMorePreemptionsUnderLoad() {
    String load = "workload: {arrival: offline, num_requests: 200, input_tokens: {distribution: fixed,"
        + " value: 2000}, output_tokens: {distribution: fixed, value: 1000}}";
    SimulationResult roomy = run("engine: {gpu_memory_utilization: 0.9}\n" + load);
    SimulationResult tight = run("engine: {gpu_memory_utilization: 0.3}\n" + load);
    assertThat(tight.metric("num_gpu_blocks")).isLessThan(roomy.metric("num_gpu_blocks") / 5);
    assertThat(tight.metric("num_preemptions")).isGreaterThan(roomy.metric("num_preemptions"));
    assertThat(tight.metric("num_preemptions")).isPositive();
    assertThat(tight.metric("kv_cache_usage_max")).isGreaterThan(0.9);
  }

  @Test
  void prefixCachingOnSharedPrefixesRaisesHitRateAndLowersTtft() {
    String w = "workload: {rate: 10, num_requests: 400, input_tokens: {distribution: fixed, value: 200},"
        + " shared_prefix: {tokens: 2048, groups: 4}}";
    SimulationResult on = run("engine: {prefix_caching: true}\n" + w);
    SimulationResult off = run("engine: {prefix_caching: false}\n" + w);
    assertThat(on.metric("prefix_cache_hit_rate")).isGreaterThan(0.7);
    assertThat(off.metric("prefix_cache_hit_rate")).isZero();
    assertThat(on.metric("mean_ttft_ms")).isLessThan(off.metric("mean_ttft_ms") * 0.6);
  }

  @Test
  void tensorParallelShortensTheStepsOfARun() {
    String w = "workload: {rate: 4, num_requests: 200}";
    SimulationResult tp1 = run("tensor_parallel: 1\n" + w);
    SimulationResult tp2 = run("tensor_parallel: 2\n" + w);
    assertThat(tp2.metric("mean_tpot_ms")).isLessThan(tp1.metric("mean_tpot_ms"));
    assertThat(tp2.metric("gpus")).isEqualTo(2);
  }

  @Test
  void replicasShareTheLoad() {
    String w = "workload: {rate: 60, num_requests: 1500}";
    SimulationResult one = run("replicas: 1\n" + w);
    SimulationResult four = run("replicas: 4\n" + w);
    assertThat(four.metric("mean_e2el_ms")).isLessThan(one.metric("mean_e2el_ms"));
    assertThat(four.metric("busy_fraction")).isLessThan(one.metric("busy_fraction"));
  }

  @Test
  void unknownCatalogIdsAreNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> run("model: llama-9\nhardware: tpu\nengine: {preset: vllm2}"))
        .isInstanceOfSatisfying(SpecException.class, e -> {
          assertThat(e.errors()).extracting(FieldError::field)
              .containsExactlyInAnyOrder("model", "hardware", "engine.preset");
          assertThat(e.getMessage()).contains("allowed: ").contains("llama-3.1-8b", "h100-sxm", "sglang");
        });
  }

  @Test
  void oversizedRunsAreRefusedNamingTheLimit() {
    SimulationOptions small = SimulationOptions.defaults().withLimits(100, 60);
    assertThatThrownBy(() -> run("workload: {num_requests: 500}", small))
        .isInstanceOf(SpecException.class).hasMessageContaining("limit of 100");
    assertThatThrownBy(() -> run("workload: {num_requests: 100, rate: 0.5}", small))
        .isInstanceOf(SpecException.class).hasMessageContaining("limit of 60 s");
    // an overloaded run that would drain for longer than the limit stops with a message
    assertThatThrownBy(() -> run("workload: {arrival: offline, num_requests: 100,"
        + " output_tokens: {distribution: fixed, value: 20000}}",
        SimulationOptions.defaults().withLimits(1000, 5)))
        .isInstanceOf(SpecException.class).hasMessageContaining("does not keep up");
  }

  @Test
  void modelThatDoesNotFitIsRefused() {
    assertThatThrownBy(() -> run("model: llama-3.1-405b\nhardware: l4"))
        .isInstanceOf(SpecException.class).hasMessageContaining("does not fit on l4");
  }

  @Test
  void requestsLongerThanTheKvCacheAreRejectedNotHung() {
    SimulationResult r = run("model: llama-3.1-8b\nhardware: l4\nworkload: {num_requests: 20,"
        + " input_tokens: {distribution: fixed, value: 60000}}");
    assertThat(r.metric("num_rejected")).isEqualTo(20);
    assertThat(r.metric("completed")).isZero();
  }

  @Test
  void keptRequestsCarryTheirLatencies() {
    SimulationResult r = run("workload: {num_requests: 30, output_tokens: {distribution: fixed, value: 5}}",
        SimulationOptions.defaults().withKeepRequests(true));
    assertThat(r.requests()).hasSize(30);
    var first = r.requests().get(0);
    assertThat(first.itlMs()).hasSize(4);
    assertThat(first.tpotMs()).isCloseTo(first.itlMs().stream().mapToDouble(d -> d).average()
        .orElseThrow(), within(1e-6));
    assertThat(first.e2elMs()).isGreaterThan(first.ttftMs());
  }

  @Test
  void everySchedulerAndPreemptionModeCompletesEveryRequest() {
    String load = "workload: {arrival: offline, num_requests: 120, input_tokens: {distribution: fixed,"
        + " value: 3000}, output_tokens: {distribution: fixed, value: 600}}";
    for (String engine : List.of("{scheduler: static}", "{scheduler: continuous}",
        "{scheduler: chunked-prefill}", "{gpu_memory_utilization: 0.3, preemption: recompute}",
        "{gpu_memory_utilization: 0.3, preemption: swap}", "{preset: llamacpp}", "{preset: trtllm}")) {
      SimulationResult r = run("engine: " + engine + "\n" + load);
      assertThat(r.metric("completed")).as(engine).isEqualTo(120);
      assertThat(r.metric("total_output_tokens")).as(engine).isEqualTo(120 * 600);
    }
    assertThat(run("engine: {gpu_memory_utilization: 0.3, preemption: swap}\n" + load)
        .metric("num_preemptions")).isPositive();
  }

  @Test
  void theSpecAsRunReadsBackAsTheSameSpec() throws Exception {
    SimulationResult r = run("engine: {preset: tgi}\nworkload: {num_requests: 20,"
        + " shared_prefix: {tokens: 32, groups: 2}}\nslo: {ttft_ms: 200, tpot_ms: 20, e2el_ms: 5000}");
    var tree = JsonCodec.snakeCaseMapper().readTree(r.toJson()).get("spec");
    assertThat(SpecReader.fromTree(io.serveplan.hardware.document.Document.of(tree))).isEqualTo(r.spec());
    assertThat(r.spec().engine().maxNumBatchedTokens())
        .isEqualTo(CATALOG.engine("tgi").maxNumBatchedTokens());
  }

  @Test
  void aCalibrationProfileReplacesThePresetCoefficientsAndCanSupplyTheHardware(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    var h100 = CATALOG.gpu("h100-sxm");
    var measured = new io.serveplan.hardware.GpuSpec("cpu-local", "this machine", "cpu", 16, 20,
        1.0, 1.0, 0, 0, 1.0, 0, 65, java.util.Set.of(io.serveplan.hardware.Dtype.FP32,
        io.serveplan.hardware.Dtype.BF16), "measured", "2026-11-22", "partial", "");
    var slow = new io.serveplan.simulator.timing.TimingCoefficients(0.5, 0.5, 0.5, 100, 1, 1, 0);
    java.nio.file.Path p = dir.resolve("profile.json");
    new io.serveplan.simulator.timing.CalibrationProfile("p1", "cpu", "cpu-local", "stories-15m",
        measured, slow, 0.9, 0.1, 100, "2026-11-22T11:00:00Z").write(p);
    String w = "workload: {num_requests: 20, rate: 1, input_tokens: {distribution: fixed, value: 64},"
        + " output_tokens: {distribution: fixed, value: 16}}";
    SimulationResult preset = run("model: stories-15m\nhardware: h100-sxm\n" + w);
    SimulationResult calibrated = run("model: stories-15m\nhardware: cpu-local\ncalibration: " + p + "\n" + w);
    // the measured 20 GB/s at the profile's 0.5 memory efficiency bounds a decode step from below
    double weightsMs = CATALOG.model("stories-15m").weightBytes(io.serveplan.hardware.Dtype.BF16)
        / (20e9 * 0.5) * 1e3;
    assertThat(calibrated.metric("mean_tpot_ms")).isGreaterThan(weightsMs);
    assertThat(calibrated.metric("mean_tpot_ms")).isGreaterThan(preset.metric("mean_tpot_ms") * 5);
    assertThat(h100.memoryGb()).isEqualTo(80);
    assertThatThrownBy(() -> run("calibration: /no/such/profile.json\n" + w))
        .isInstanceOf(SpecException.class).hasMessageContaining("calibration: no calibration profile");
  }

  @Test
  void timeSeriesSamplesTheRunOnAFixedGrid() {
    SimulationResult r = run("workload: {num_requests: 200, rate: 10}");
    var ts = r.timeSeries();
    assertThat(ts.timeS().length).isEqualTo(ts.kvCacheUsage().length)
        .isEqualTo(ts.queueLength().length).isEqualTo(ts.running().length)
        .isEqualTo(ts.outputTokensPerS().length).isGreaterThan(50);
    for (int i = 1; i < ts.timeS().length; i++) {
      assertThat(ts.timeS()[i] - ts.timeS()[i - 1]).isCloseTo(ts.intervalS(), within(1e-9));
    }
    double tokens = 0;
    for (double v : ts.outputTokensPerS()) {
      tokens += v * ts.intervalS();
    }
    // tokens produced after the last sample are not in the series
    assertThat(tokens).isBetween(0.9 * r.metric("total_output_tokens"), r.metric("total_output_tokens"));
    assertThat(java.util.Arrays.stream(ts.kvCacheUsage()).max().orElseThrow())
        .isLessThanOrEqualTo(r.metric("kv_cache_usage_max"));
  }
}

package io.serveplan.simulator.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serveplan.hardware.document.FieldError;
import org.junit.jupiter.api.Test;

class SpecReaderTest {

  private static SpecException errorsOf(String yaml) {
    try {
      SpecReader.parse(yaml);
    } catch (SpecException e) {
      return e;
    }
    throw new AssertionError("expected a SpecException for: " + yaml);
  }

  @Test
  void emptySpecTakesEveryDefaultOfTheDesign() {
    WhatIfSpec s = SpecReader.parse("");
    assertThat(s).isEqualTo(WhatIfSpec.defaults());
    assertThat(s.model()).isEqualTo("llama-3.1-8b");
    assertThat(s.hardware()).isEqualTo("h100-sxm");
    assertThat(s.engine().gpuMemoryUtilization()).isEqualTo(0.90);
    assertThat(s.workload().inputTokens()).isEqualTo(LengthSpec.lognormal(1000, 500, 8000));
    assertThat(s.workload().outputTokens()).isEqualTo(LengthSpec.fixed(200));
    assertThat(s.slo().ttftMs()).isEqualTo(500);
    assertThat(s.seed()).isEqualTo(42);
  }

  @Test
  void readsTheDesignExampleAndJsonAlike() {
    String yaml = """
        model: llama-3.1-70b
        hardware: h200
        tensor_parallel: 4
        replicas: 2
        weights_dtype: fp8
        kv_cache_dtype: fp8
        engine: {preset: sglang, scheduler: continuous, max_num_seqs: 128, block_size: 32,
                 prefix_caching: false, gpu_memory_utilization: 0.85, preemption: swap}
        router: prefix-affinity
        workload:
          arrival: gamma
          rate: 3.5
          cv: 2
          num_requests: 100
          input_tokens: {distribution: uniform, min: 10, max: 20}
          output_tokens: {distribution: normal, mean: 100, stddev: 10, max: 150}
          shared_prefix: {tokens: 512, groups: 4}
        slo: {ttft_ms: 300, tpot_ms: 40, e2el_ms: 9000}
        seed: 7
        """;
    String json = """
        {"model": "llama-3.1-70b", "hardware": "h200", "tensor_parallel": 4, "replicas": 2,
         "weights_dtype": "fp8", "kv_cache_dtype": "fp8",
         "engine": {"preset": "sglang", "scheduler": "continuous", "max_num_seqs": 128,
                    "block_size": 32, "prefix_caching": false, "gpu_memory_utilization": 0.85,
                    "preemption": "swap"},
         "router": "prefix-affinity",
         "workload": {"arrival": "gamma", "rate": 3.5, "cv": 2, "num_requests": 100,
            "input_tokens": {"distribution": "uniform", "min": 10, "max": 20},
            "output_tokens": {"distribution": "normal", "mean": 100, "stddev": 10, "max": 150},
            "shared_prefix": {"tokens": 512, "groups": 4}},
         "slo": {"ttft_ms": 300, "tpot_ms": 40, "e2el_ms": 9000}, "seed": 7}
        """;
    WhatIfSpec s = SpecReader.parse(yaml);
    assertThat(SpecReader.parse(json)).isEqualTo(s);
    assertThat(s.tensorParallel()).isEqualTo(4);
    assertThat(s.engine().maxNumSeqs()).isEqualTo(128);
    assertThat(s.engine().maxNumBatchedTokens()).isNull(); // the preset's default, resolved at run time
    assertThat(s.workload().sharedPrefix()).isEqualTo(new SharedPrefixSpec(512, 4));
    assertThat(s.slo().e2elMs()).isEqualTo(9000);
  }

  @Test
  void rejectsUnknownFieldsNamingThePathAndTheKnownFields() {
    SpecException e = errorsOf("workload: {rate: 2, burstiness: 3}");
    assertThat(e.errors()).hasSize(1);
    FieldError f = e.errors().get(0);
    assertThat(f.field()).isEqualTo("workload.burstiness");
    assertThat(f.message()).isEqualTo("unknown field");
    assertThat(f.allowed()).contains("rate", "cv", "arrival", "time_scale");
  }

  @Test
  void collectsEveryWrongValueWithTheAllowedValues() {
    SpecException e = errorsOf("""
        router: random
        weights_dtype: fp2
        tensor_parallel: 3
        engine: {scheduler: fifo, gpu_memory_utilization: 1.5, prefix_caching: maybe}
        workload: {arrival: poison, rate: -1}
        """);
    assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
        "router", "weights_dtype", "tensor_parallel", "engine.scheduler",
        "engine.gpu_memory_utilization", "engine.prefix_caching", "workload.arrival",
        "workload.rate");
    assertThat(e.errors()).filteredOn(f -> f.field().equals("router")).first()
        .satisfies(f -> assertThat(f.allowed())
            .containsExactly("round-robin", "least-outstanding", "prefix-affinity"));
    assertThat(e.getMessage()).contains("engine.gpu_memory_utilization: must be in (0, 1], got 1.5");
    assertThat(e.getMessage()).contains("workload.arrival: unknown value 'poison'; allowed: poisson");
  }

  @Test
  void lengthDistributionsNeedTheirParameters() {
    SpecException e = errorsOf("""
        workload:
          input_tokens: {distribution: uniform, min: 50}
          output_tokens: {distribution: zipf}
        """);
    assertThat(e.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("workload.input_tokens.max", "workload.output_tokens.distribution");
    assertThat(errorsOf("workload: {input_tokens: {distribution: fixed, value: 10, mean: 3}}")
        .errors()).extracting(FieldError::field).containsExactly("workload.input_tokens.mean");
    assertThat(errorsOf("workload: {input_tokens: {distribution: uniform, min: 9, max: 3}}")
        .getMessage()).contains("workload.input_tokens.max: must be >= min (9), got 3");
  }

  @Test
  void concurrencyArrivalNeedsAClientCount() {
    assertThat(errorsOf("workload: {arrival: concurrency}").errors())
        .extracting(FieldError::field).containsExactly("workload.concurrency");
    assertThat(SpecReader.parse("workload: {arrival: concurrency, concurrency: 16}")
        .workload().concurrency()).isEqualTo(16);
  }

  @Test
  void workloadBlockReadsOnItsOwnWithAPrefix() {
    var tree = SpecReader.tree("arrival: poisson\nrate: 20\npeak: 3\n");
    assertThatThrownBy(() -> SpecReader.workloadFromTree(tree, "workload"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("workload.peak: unknown field");
  }

  @Test
  void syntaxErrorsAndNonObjectsAreSpecErrors() {
    assertThat(errorsOf("model: [unclosed").errors().get(0).field()).isEqualTo("spec");
    assertThat(errorsOf("- just\n- a list\n").getMessage()).contains("must be an object");
  }
}

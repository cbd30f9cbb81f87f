package io.serveplan.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.spec.SpecReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** End-to-end simulations of the end-2026 models with local, linear or sparse attention. */
class HybridSimulationTest {

  private static final Catalog CATALOG = Catalog.builtin();

  private static SimulationResult run(String yaml, SimulationOptions options) {
    return Simulation.run(SpecReader.parse(yaml), CATALOG, options);
  }

  @Test
  void hybridModelsSimulateAndTheFastDecodePathMatchesStepByStep() {
    for (String spec : List.of(
        "model: gpt-oss-120b\nhardware: h100-sxm\nweights_dtype: mxfp4\nworkload: {num_requests: 120, rate: 6}",
        "model: gemma-3-27b\nhardware: h100-sxm\nworkload: {num_requests: 100, rate: 4,"
            + " input_tokens: {distribution: fixed, value: 3000}, output_tokens: {distribution: fixed, value: 300}}",
        "model: qwen3-next-80b-a3b\nhardware: h200\nweights_dtype: fp8\nworkload: {num_requests: 80, rate: 4}",
        "model: llama-4-scout\nhardware: b200\nweights_dtype: fp4\nkv_cache_dtype: fp8\nworkload: {num_requests: 80, rate: 4}",
        "model: deepseek-v3.2\nhardware: b200\ntensor_parallel: 8\nweights_dtype: fp8\nkv_cache_dtype: fp8\n"
            + "workload: {num_requests: 60, rate: 2}")) {
      SimulationResult fast = run(spec, SimulationOptions.defaults());
      SimulationResult slow = run(spec, SimulationOptions.defaults().withFastDecode(false));
      assertThat(fast.metric("completed")).as(spec).isEqualTo(slow.metric("completed"));
      assertThat(((Number) fast.metric("completed")).intValue()).as(spec).isPositive();
      assertThat(fast.metric("num_steps")).as(spec).isEqualTo(slow.metric("num_steps"));
      for (Map.Entry<String, Object> e : slow.metrics().toMap().entrySet()) {
        double expected = ((Number) e.getValue()).doubleValue();
        assertThat(((Number) fast.metric(e.getKey())).doubleValue()).as(spec + " / " + e.getKey())
            .isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
      }
    }
  }
}

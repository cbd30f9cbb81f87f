package io.serveplan.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long-context serving on a sliding-window model against the same shape with every layer full:
 * the scheduler's hybrid manager gives a sliding layer only its window, so more requests run at once.
 */
class HybridLongContextTest {

  /** gpt-oss-20b's architecture with all 24 layers full attention (a user catalog entry). */
  private static final String ALL_FULL = """
      models:
        - id: gpt-oss-20b-all-full
          name: "gpt-oss-20b, every layer full (test shape)"
          hf_repo: "test/none"
          hidden_size: 2880
          intermediate_size: 2880
          num_layers: 24
          num_heads: 64
          num_kv_heads: 8
          head_dim: 64
          vocab_size: 201088
          max_position_embeddings: 131072
          tie_word_embeddings: false
          qkv_bias: true
          moe: {num_experts: 32, experts_per_token: 4, num_shared_experts: 0, moe_intermediate_size: 2880, first_k_dense_layers: 0}
          published_total_params: 2.091e+10
          published_active_params: 3.61e+09
          published_active_counts: without-input-embedding
          confidence: partial
          source: "test: gpt-oss-20b's shape without its sliding layers"
          as_of: "2026-12-02"
      """;

  private static String spec(String model) {
    return "model: " + model + "\nhardware: l4\nweights_dtype: mxfp4\n"
        + "engine: {max_num_seqs: 64}\n"
        + "workload: {arrival: offline, num_requests: 48,"
        + " input_tokens: {distribution: fixed, value: 16000},"
        + " output_tokens: {distribution: fixed, value: 400}}\nseed: 3\n";
  }

  @Test
  void aSlidingWindowModelRunsMoreLongRequestsAtOnceThanTheSameShapeAllFull(@TempDir Path dir)
      throws IOException {
    Files.writeString(dir.resolve("all-full.yaml"), ALL_FULL);
    Catalog catalog = Catalog.load(Optional.of(dir));
    SimulationResult hybrid = Simulation.run(SpecReader.parse(spec("gpt-oss-20b")), catalog);
    SimulationResult full = Simulation.run(SpecReader.parse(spec("gpt-oss-20b-all-full")), catalog);

    assertThat(hybrid.memoryPlan().kvCacheGroups()).hasSize(2);
    assertThat(full.memoryPlan().kvCacheGroups()).isEmpty();
    // the same bytes for the cache; a hybrid block holds 12 layers, a plain one all 24
    assertThat(hybrid.memoryPlan().kvBytes()).isEqualTo(full.memoryPlan().kvBytes());
    assertThat(full.memoryPlan().kvBytesPerBlock()).isEqualTo(2 * hybrid.memoryPlan().kvBytesPerBlock());
    assertThat(hybrid.metric("completed")).isEqualTo(48);
    assertThat(full.metric("completed")).isEqualTo(48);
    double hybridBatch = ((Number) hybrid.metric("mean_batch_size")).doubleValue();
    double fullBatch = ((Number) full.metric("mean_batch_size")).doubleValue();
    // a 16k-token request: 1,025 full blocks + 9 sliding ones of 12 layers, against 1,025 blocks of
    // 24 layers: close to twice the requests at once
    assertThat(hybridBatch).isGreaterThan(1.6 * fullBatch);
    assertThat(((Number) hybrid.metric("kv_capacity_requests")).doubleValue())
        .isGreaterThan(1.9 * ((Number) full.metric("kv_capacity_requests")).doubleValue());
    assertThat(((Number) hybrid.metric("num_preemptions")).longValue())
        .isLessThan(((Number) full.metric("num_preemptions")).longValue());
    assertThat(((Number) hybrid.metric("output_throughput")).doubleValue())
        .isGreaterThan(((Number) full.metric("output_throughput")).doubleValue());
  }
}

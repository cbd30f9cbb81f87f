package io.serveplan.simulator.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.hardware.document.JsonCodec;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reader on two real published results (README.md beside them names their sources). */
class VllmBenchServeReaderTest {

  static final Path DIR = Path.of("src/test/resources/vllm-bench-serve");
  static final Path LLAMA_L40S = DIR.resolve("vllm-bench-serve-llama-3.2-3b-4xl40s-10qps.json");
  static final Path OPT_V0_25 = DIR.resolve("vllm-bench-serve-opt-125m-concurrency-2-v0.25.1.json");

  @Test
  void readsAMid2025ResultWithItsStrayGoodputColonAndOnlyP99() {
    BenchServeMetrics m = VllmBenchServeReader.read(LLAMA_L40S);
    assertThat(m.completed()).isEqualTo(300);
    assertThat(m.duration()).isEqualTo(36.034275877000255);
    assertThat(m.totalInputTokens()).isEqualTo(299700);
    assertThat(m.totalOutputTokens()).isEqualTo(81050);
    assertThat(m.requestThroughput()).isEqualTo(8.325406649602808);
    assertThat(m.requestGoodput()).isEmpty(); // "request_goodput:": null
    assertThat(m.ttft().meanMs()).isEqualTo(54.577085783294024);
    assertThat(m.ttft().percentilesMs()).containsOnlyKeys(99.0);
    assertThat(m.itl().p99Ms()).isEqualTo(34.210415409961556);
    assertThat(m.e2el().reported()).isFalse();
    assertThat(m.value("p90_ttft_ms")).isEmpty();
    assertThat(m.value("mean_e2el_ms")).isEmpty();
    assertThatThrownBy(() -> m.ttft().p95Ms()).hasMessageContaining("p95").hasMessageContaining("99.0");
  }

  @Test
  void readsAVllm025ResultWithE2elAndTheNewerKeys() {
    BenchServeMetrics m = VllmBenchServeReader.read(OPT_V0_25);
    assertThat(m.completed()).isEqualTo(8);
    assertThat(m.totalInputTokens()).isEqualTo(256);
    assertThat(m.totalOutputTokens()).isEqualTo(128);
    assertThat(m.requestGoodput()).isEmpty();
    assertThat(m.e2el().reported()).isTrue();
    assertThat(m.e2el().medianMs()).isEqualTo(166.47808399284258);
    assertThat(m.e2el().p99Ms()).isEqualTo(876.8009717071254);
    assertThat(m.tpot().stdMs()).isEqualTo(0.6677548321718587);
  }

  @Test
  void everyMetricOfARealFileComesBackUnderItsOwnKeyAndValue() throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (Path file : new Path[] {LLAMA_L40S, OPT_V0_25}) {
      JsonNode doc = json.readTree(file.toFile());
      Map<String, Object> written = VllmBenchServeReader.read(file).toMap();
      int metrics = 0;
      for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (BenchServeMetrics.isKey(e.getKey()) && e.getValue().isNumber()) {
          metrics++;
          assertThat(((Number) written.get(e.getKey())).doubleValue()).as(file + " " + e.getKey())
              .isEqualTo(e.getValue().asDouble());
        }
      }
      assertThat(written).as(file.toString()).hasSize(metrics);
    }
  }

  @Test
  void aSimulatedResultReadsBackAsTheSameRecord() {
    BenchServeMetrics simulated = new BenchServeMetrics(3, 1.5, 30, 12, 2.0, 8.0, 28.0,
        java.util.OptionalDouble.of(1.0), LatencyStats.ofSix(new double[] {1, 2, 3, 4, 5, 6}),
        LatencyStats.ofSix(new double[] {7, 8, 9, 10, 11, 12}), LatencyStats.ofSix(new double[] {1, 1, 0, 1, 1, 1}),
        LatencyStats.ofSix(new double[] {20, 21, 2, 30, 31, 32}));
    String written = new ResultMetricsJson().write(simulated);
    assertThat(VllmBenchServeReader.parse(written)).isEqualTo(simulated);
  }

  @Test
  void aBrokenFileIsRefusedNamingEveryProblemAtOnce() {
    assertThatThrownBy(() -> VllmBenchServeReader.parse(
        "{\"completed\": 2.5, \"duration\": \"long\", \"mean_ttft_ms\": 3, \"p99_ttft_ms\": 4}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("completed: 2.5 is not a count")
        .hasMessageContaining("duration: \"long\" is not a number")
        .hasMessageContaining("total_input_tokens: missing")
        .hasMessageContaining("median_ttft_ms: missing");
  }

  @Test
  void percentileKeysFollowVllmsSpelling() {
    assertThat(LatencyStats.percentileKey(99, "ttft")).isEqualTo("p99_ttft_ms");
    assertThat(LatencyStats.percentileKey(99.9, "itl")).isEqualTo("p99.9_itl_ms");
    BenchServeMetrics m = VllmBenchServeReader.parse("{\"completed\": 1, \"duration\": 1, \"total_input_tokens\": 1,"
        + "\"total_output_tokens\": 1, \"request_throughput\": 1, \"output_throughput\": 1, "
        + "\"total_token_throughput\": 2, \"mean_itl_ms\": 1, \"median_itl_ms\": 1, \"std_itl_ms\": 0, "
        + "\"p99.9_itl_ms\": 7, \"request_goodput\": 0.5}");
    assertThat(m.itl().percentileMs(99.9)).hasValue(7);
    assertThat(m.value("p99.9_itl_ms")).hasValue(7);
    assertThat(m.requestGoodput()).hasValue(0.5);
    assertThat(m.toMap()).containsKeys("p99.9_itl_ms", "request_goodput");
    assertThatThrownBy(() -> m.value("p99_foo_ms")).hasMessageContaining("allowed");
  }

  /** Writes metrics as a result's JSON writes them (the simulator's mapper). */
  private static final class ResultMetricsJson {
    String write(BenchServeMetrics m) {
      try {
        return JsonCodec.snakeCaseMapper().writeValueAsString(m.toMap());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}

package io.serveplan.simulator.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ResultMetricsTest {

  static final ResultMetrics RESULT = new ResultMetrics(
      new BenchServeMetrics(4, 2.0, 400, 80, 2.0, 40.0, 240.0, OptionalDouble.of(1.5),
          LatencyStats.ofSix(new double[] {10, 9, 1, 12, 13, 14}), LatencyStats.ofSix(new double[] {5, 5, 0, 5, 5, 5}),
          LatencyStats.ofSix(new double[] {5, 4, 2, 7, 8, 9}), LatencyStats.ofSix(new double[] {400, 390, 20, 420, 430, 440})),
      new EngineMetrics(1000, 12.5, 0.1, 0.2, 3, 0.0, 2.5, 0.9, 0.2, 5, 1, 160, 12.0, 1, 2, 2.0));

  @Test
  void writesEveryKeyInTheDocumentedOrderWithCountsAsIntegers() {
    assertThat(RESULT.toMap().keySet()).containsExactlyElementsOf(ResultMetrics.KEYS);
    assertThat(RESULT.toMap().get("completed")).isEqualTo(4);
    assertThat(RESULT.toMap().get("total_input_tokens")).isEqualTo(400L);
    assertThat(RESULT.toMap().get("num_preemptions")).isEqualTo(3L);
    assertThat(RESULT.toMap().get("p95_ttft_ms")).isEqualTo(13.0);
  }

  @Test
  void keyedAccessReadsTheTypedFields() {
    assertThat(RESULT.metric("request_goodput")).isEqualTo(1.5);
    assertThat(RESULT.metric("p99_e2el_ms")).isEqualTo(RESULT.bench().e2el().p99Ms());
    assertThat(RESULT.metric("num_steps")).isEqualTo(160);
    assertThat(RESULT.metric("kv_capacity_requests")).isEqualTo(RESULT.engine().kvCapacityRequests());
  }

  @Test
  void anUnknownKeyIsRefusedNamingTheAllowedOnes() {
    assertThatThrownBy(() -> RESULT.metric("goodput")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'goodput'").hasMessageContaining("request_goodput").hasMessageContaining("num_steps");
    assertThatThrownBy(() -> RESULT.metric("p50_ttft_ms")).hasMessageContaining("not reported");
  }
}

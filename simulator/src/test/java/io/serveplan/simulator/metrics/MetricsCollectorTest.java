package io.serveplan.simulator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.serveplan.simulator.result.BenchServeMetrics;
import io.serveplan.simulator.spec.SloSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsCollectorTest {

  private static final long MS = 1_000_000;

  @Test
  void percentilesInterpolateLinearlyAsNumpyDoes() {
    // numpy: np.percentile([1,2,3,4], 90) = 3.7, median 2.5, std (ddof 0) = 1.1180
    double[] s = MetricsCollector.stats(new double[] {4, 1, 3, 2}, 4);
    assertThat(s[0]).isEqualTo(2.5);
    assertThat(s[1]).isEqualTo(2.5);
    assertThat(s[2]).isCloseTo(Math.sqrt(1.25), within(1e-12));
    assertThat(s[3]).isCloseTo(3.7, within(1e-12));
    assertThat(s[5]).isCloseTo(3.97, within(1e-12));
  }

  @Test
  void weightedSamplesMatchTheExpandedList() {
    WeightedSamples w = new WeightedSamples();
    w.add(3 * MS, 3);
    w.add(1 * MS, 1);
    w.add(10 * MS, 2);
    double[] expanded = MetricsCollector.stats(new double[] {3, 3, 3, 1, 10, 10}, 6);
    double[] weighted = w.statsMs();
    for (int i = 0; i < 6; i++) {
      assertThat(weighted[i]).isCloseTo(expanded[i], within(1e-9));
    }
    assertThat(w.count()).isEqualTo(6);
  }

  @Test
  void tpotExcludesTheFirstTokenAndItlListsEveryGap() {
    MetricsCollector m = new MetricsCollector(2, true);
    m.arrival(0, 0, 100);
    m.token(0, 50 * MS); // ttft 50
    m.token(0, 60 * MS);
    m.token(0, 80 * MS);
    m.finish(0, 80 * MS);
    m.arrival(1, 10 * MS, 7);
    m.token(1, 30 * MS); // single token: no tpot, no itl
    m.finish(1, 30 * MS);
    assertThat(m.tpotMs(0)).isEqualTo(15.0); // (80 - 50) / (3 - 1)
    assertThat(m.itlMs(0)).containsExactly(10.0, 20.0);
    Map<String, Object> r = m.benchMetrics(m.lastFinishNs(), new SloSpec(40, 100, null)).toMap();
    assertThat(r.keySet()).containsExactlyElementsOf(BenchServeMetrics.KEYS);
    assertThat(r.get("completed")).isEqualTo(2);
    assertThat(r.get("total_input_tokens")).isEqualTo(107L);
    assertThat(r.get("total_output_tokens")).isEqualTo(4L);
    assertThat((double) r.get("duration")).isEqualTo(0.08);
    assertThat((double) r.get("mean_ttft_ms")).isCloseTo(35.0, within(1e-9));
    assertThat((double) r.get("mean_tpot_ms")).isEqualTo(15.0);
    assertThat((double) r.get("mean_itl_ms")).isEqualTo(15.0);
    assertThat((double) r.get("mean_e2el_ms")).isCloseTo(50.0, within(1e-9));
    // request 0 misses the 40 ms TTFT SLO, request 1 meets it: goodput = 1 / 0.08 s
    assertThat((double) r.get("request_goodput")).isCloseTo(12.5, within(1e-9));
    assertThat((double) r.get("request_throughput")).isCloseTo(25.0, within(1e-9));
  }
}

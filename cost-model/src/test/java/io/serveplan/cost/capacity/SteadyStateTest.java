package io.serveplan.cost.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.simulator.metrics.RequestRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteadyStateTest {

  /** 10 req/s for 200 s; every request good and 100 ms to first token except the slow ones. */
  private static List<RequestRecord> run(java.util.function.IntPredicate slow) {
    List<RequestRecord> out = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      double ttft = slow.test(i) ? 1000 : 100;
      out.add(new RequestRecord(i, i / 10.0, 100, 10, 0, 0, 0, ttft, 10, ttft + 90, true, List.of()));
    }
    return out;
  }

  @Test
  void theP95IntervalContainsTheWindowsOwnP95WhenTheTailSitsInOneBatch() {
    // the window is arrivals 40 s..180 s (requests 400..1799, 140 per batch); a burst of slow
    // requests in one batch puts 7 % of the window above 100 ms: the window's p95 is 1000 ms, while
    // nine of the ten batch p95s are 100 ms, so a t interval around their mean (190 ms) excludes it
    SteadyState s = SteadyState.of(run(i -> i >= 1000 && i < 1098), null, 0.9, 0.95);

    assertThat(s.p95TtftMs()).isEqualTo(1000.0);
    assertThat(s.p95TtftMsLow()).isLessThanOrEqualTo(s.p95TtftMs());
    assertThat(s.p95TtftMsHigh()).isGreaterThanOrEqualTo(s.p95TtftMs());
    double[] meanOfBatches = SteadyState.interval(new double[] {100, 100, 100, 100, 100, 1000, 100, 100, 100, 100}, 0.95);
    assertThat(meanOfBatches[1]).as("the old interval").isLessThan(1000.0);
  }

  @Test
  void aSteadyRunHasANarrowIntervalAroundItsP95() {
    SteadyState s = SteadyState.of(run(i -> i % 10 == 0), null, 0.9, 0.95);

    assertThat(s.p95TtftMs()).isEqualTo(1000.0);
    assertThat(s.p95TtftMsHigh() - s.p95TtftMsLow()).isLessThan(1.0);
    assertThat(s.verdict()).isEqualTo(SteadyState.Verdict.PASS);
  }

  @Test
  void sectioningIsCentredOnTheWholeStatistic() {
    double[] ci = SteadyState.sectioned(new double[] {1, 2, 3, 4}, 2.5, 0.95);

    // s = sqrt((2.25 + 0.25 + 0.25 + 2.25) / 3) = 1.291; t(0.975, 3) = 3.182; half = 3.182 × 1.291 / 2
    assertThat(ci[0]).isCloseTo(2.5 - 2.054, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(ci[1]).isCloseTo(2.5 + 2.054, org.assertj.core.data.Offset.offset(1e-3));
  }
}

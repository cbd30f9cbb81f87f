package io.serveplan.cost.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serveplan.simulator.spec.SloSpec;
import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.plan.RunPlan;
import io.serveplan.simulator.plan.RunPlanResolver;
import io.serveplan.simulator.spec.WhatIfSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateSweepTest {

  private static RunPlan spec() {
    return new RunPlanResolver(Catalog.builtin()).resolve(WhatIfSpec.defaults().withSlo(new SloSpec(1000, 50, null))
        .withSeed(42));
  }

  @Test
  void aSweepOfAQueueRisesTowardsItsServiceRateAndMarksTheKneeBelowIt() {
    RateSweep s = RateSweep.of(new CapacitySearch(new QueueModel()), spec(), List.of(), 10, CapacityOptions.defaults());
    assertThat(s.serviceRps()).isBetween(9.9, 10.1);
    assertThat(s.curve()).hasSize(10).isSortedAccordingTo((a, b) -> Double.compare(a.rps(), b.rps()));
    // the last rate (1.1 × μ) is unstable and not simulated
    CapacityPoint last = s.curve().get(9);
    assertThat(last.requests()).isZero();
    assertThat(last.p95TtftMs()).isNull();
    assertThat(last.verdict()).contains("unstable");
    // latency grows with load over the simulated points
    List<CapacityPoint> simulated = s.curve().stream().filter(p -> p.requests() > 0).toList();
    assertThat(simulated.get(simulated.size() - 1).p95TtftMs()).isGreaterThan(simulated.get(0).p95TtftMs());
    assertThat(s.kneeRps()).isGreaterThan(0).isLessThan(s.serviceRps());
    assertThat(s.maxRps()).isGreaterThan(0).isLessThan(s.serviceRps());
  }

  @Test
  void givenRatesAreSweptAsGiven() {
    RateSweep s = RateSweep.of(new CapacitySearch(new QueueModel()), spec(), List.of(6.0, 2.0, 4.0), 10,
        CapacityOptions.defaults());
    assertThat(s.curve()).extracting(CapacityPoint::rps).containsExactly(2.0, 4.0, 6.0);
    assertThat(s.curve()).allMatch(CapacityPoint::pass);
  }

  @Test
  void simulatedPointsCarryMediansBelowTheirP95AndGoodputNoHigherThanThroughput() {
    RateSweep s = RateSweep.of(new CapacitySearch(new QueueModel()), spec(), List.of(3.0, 9.0, 12.0), 10,
        CapacityOptions.defaults());
    for (CapacityPoint p : s.curve().subList(0, 2)) {
      assertThat(p.p50TtftMs()).as("p50 TTFT at %s", p.rps()).isPositive().isLessThanOrEqualTo(p.p95TtftMs());
      assertThat(p.p50TpotMs()).as("p50 TPOT at %s", p.rps()).isPositive().isLessThanOrEqualTo(p.p95TpotMs());
      assertThat(p.goodputRps()).as("goodput at %s", p.rps()).isPositive().isLessThanOrEqualTo(p.achievedRps() + 1e-9);
    }
    // at 9 of μ = 10 req/s the queue's waits push requests past the TTFT target: goodput drops below throughput
    CapacityPoint busy = s.curve().get(1);
    assertThat(busy.goodputRps()).isLessThan(busy.achievedRps());
    // above μ nothing is simulated, so there is no median and no goodput
    CapacityPoint unstable = s.curve().get(2);
    assertThat(unstable.p50TtftMs()).isNull();
    assertThat(unstable.goodputRps()).isNull();
  }

  @Test
  void tellsItsProgressAfterTheServiceRateEachRateAndTheCapacitySearch() {
    List<int[]> steps = new ArrayList<>();
    RateSweep.of(new CapacitySearch(new QueueModel()), spec(), List.of(2.0, 4.0, 6.0), 10, CapacityOptions.defaults(),
        (done, total) -> steps.add(new int[] {done, total}));
    assertThat(steps).extracting(a -> a[0]).containsExactly(1, 2, 3, 4, 5);
    assertThat(steps).extracting(a -> a[1]).containsOnly(5);
  }

  @Test
  void aProgressThatThrowsStopsTheSweepAtThatStep() {
    List<Integer> steps = new ArrayList<>();
    assertThatThrownBy(() -> RateSweep.of(new CapacitySearch(new QueueModel()), spec(), List.of(), 8,
        CapacityOptions.defaults(), (done, total) -> {
          steps.add(done);
          if (done == 2) {
            throw new IllegalStateException("stop");
          }
        })).hasMessage("stop");
    assertThat(steps).containsExactly(1, 2);
  }
}

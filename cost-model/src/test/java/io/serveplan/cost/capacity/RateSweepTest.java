package io.serveplan.cost.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.simulator.spec.SloSpec;
import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.plan.RunPlan;
import io.serveplan.simulator.plan.RunPlanResolver;
import io.serveplan.simulator.spec.WhatIfSpec;
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
}

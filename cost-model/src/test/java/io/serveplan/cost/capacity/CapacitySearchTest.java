package io.serveplan.cost.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.simulator.spec.SloSpec;
import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.plan.RunPlan;
import io.serveplan.simulator.plan.RunPlanResolver;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.spec.WorkloadSpec;
import org.junit.jupiter.api.Test;

class CapacitySearchTest {

  private static WhatIfSpec spec(double ttftMs) {
    return WhatIfSpec.defaults().withSlo(new SloSpec(ttftMs, 50, null)).withSeed(42);
  }

  private static RunPlan plan(WhatIfSpec spec) {
    return new RunPlanResolver(Catalog.builtin()).resolve(spec);
  }

  @Test
  void capacityOfAQueueIsBelowItsServiceRateAndTheNextProbeUpFails() {
    QueueModel queue = new QueueModel();
    Capacity c = new CapacitySearch(queue).search(plan(spec(1000)), CapacityOptions.defaults());
    // one 0.1 s server: the service rate is 10 req/s; waiting 0.9 s at p5 needs utilisation well below 1
    assertThat(c.serviceRps()).isBetween(9.9, 10.1);
    assertThat(c.maxRps()).isGreaterThan(5).isLessThan(c.serviceRps());
    assertThat(c.maxRpsHigh()).isGreaterThan(c.maxRps()).isLessThanOrEqualTo(c.maxRps() * 1.03 + 1e-9);
    assertThat(c.curve()).isSortedAccordingTo((a, b) -> Double.compare(a.rps(), b.rps()));
    assertThat(c.curve()).anySatisfy(p -> {
      assertThat(p.rps()).isGreaterThan(c.maxRps());
      assertThat(p.pass()).isFalse();
    });
  }

  @Test
  void aRateAboveTheServiceRateFailsWithoutSimulatingItsBacklog() {
    QueueModel queue = new QueueModel();
    CapacitySearch search = new CapacitySearch(queue);
    int before = queue.runs.get();
    CapacitySearch.Probe p = search.probe(plan(spec(1000)), 12, 10, CapacityOptions.defaults());
    assertThat(queue.runs.get()).isEqualTo(before);
    assertThat(p.point().pass()).isFalse();
    assertThat(p.point().requests()).isZero();
    assertThat(p.point().verdict()).contains("unstable").contains("service rate");
  }

  @Test
  void aProbeWhoseIntervalStraddlesTheTargetRunsLongerBeforeDeciding() {
    QueueModel queue = new QueueModel();
    CapacitySearch search = new CapacitySearch(queue);
    Capacity c = search.search(plan(spec(1000)), CapacityOptions.defaults());
    CapacityPoint atCapacity = c.curve().stream().filter(p -> p.rps() == c.maxRps()).findFirst().orElseThrow();
    assertThat(atCapacity.attainmentLow()).isGreaterThanOrEqualTo(0.95);
    assertThat(atCapacity.attainmentHigh()).isGreaterThanOrEqualTo(atCapacity.attainment());
    // near capacity some probe needed more than the first 2,000 requests
    assertThat(c.curve()).anySatisfy(p -> assertThat(p.requests()).isGreaterThan(2000));
  }

  @Test
  void aShortTransientProbeWouldOverstateWhatTheSteadyStateHolds() {
    QueueModel queue = new QueueModel();
    // at 9.5 req/s (95% utilisation) the first few hundred requests look fine; the steady state does not
    WhatIfSpec s = spec(1000);
    var shortRun = queue.run(plan(s.withWorkload(new WorkloadSpec("poisson", 9.5, 1, null, 100,
        s.workload().inputTokens(), s.workload().outputTokens(), s.workload().sharedPrefix(), null, 1))));
    double shortAttainment = shortRun.requests().stream().filter(r -> r.good()).count() / 100.0;
    CapacitySearch.Probe p = new CapacitySearch(queue).probe(plan(spec(1000)), 9.5, 10, CapacityOptions.defaults());
    assertThat(shortAttainment).isGreaterThan(p.point().attainment());
    assertThat(p.point().pass()).isFalse();
  }

  @Test
  void repeatedSearchOfTheSameConfigurationIsServedFromTheCache() {
    QueueModel queue = new QueueModel();
    CapacitySearch search = new CapacitySearch(queue);
    Capacity first = search.search(plan(spec(500)), CapacityOptions.defaults());
    int afterFirst = queue.runs.get();
    WhatIfSpec sameConfigOtherRate = spec(500).withWorkload(
        new WorkloadSpec("poisson", 99, 1, null, 7, spec(500).workload().inputTokens(),
            spec(500).workload().outputTokens(), spec(500).workload().sharedPrefix(), spec(500).workload().trace(), 1));
    assertThat(search.search(plan(sameConfigOtherRate), CapacityOptions.defaults())).isEqualTo(first);
    assertThat(queue.runs.get()).isEqualTo(afterFirst);
  }

  @Test
  void aTighterTtftTargetNeverRaisesCapacity() {
    CapacitySearch search = new CapacitySearch(new QueueModel());
    double previous = Double.MAX_VALUE;
    for (double ttft : new double[] {2000, 1000, 500, 300, 250, 150}) {
      double cap = search.search(plan(spec(ttft)), CapacityOptions.defaults()).maxRps();
      assertThat(cap).as("ttft %s", ttft).isLessThanOrEqualTo(previous);
      previous = cap;
    }
  }

  @Test
  void aLoneRequestMissingTheSloMeansNoCapacity() {
    Capacity c = new CapacitySearch(new QueueModel()).search(plan(spec(50)), CapacityOptions.defaults());
    assertThat(c.feasible()).isFalse();
    assertThat(c.maxRps()).isZero();
  }
}

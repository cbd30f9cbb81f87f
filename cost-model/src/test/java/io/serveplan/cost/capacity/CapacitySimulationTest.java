package io.serveplan.cost.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.spec.SloSpec;
import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.plan.RunPlan;
import io.serveplan.simulator.plan.RunPlanResolver;
import io.serveplan.simulator.spec.WhatIfSpec;
import org.junit.jupiter.api.Test;

/** Capacity search over the real simulator. */
class CapacitySimulationTest {

  private static final CapacitySearch SEARCH = new CapacitySearch();
  private static final CapacityOptions OPTIONS = CapacityOptions.defaults();

  private static WhatIfSpec spec(double ttftMs, double tpotMs) {
    return WhatIfSpec.defaults().withModel("llama-3.1-8b").withHardware("h100-sxm")
        .withSlo(new SloSpec(ttftMs, tpotMs, null)).withSeed(42);
  }

  @Test
  void aTighterTtftTargetNeverRaisesCapacity() {
    double previous = Double.MAX_VALUE;
    for (double ttft : new double[] {2000, 500, 200}) {
      Capacity c = SEARCH.search(new RunPlanResolver(Catalog.builtin()).resolve(spec(ttft, 50)), OPTIONS);
      assertThat(c.maxRps()).as("ttft %s ms", ttft).isLessThanOrEqualTo(previous);
      previous = c.maxRps();
    }
    assertThat(previous).isPositive();
  }

  @Test
  void capacityMeetsTheSloAndTheNextProbeUpDoesNot() {
    Capacity c = SEARCH.search(new RunPlanResolver(Catalog.builtin()).resolve(spec(500, 50)), OPTIONS);
    assertThat(c.feasible()).isTrue();
    assertThat(c.sloAttainment()).isGreaterThanOrEqualTo(0.95);
    assertThat(c.curve()).anySatisfy(p -> {
      assertThat(p.rps()).isGreaterThan(c.maxRps());
      assertThat(p.attainment()).isLessThan(0.95);
    });
    // delivered tokens: about 1200 per request (lognormal 1000 in, fixed 200 out)
    assertThat(c.tokensPerSec() / c.maxRps()).isBetween(900.0, 1500.0);
  }

  @Test
  void aTpotTargetBelowOneDecodeStepIsInfeasible() {
    // one decode step streams 16 GB of bf16 weights: over 4 ms on 3.35 TB/s
    Capacity c = SEARCH.search(new RunPlanResolver(Catalog.builtin()).resolve(spec(500, 2)), OPTIONS);
    assertThat(c.feasible()).isFalse();
    assertThat(c.maxRps()).isZero();
  }
}

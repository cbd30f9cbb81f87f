package io.serveplan.cost.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.serveplan.simulator.spec.SloSpec;
import io.serveplan.simulator.spec.WhatIfSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CapacitySearchTest {

  /**
   * A queue-like stand-in for the simulator: p95 TTFT = 100 ms / (1 − r/10), so the TTFT target T
   * holds up to r = 10 × (1 − 100 / T) requests/s (8 at 500 ms, 6 at 250 ms); 1200 tokens a request.
   */
  static Map<String, Object> queue(WhatIfSpec s, AtomicInteger calls) {
    calls.incrementAndGet();
    double r = s.workload().rate();
    double ttft = r >= 10 ? 1e6 : 100 / (1 - r / 10);
    boolean good = ttft <= s.slo().ttftMs();
    Map<String, Object> m = new HashMap<>();
    m.put("completed", 400);
    m.put("total_input_tokens", 400_000);
    m.put("total_output_tokens", 80_000);
    m.put("request_throughput", r);
    m.put("request_goodput", good ? r : 0.5 * r);
    m.put("p95_ttft_ms", ttft);
    m.put("p95_tpot_ms", 20.0);
    return m;
  }

  private static WhatIfSpec spec(double ttftMs) {
    WhatIfSpec d = WhatIfSpec.defaults();
    return new WhatIfSpec(d.model(), d.hardware(), 1, 1, "bf16", "bf16", d.engine(), d.router(), d.workload(),
        new SloSpec(ttftMs, 50, null), 42, null);
  }

  @Test
  void findsTheHighestRateWithinTheSloByBisection() {
    AtomicInteger calls = new AtomicInteger();
    CapacitySearch search = new CapacitySearch(s -> queue(s, calls));
    Capacity c = search.search(spec(500), CapacityOptions.defaults());
    assertThat(c.maxRps()).isLessThanOrEqualTo(8.0).isGreaterThan(8.0 / 1.04);
    assertThat(c.tokensPerSec()).isCloseTo(c.maxRps() * 1200, within(1e-9));
    assertThat(c.sloAttainment()).isEqualTo(1.0);
    assertThat(c.curve()).isSortedAccordingTo((a, b) -> Double.compare(a.rps(), b.rps()));
    assertThat(c.curve()).anySatisfy(p -> assertThat(p.attainment()).isLessThan(0.95));
  }

  @Test
  void repeatedSearchOfTheSameConfigurationIsServedFromTheCache() {
    AtomicInteger calls = new AtomicInteger();
    CapacitySearch search = new CapacitySearch(s -> queue(s, calls));
    Capacity first = search.search(spec(500), CapacityOptions.defaults());
    int afterFirst = calls.get();
    WhatIfSpec sameConfigOtherRate = spec(500).withWorkload(
        new io.serveplan.simulator.spec.WorkloadSpec("poisson", 99, 1, null, 7, spec(500).workload().inputTokens(),
            spec(500).workload().outputTokens(), spec(500).workload().sharedPrefix(), spec(500).workload().trace(), 1));
    assertThat(search.search(sameConfigOtherRate, CapacityOptions.defaults())).isEqualTo(first);
    assertThat(calls.get()).isEqualTo(afterFirst);
  }

  @Test
  void aTighterTtftTargetNeverRaisesCapacity() {
    CapacitySearch search = new CapacitySearch(s -> queue(s, new AtomicInteger()));
    double previous = Double.MAX_VALUE;
    for (double ttft : new double[] {2000, 1000, 500, 300, 250, 150}) {
      double cap = search.search(spec(ttft), CapacityOptions.defaults()).maxRps();
      assertThat(cap).as("ttft %s", ttft).isLessThanOrEqualTo(previous);
      previous = cap;
    }
  }

  @Test
  void aLoneRequestMissingTheSloMeansNoCapacity() {
    CapacitySearch search = new CapacitySearch(s -> queue(s, new AtomicInteger()));
    Capacity c = search.search(spec(50), CapacityOptions.defaults());
    assertThat(c.feasible()).isFalse();
    assertThat(c.maxRps()).isZero();
  }
}

package io.serveplan.cost.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.cost.capacity.Capacity;
import io.serveplan.cost.capacity.CapacityPoint;
import io.serveplan.simulator.spec.SloSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReasonsTest {

  private static final SloSpec SLO = new SloSpec(2000, 100, null);

  private static CapacityPoint unstable(double rps) {
    return new CapacityPoint(rps, null, null, 0, 0, 0, null, null, 0, 0, false,
        "unstable: offered " + rps + " req/s is not below the service rate 1.2 req/s", null, null, null);
  }

  /** Found with kimi-k2 on gb200 (2026-12-02): the first probe above capacity was failed at once, without percentiles. */
  @Test
  void aProbeFailedAtOnceAsUnstableNamesThroughputInsteadOfComparingMissingPercentiles() {
    CapacityPoint pass = CapacityPoint.exact(0.5, 900, 60, 1.0, true, "pass");
    Capacity cap = new Capacity(0.5, 600, 1.0, 0.45, 0.55, 1.2, List.of(pass, unstable(2.0), unstable(1.5)), null);
    assertThat(Reasons.binding(cap, SLO)).startsWith("throughput binds: at 1.5 req/s").contains("unstable");
  }

  @Test
  void aMeasuredFailingProbeStillNamesTheTargetThatBinds() {
    CapacityPoint pass = CapacityPoint.exact(0.5, 900, 60, 1.0, true, "pass");
    CapacityPoint ttftFails = CapacityPoint.exact(0.8, 2500, 70, 0.7, false, "fail");
    Capacity cap = new Capacity(0.5, 600, 1.0, 0.45, 0.55, 1.2, List.of(pass, unstable(2.0), ttftFails), null);
    assertThat(Reasons.binding(cap, SLO)).startsWith("TTFT binds: at 0.8 req/s");
  }
}

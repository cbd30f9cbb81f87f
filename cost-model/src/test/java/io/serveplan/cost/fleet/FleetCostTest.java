package io.serveplan.cost.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.serveplan.cost.price.ApiPrice;
import org.junit.jupiter.api.Test;

class FleetCostTest {

  private static final FleetOptions STEADY = new FleetOptions(0.5, 1, true, 730, 0);

  @Test
  void oneGpuAtKnownThroughputAndPriceGivesHandComputedCostPerMillionTokens() {
    // 5 req/s steady, one replica holds 10 req/s, loaded to 50%: exactly 1 replica all month.
    Demand d = new Demand(5, 5, 24, 1000, 200);
    FleetCost f = FleetCost.dedicated(d, 10, 1, 2.00, 0.25, STEADY);
    assertThat(f.replicasAvg()).isEqualTo(1);
    assertThat(f.replicasPeak()).isEqualTo(1);
    assertThat(f.gpuHoursPerMonth()).isCloseTo(730, within(1e-9));
    assertThat(f.usdPerMonth()).isCloseTo(1460, within(1e-9));
    // 5 × 3600 × 730 = 13,140,000 requests → 13.14e9 input + 2.628e9 output tokens
    assertThat(f.usdPerMillionTokens()).isCloseTo(1460 / 15_768.0, within(1e-9));
    assertThat(f.usdPerMillionInputTokens()).isCloseTo(1460 * 0.25 / 13_140.0, within(1e-9));
    assertThat(f.usdPerMillionOutputTokens()).isCloseTo(1460 * 0.75 / 2_628.0, within(1e-9));
  }

  @Test
  void dutyCycleBillsPeakFleetOnlyDuringPeakHours() {
    // avg 20 → ceil(20/7) = 3 replicas; peak 50 → ceil(50/7) = 8; 8 peak hours.
    FleetOptions o = new FleetOptions(0.7, 1, true, 730, 0);
    Demand d = new Demand(20, 50, 8, 1000, 200);
    FleetCost f = FleetCost.dedicated(d, 10, 2, 3.00, 0.5, o);
    assertThat(f.replicasAvg()).isEqualTo(3);
    assertThat(f.replicasPeak()).isEqualTo(8);
    double gpuHoursPerDay = 2 * (8 * 8 + 16 * 3);
    assertThat(f.usdPerMonth()).isCloseTo(gpuHoursPerDay / 24 * 730 * 3.00, within(1e-6));
    FleetCost flat = FleetCost.dedicated(d, 10, 2, 3.00, 0.5, o.withScaleDown(false));
    assertThat(flat.usdPerMonth()).isCloseTo(2 * 8 * 730 * 3.00, within(1e-6));
  }

  @Test
  void redundancyKeepsTwoReplicasAndOpsCostIsAdded() {
    FleetOptions o = new FleetOptions(0.7, FleetOptions.minReplicasFor(0.999), true, 730, 1000);
    FleetCost f = FleetCost.dedicated(new Demand(0.1, 0.1, 24, 100, 100), 10, 1, 1.0, 0.5, o);
    assertThat(f.replicasPeak()).isEqualTo(2);
    assertThat(f.usdPerMonth()).isCloseTo(2 * 730 + 1000, within(1e-9));
    assertThat(FleetOptions.minReplicasFor(0.99)).isEqualTo(1);
  }

  @Test
  void doublingTheRateNeverLowersMonthlyCost() {
    FleetOptions o = FleetOptions.defaults();
    for (double r = 0.05; r < 500; r *= 1.37) {
      Demand d = new Demand(r, 2.5 * r, 8, 1000, 200);
      double once = FleetCost.dedicated(d, 7.3, 1, 2.5, 0.3, o).usdPerMonth();
      double twice = FleetCost.dedicated(d.scaled(2), 7.3, 1, 2.5, 0.3, o).usdPerMonth();
      assertThat(twice).as("rate %s", r).isGreaterThanOrEqualTo(once);
      double s1 = ServerlessCost.of(d, 7.3, 1, 4, 60, 20, 0.3, o).fleet().usdPerMonth();
      double s2 = ServerlessCost.of(d.scaled(2), 7.3, 1, 4, 60, 20, 0.3, o).fleet().usdPerMonth();
      assertThat(s2).as("serverless rate %s", r).isGreaterThanOrEqualTo(s1);
    }
  }

  @Test
  void serverlessScalesToZeroAtLowRateAndCountsColdStarts() {
    // 0.001 req/s with a 60 s window: a container is warm 1 − e^−0.06 = 5.8% of the time.
    Demand d = new Demand(0.001, 0.001, 24, 1000, 200);
    ServerlessCost s = ServerlessCost.of(d, 10, 1, 3.6, 60, 20, 0.5, new FleetOptions(0.7, 1, true, 730, 0));
    double warm = 1 - Math.exp(-0.06);
    assertThat(s.fleet().gpuHoursPerMonth()).isCloseTo(warm * 730, within(1e-9));
    assertThat(s.fleet().usdPerMonth()).isCloseTo(warm * 730 * 3.6, within(1e-9));
    assertThat(s.coldRequestFraction()).isCloseTo(Math.exp(-0.06), within(1e-12));
  }

  @Test
  void apiBillAppliesCachedInputAndBatchDiscounts() {
    ApiPrice p = new ApiPrice("x", "X", "X", null, "first-party", null, 2.0, 8.0, 0.5, 1.0, 4.0, null, "s", "2026-11-01", false, null);
    Demand d = new Demand(1, 1, 24, 1000, 200); // 2.628e9 input, 0.5256e9 output tokens per month
    ApiBill plain = ApiBill.of(p, d, 0, false, 730);
    assertThat(plain.usdPerMonth()).isCloseTo(2628 * 2.0 + 525.6 * 8.0, within(1e-6));
    ApiBill cached = ApiBill.of(p, d, 0.4, false, 730);
    assertThat(cached.usdPerMillionInputTokens()).isCloseTo(0.6 * 2.0 + 0.4 * 0.5, within(1e-12));
    ApiBill batch = ApiBill.of(p, d, 0.4, true, 730);
    assertThat(batch.usdPerMonth()).isCloseTo(2628 * 1.0 + 525.6 * 4.0, within(1e-6));
    assertThat(batch.discounts()).containsExactly("batch");
  }

  @Test
  void breakEvenIsTheFleetFloorOverTheApiPrice() {
    // floor $2,920 / month; API $0.20 per M tokens → 14.6e9 tokens / month.
    BreakEven b = BreakEven.of("self", "api", 0.20, 2920, 0.05);
    assertThat(b.monthlyTokens()).isCloseTo(14.6e9, within(1.0));
    assertThat(BreakEven.of("self", "api", 0.20, 2920, 0.25).monthlyTokens()).isNull();
    // 1 GPU at $3.60/h, 1000 tokens/s at 50% → 1800 × 3600 = 1.8M tokens per $3.60 → $2.00 per M
    assertThat(BreakEven.marginalUsdPerMillionTokens(1, 3.6, 1000, 0.5)).isCloseTo(2.0, within(1e-12));
  }

  @Test
  void peakReplicasAreBilledForTheLeadTimeAndAtLeastTheMinimumPeriod() {
    // 5 req/s average, 20 at peak for 2 h; 10 req/s capacity at 50%: 1 replica off-peak, 4 at peak
    Demand d = new Demand(5, 20, 2, 1000, 200);
    FleetOptions instant = new FleetOptions(0.5, 1, true, 730, 0);
    FleetOptions bought = instant.withPeakBilling(4, 0.5);
    FleetCost a = FleetCost.dedicated(d, 10, 1, 2.0, 0.5, instant);
    FleetCost b = FleetCost.dedicated(d, 10, 1, 2.0, 0.5, bought);
    // instant: 24 × 1 + 2 × 3 = 30 replica-hours a day; bought: 24 × 1 + max(4, 2 + 0.5) × 3 = 36
    assertThat(a.usdPerMonth()).isCloseTo(30.0 / 24 * 730 * 2, within(1e-9));
    assertThat(b.usdPerMonth()).isCloseTo(36.0 / 24 * 730 * 2, within(1e-9));
    assertThat(instant.withPeakBilling(1, 0.5).peakReplicaHours(2)).isEqualTo(2.5);
  }
}

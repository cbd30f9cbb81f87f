package io.serveplan.cost.sheet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serveplan.cost.price.PricingTier;
import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.spec.SpecException;
import org.junit.jupiter.api.Test;

class SheetReaderTest {

  static final String CHAT = """
      workload:
        arrival: poisson
        rate: 20
        input_tokens:  {distribution: lognormal, mean: 1000, stddev: 400, max: 8000}
        output_tokens: {distribution: lognormal, mean: 200, stddev: 100, max: 2000}
      peak_rate: 50
      peak_hours_per_day: 8
      slo: {ttft_ms: 500, tpot_ms: 50, attainment: 0.95}
      privacy: any
      availability: 0.99
      candidates:
        models: [llama-3.1-8b, llama-3.1-70b]
        hardware: []
        apis: all
      pricing: on-demand
      """;

  @Test
  void readsTheDesignExampleSheet() {
    WorkloadSheet s = SheetReader.parse(CHAT);
    assertThat(s.workload().rate()).isEqualTo(20);
    assertThat(s.workload().inputTokens().mean()).isEqualTo(1000);
    assertThat(s.peakRate()).isEqualTo(50);
    assertThat(s.peakHoursPerDay()).isEqualTo(8);
    assertThat(s.slo().ttftMs()).isEqualTo(500);
    assertThat(s.slo().tpotMs()).isEqualTo(50);
    assertThat(s.attainment()).isEqualTo(0.95);
    assertThat(s.candidates().models()).containsExactly("llama-3.1-8b", "llama-3.1-70b");
    assertThat(s.candidates().allApis()).isTrue();
    assertThat(s.pricing()).isEqualTo(PricingTier.ON_DEMAND);
    assertThat(s.targetUtilization()).isEqualTo(0.7);
    assertThat(s.scaleDown()).isTrue();
    assertThat(s.allowBatch()).isFalse();
  }

  @Test
  void defaultsMakeAMinimalSheetSteady() {
    WorkloadSheet s = SheetReader.parse("workload: {rate: 2}\ncandidates: {models: [llama-3.1-8b]}\n");
    assertThat(s.peakRate()).isEqualTo(2);
    assertThat(s.peakHoursPerDay()).isEqualTo(24);
    assertThat(s.attainment()).isEqualTo(0.95);
    assertThat(s.privacy()).isEqualTo("any");
    assertThat(s.candidates().apis()).isEqualTo("all");
  }

  @Test
  void apisMayBeAListOfIds() {
    WorkloadSheet s = SheetReader.parse(
        "workload: {rate: 2}\ncandidates: {models: [llama-3.1-8b], apis: [groq-llama-3.1-8b-instant]}\n");
    assertThat(s.candidates().apiIds()).containsExactly("groq-llama-3.1-8b-instant");
  }

  @Test
  void everyBadFieldIsNamedWithItsAllowedValues() {
    String bad = """
        workload: {arrival: poisson, rate: 20, input_tokens: {distribution: zipf, mean: 10}}
        peak_rate: 10
        slo: {ttft_ms: 500, attainment: 1.5, p99: 3}
        privacy: on-prem
        pricing: monthly
        candidates: {models: [], apis: some}
        colour: blue
        """;
    assertThatThrownBy(() -> SheetReader.parse(bad))
        .isInstanceOfSatisfying(SpecException.class, e -> {
          assertThat(e.errors()).extracting(FieldError::field)
              .contains("workload.input_tokens.distribution", "slo.attainment", "privacy", "pricing",
                  "candidates.models", "candidates.apis", "colour");
          assertThat(e.errors()).filteredOn(f -> f.field().equals("privacy"))
              .singleElement().satisfies(f -> assertThat(f.allowed()).containsExactly("any", "self-hosted-only"));
          assertThat(e.errors()).filteredOn(f -> f.field().equals("pricing"))
              .singleElement().satisfies(f -> assertThat(f.allowed()).contains("spot", "reserved-3y"));
        });
  }

  @Test
  void peakBelowAverageIsRejected() {
    assertThatThrownBy(() -> SheetReader.parse("workload: {rate: 20}\npeak_rate: 10\ncandidates: {models: [m]}\n"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("peak_rate")
        .hasMessageContaining(">= workload.rate");
  }

  @Test
  void arrivalWithoutARateIsRejected() {
    assertThatThrownBy(() -> SheetReader.parse("workload: {arrival: offline}\ncandidates: {models: [m]}\n"))
        .hasMessageContaining("workload.arrival")
        .hasMessageContaining("poisson, gamma, constant");
  }

  @Test
  void closedLoopUsersTracesAndPricingProvidersAreRead() {
    WorkloadSheet w = SheetReader.parse("workload: {arrival: concurrency, concurrency: 100, input_tokens: "
        + "{distribution: fixed, value: 1000}, output_tokens: {distribution: fixed, value: 101}}\n"
        + "think_time_s: 4.5\nslo: {ttft_ms: 500, tpot_ms: 50}\ncandidates: {models: [m]}\n"
        + "pricing: {tier: reserved-1y, providers: [AWS, Lambda]}\npeak_billing: {min_billing_hours: 2}\n");
    // 100 / (4.5 + 0.5 + 100 × 0.05) = 10 req/s
    assertThat(w.workload().arrival()).isEqualTo("poisson");
    assertThat(w.averageRate()).isCloseTo(10.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(w.conversion()).contains("Little's law");
    assertThat(w.providers()).containsExactly("AWS", "Lambda");
    assertThat(w.pricing().id()).isEqualTo("reserved-1y");
    assertThat(w.minBillingHours()).isEqualTo(2.0);
    assertThat(w.scaleUpLeadMinutes()).isEqualTo(10.0);
    WorkloadSheet t = SheetReader.parse("workload: {arrival: trace, trace: azure-conv-2023}\ncandidates: {models: [m]}\n");
    assertThat(t.averageRate()).isPositive();
    assertThat(t.workload().inputTokens().distribution()).isEqualTo("empirical");
    assertThat(t.conversion()).contains("azure-conv-2023");
  }

  @Test
  void badPricingAndPeakBillingFieldsAreNamed() {
    assertThatThrownBy(() -> SheetReader.parse("workload: {arrival: poisson, rate: 1}\ncandidates: {models: [m]}\n"
        + "pricing: {tier: weekly, provider: [x]}\npeak_billing: {min_billing_hours: 30}\n"))
        .hasMessageContaining("pricing.tier").hasMessageContaining("capacity-block")
        .hasMessageContaining("pricing.provider").hasMessageContaining("peak_billing.min_billing_hours");
  }
}

package io.serveplan.cost.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.cost.capacity.CapacityOptions;
import io.serveplan.cost.capacity.CapacitySearch;
import io.serveplan.cost.price.PriceCatalog;
import io.serveplan.cost.sheet.SheetReader;
import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.spec.SpecException;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Economics that must hold whatever the prices, checked end to end with the simulator. */
class RecommenderTest {

  private static final Catalog CATALOG = Catalog.builtin();
  private static final PriceCatalog PRICES = PriceCatalog.load(Optional.empty(), LocalDate.of(2026, 11, 22));
  /** Shared so that the tests reuse each other's capacity searches. */
  private static final Recommender RECOMMENDER =
      new Recommender(new CapacitySearch(CATALOG), CapacityOptions.defaults());

  /** A small search space (one GPU, one engine, bf16) keeps each test to a few simulations. */
  static String sheet(double rate, double peak, double peakHours, String extra) {
    return """
        workload:
          arrival: poisson
          rate: %s
          input_tokens:  {distribution: lognormal, mean: 1000, stddev: 400, max: 8000}
          output_tokens: {distribution: lognormal, mean: 200, stddev: 100, max: 2000}
        peak_rate: %s
        peak_hours_per_day: %s
        slo: {ttft_ms: 500, tpot_ms: 50, attainment: 0.95}
        candidates:
          models: [llama-3.1-8b]
          hardware: [h100-sxm]
          engines: [vllm]
          weights_dtypes: [bf16]
        %s
        """.formatted(rate, peak, peakHours, extra);
  }

  private static Recommendation run(String sheet) {
    return RECOMMENDER.recommend(SheetReader.parse(sheet), CATALOG, PRICES);
  }

  @Test
  void aTinyWorkloadIsCheapestOnAHostedApi() {
    // 0.002 req/s × 1200 tokens ≈ 6.3 M tokens a month
    Recommendation r = run(sheet(0.002, 0.002, 24, ""));
    assertThat(r.options().get(0).operatingModel()).isEqualTo("hosted-api");
    assertThat(r.options()).anyMatch(o -> o.operatingModel().equals("self-hosted"));
  }

  @Test
  void aLargeSteadyWorkloadOnAnOpenModelIsCheapestSelfHosted() {
    Recommendation r = run(sheet(100, 100, 24, ""));
    StackOption best = r.options().get(0);
    assertThat(best.operatingModel()).isEqualTo("self-hosted");
    assertThat(best.replicas()).isGreaterThanOrEqualTo(1);
    assertThat(best.capacityRps()).isPositive();
    assertThat(r.breakEven()).isNotNull();
    assertThat(r.breakEven().monthlyTokens()).isNotNull();
  }

  @Test
  void doublingTheRateNeverLowersTheMonthlyCost() {
    double previousBest = 0;
    for (double rate : new double[] {1, 2, 4, 8, 16}) {
      Recommendation r = run(sheet(rate, 2 * rate, 8, ""));
      double best = r.options().get(0).usdPerMonth();
      assertThat(best).as("rate %s", rate).isGreaterThanOrEqualTo(previousBest);
      previousBest = best;
    }
  }

  @Test
  void selfHostedOnlyPrivacyRemovesOptionsThatSendDataOut() {
    Recommendation r = run(sheet(5, 5, 24, "privacy: self-hosted-only"));
    assertThat(r.options()).isNotEmpty().allMatch(o -> o.operatingModel().equals("self-hosted"));
    assertThat(r.excluded()).anyMatch(e -> e.contains("privacy"));
  }

  @Test
  void answerHasEveryKeyOfTheDesignContract() throws Exception {
    JsonNode json = new ObjectMapper().readTree(run(sheet(5, 10, 8, "")).toJson());
    assertThat(json.has("options") && json.has("break_even") && json.has("pareto") && json.has("api_comparison")
        && json.has("assumptions")).isTrue();
    JsonNode selfHosted = null;
    for (JsonNode o : json.get("options")) {
      if (o.get("operating_model").asText().equals("self-hosted")) {
        selfHosted = o;
        break;
      }
    }
    assertThat(selfHosted).isNotNull();
    for (String key : new String[] {"operating_model", "model", "hardware", "gpus", "tensor_parallel",
        "weights_dtype", "engine", "replicas", "capacity_rps", "capacity_tokens_per_s", "slo_attainment",
        "usd_per_month", "usd_per_million_input_tokens", "usd_per_million_output_tokens", "reasons"}) {
      assertThat(selfHosted.has(key)).as(key).isTrue();
    }
    assertThat(selfHosted.get("reasons")).isNotEmpty();
  }

  @Test
  void aSelfHostedBillIsItsFleetTimesItsPriceWithTheDutyCycle() {
    Recommendation r = run(sheet(20, 50, 8, ""));
    StackOption o = r.options().stream().filter(x -> x.operatingModel().equals("self-hosted")).findFirst().orElseThrow();
    double usdPerGpuHour = ((Number) o.price().get("usd_per_gpu_hour")).doubleValue();
    // scale-down: peak fleet 8 h a day, average fleet the other 16, 730 h a month
    double expected = o.tensorParallel() * (8.0 * o.replicas() + 16.0 * o.replicasAvg()) / 24 * 730 * usdPerGpuHour;
    assertThat(o.usdPerMonth()).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(o.replicas()).isEqualTo((int) Math.ceil(50 / (o.capacityRps() * 0.7) - 1e-9));
    assertThat(o.replicasAvg()).isEqualTo(Math.max(1, (int) Math.ceil(20 / (o.capacityRps() * 0.7) - 1e-9)));
    // blended $/M tokens: 20 req/s × 1200 tokens × 3600 × 730
    assertThat(o.usdPerMillionTokens()).isCloseTo(o.usdPerMonth() / (20 * 1200.0 * 3600 * 730) * 1e6,
        org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void optionsAreRankedCheapestFirst() {
    Recommendation r = run(sheet(5, 10, 8, ""));
    assertThat(r.options()).isSortedAccordingTo((a, b) -> Double.compare(a.usdPerMonth(), b.usdPerMonth()));
    assertThat(r.options()).extracting(StackOption::operatingModel).contains("hosted-api", "self-hosted");
  }

  @Test
  void unknownCandidateIdsAreNamedWithTheKnownIds() {
    assertThatThrownBy(() -> run(sheet(1, 1, 24, "").replace("[llama-3.1-8b]", "[llama-9b]")))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("candidates.models[0]")
        .hasMessageContaining("llama-3.1-70b");
  }
}

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
import io.serveplan.cost.price.GpuPrice;
import io.serveplan.cost.price.PricingTier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Economics that must hold whatever the prices, checked end to end with the simulator. */
class RecommenderTest {

  private static final Catalog CATALOG = Catalog.builtin();
  private static final PriceCatalog PRICES = PriceCatalog.load(Optional.empty(), LocalDate.of(2026, 11, 22));
  /** Shared so that the tests reuse each other's capacity searches. */
  private static final Recommender RECOMMENDER =
      new Recommender(new CapacitySearch(), CapacityOptions.defaults());

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
    // an H200 with fp8 weights (vLLM, calibrated memory efficiency) loaded all day beats the API's per-token bill
    Recommendation r = run(sheet(100, 100, 24, "").replace("[h100-sxm]", "[h200]").replace("[bf16]", "[fp8]"));
    StackOption best = r.options().get(0);
    assertThat(best.operatingModel()).isEqualTo("self-hosted");
    assertThat(best).isInstanceOf(SelfHostedOption.class);
    assertThat(best.fleet().orElseThrow().replicas()).isGreaterThanOrEqualTo(1);
    assertThat(best.fleet().orElseThrow().capacityRps()).isPositive();
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
    GpuFleet f = o.fleet().orElseThrow();
    double usdPerGpuHour = ((Number) o.price().get("usd_per_gpu_hour")).doubleValue();
    // scale-down: the average fleet all day; peak replicas for the 8 h peak plus the 10 min scale-up lead
    // (at least the 1 h minimum billing period), 730 h a month
    double peakHours = Math.max(1, 8 + 10 / 60.0);
    double expected = f.tensorParallel() * (24.0 * f.replicasAvg() + peakHours * (f.replicas() - f.replicasAvg()))
        / 24 * 730 * usdPerGpuHour;
    assertThat(o.usdPerMonth()).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(f.replicas()).isEqualTo((int) Math.ceil(50 / (f.capacityRps() * 0.7) - 1e-9));
    assertThat(f.replicasAvg()).isEqualTo(Math.max(1, (int) Math.ceil(20 / (f.capacityRps() * 0.7) - 1e-9)));
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
  void tensorRtLlmIsNeverRunOnAmdGpus(@TempDir Path dir) throws Exception {
    // no built-in source prices the MI300X: one of our own
    Files.writeString(dir.resolve("amd.yaml"), "gpu_prices:\n  - {id: our-mi300x, provider: OurCloud, gpu: mi300x, "
        + "tier: on-demand, usd_per_gpu_hour: 2.5, source: \"quote\", as_of: \"2026-11-01\"}\n");
    PriceCatalog amd = PriceCatalog.load(Optional.of(dir), LocalDate.of(2026, 11, 22));
    Recommendation r = RECOMMENDER.recommend(SheetReader.parse(sheet(2, 2, 24, "").replace("[h100-sxm]", "[mi300x]")
        .replace("[vllm]", "[trtllm, vllm]")), CATALOG, amd);
    assertThat(r.options()).filteredOn(o -> o.fleet().isPresent())
        .isNotEmpty().allMatch(o -> !"trtllm".equals(o.fleet().get().engine().get("preset")));
    assertThat(r.excluded()).anyMatch(e -> e.contains("trtllm runs on NVIDIA only, not AMD") && e.contains("http"));
  }

  @Test
  void aProvisionalPresetSaysSoAndCarriesAWiderRange() {
    Recommendation prov = run(sheet(5, 10, 8, "").replace("[vllm]", "[trtllm]"));
    StackOption p = prov.options().stream().filter(o -> "self-hosted".equals(o.operatingModel())).findFirst().orElseThrow();
    assertThat(p.fleet().orElseThrow().provisionalEngine()).isTrue();
    assertThat(p.reasons()).anyMatch(x -> x.contains("provisional") && x.contains("±25%"));
    StackOption v = run(sheet(5, 10, 8, "")).options().stream().filter(o -> "self-hosted".equals(o.operatingModel()))
        .findFirst().orElseThrow();
    assertThat(v.fleet().orElseThrow().provisionalEngine()).isFalse();
    assertThat(v.reasons()).noneMatch(x -> x.contains("provisional"));
    assertThat(width(p)).isGreaterThan(width(v));
  }

  private static double width(StackOption o) {
    return ((Number) o.range().get("capacity_rps_high")).doubleValue() / ((Number) o.range().get("capacity_rps_low"))
        .doubleValue();
  }

  @Test
  void everyGpuOptionsRangeHoldsItsPointValuesAndItsCommandsCarryTheKnobs() {
    for (StackOption o : run(sheet(5, 10, 8, "")).options()) {
      if (o.range() == null) {
        assertThat(o.operatingModel()).isEqualTo("hosted-api");
        continue;
      }
      GpuFleet f = o.fleet().orElseThrow();
      assertThat(((Number) o.range().get("capacity_rps_low")).doubleValue()).isLessThanOrEqualTo(f.capacityRps());
      assertThat(((Number) o.range().get("capacity_rps_high")).doubleValue()).isGreaterThanOrEqualTo(f.capacityRps());
      assertThat(o.usdPerMonthLow()).isLessThanOrEqualTo(o.usdPerMonth() + 1e-6);
      assertThat(o.usdPerMonthHigh()).isGreaterThanOrEqualTo(o.usdPerMonth() - 1e-6);
      assertThat(f.commands().get("launch")).startsWith("vllm serve meta-llama/Llama-3.1-8B-Instruct")
          .contains("--tensor-parallel-size 1").contains("--max-num-seqs").contains("--max-num-batched-tokens")
          .contains("--gpu-memory-utilization 0.90");
      assertThat(f.commands().get("vllm_bench_serve")).startsWith("vllm bench serve").contains("--request-rate")
          .contains("--goodput ttft:500 tpot:50");
      assertThat(f.commands().get("guidellm")).startsWith("guidellm benchmark").contains("--rate-type poisson");
    }
  }

  @Test
  void aUsersPriceAlwaysWinsOverTheBuiltInOneForTheSameGpuProviderAndTier(@TempDir Path dir) throws Exception {
    GpuPrice builtIn = PRICES.cheapest("h100-sxm", PricingTier.ON_DEMAND).orElseThrow();
    // dearer than the built-in price of the same provider: it must still be the one used
    Files.writeString(dir.resolve("mine.yaml"), "gpu_prices:\n  - {id: our-h100, provider: \"" + builtIn.provider()
        + "\", gpu: h100-sxm, tier: on-demand, usd_per_gpu_hour: " + (builtIn.usdPerGpuHour() + 1.5)
        + ", source: \"our contract\", as_of: \"2026-11-01\"}\n");
    PriceCatalog mine = PriceCatalog.load(Optional.of(dir), LocalDate.of(2026, 11, 22));
    Recommendation r = RECOMMENDER.recommend(SheetReader.parse(sheet(5, 10, 8, "")), CATALOG, mine);
    StackOption o = r.options().stream().filter(x -> "self-hosted".equals(x.operatingModel())).findFirst().orElseThrow();
    assertThat(o.price().get("id")).isEqualTo("our-h100");
    assertThat(o.reasons()).anyMatch(x -> x.contains("your price file"));
  }

  @Test
  void pricingProvidersRestrictTheGpuOffers() {
    Recommendation r = run(sheet(5, 10, 8, "pricing: {tier: on-demand, providers: [AWS]}"));
    assertThat(r.options()).filteredOn(o -> o.fleet().isPresent()).isNotEmpty()
        .allMatch(o -> "AWS".equals(o.provider()));
  }

  @Test
  void closedLoopUsersAreConvertedByLittlesLawWithTheConversionInTheReasons() {
    String s = sheet(1, 1, 24, "think_time_s: 20")
        .replace("arrival: poisson\n  rate: 1.0\n", "arrival: concurrency\n  concurrency: 200\n")
        .replace("peak_rate: 1.0\n", "");
    Recommendation r = run(s);
    StackOption o = r.options().stream().filter(x -> "self-hosted".equals(x.operatingModel())).findFirst().orElseThrow();
    // 200 users / (20 s think + 0.5 s TTFT + 199 × 50 ms) = 6.57 req/s (mean output 200 tokens)
    assertThat(o.reasons()).anyMatch(x -> x.contains("Little's law") && x.contains("6.57 req/s"));
  }

  @Test
  void unknownCandidateIdsAreNamedWithTheKnownIds() {
    assertThatThrownBy(() -> run(sheet(1, 1, 24, "").replace("[llama-3.1-8b]", "[llama-9b]")))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("candidates.models[0]")
        .hasMessageContaining("llama-3.1-70b");
  }

  @Test
  void progressCountsEveryCapacitySearchAndACancelStopsTheRun() {
    List<int[]> steps = new java.util.ArrayList<>();
    Recommender.Progress record = new Recommender.Progress() {
      @Override
      public void searched(int done, int total) {
        steps.add(new int[] {done, total});
      }

      @Override
      public boolean cancelled() {
        return false;
      }
    };
    Recommendation r = RECOMMENDER.withProgress(record).recommend(SheetReader.parse(sheet(5, 10, 8, "")), CATALOG, PRICES);

    int total = ((Number) r.search().get("configurations_simulated")).intValue();
    assertThat(total).isPositive();
    assertThat(steps).hasSize(total + 1);
    for (int i = 0; i <= total; i++) {
      assertThat(steps.get(i)).containsExactly(i, total);
    }

    Recommender.Progress cancel = new Recommender.Progress() {
      @Override
      public void searched(int done, int total) {}

      @Override
      public boolean cancelled() {
        return true;
      }
    };
    assertThatThrownBy(() -> RECOMMENDER.withProgress(cancel).recommend(SheetReader.parse(sheet(5, 10, 8, "")), CATALOG,
        PRICES)).isInstanceOf(Recommender.CancelledException.class).hasMessageContaining("after 0 of " + total);
  }
}

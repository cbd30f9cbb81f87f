package io.serveplan.cost.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.cost.capacity.CapacityOptions;
import io.serveplan.cost.capacity.CapacitySearch;
import io.serveplan.cost.price.PriceCatalog;
import io.serveplan.cost.sheet.SheetReader;
import io.serveplan.hardware.Catalog;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A chat sheet over an end-2026 model and two established ones ranks both ways to serve each. */
class NewModelsRecommendationTest {

  private static final Catalog CATALOG = Catalog.builtin();
  private static final PriceCatalog PRICES =
      PriceCatalog.load(Optional.empty(), LocalDate.of(2026, 12, 2));

  @Test
  void aChatSheetRanksSelfHostedOptionsAndHostedApisForGptOssLlamaAndQwen() {
    String sheet = """
        workload:
          arrival: poisson
          rate: 20
          input_tokens:  {distribution: lognormal, mean: 1000, stddev: 400, max: 8000}
          output_tokens: {distribution: lognormal, mean: 200, stddev: 100, max: 2000}
        peak_rate: 50
        peak_hours_per_day: 8
        slo: {ttft_ms: 500, tpot_ms: 50, attainment: 0.95}
        candidates:
          models: [gpt-oss-120b, llama-3.3-70b, qwen3-235b-a22b]
          hardware: [h100-sxm, h200]
          engines: [vllm]
          weights_dtypes: [fp8, mxfp4]
          apis: all
        pricing: on-demand
        """;
    Recommender recommender = new Recommender(new CapacitySearch(),
        CapacityOptions.defaults());
    Recommendation r = recommender.recommend(SheetReader.parse(sheet), CATALOG, PRICES);
    for (String model : List.of("gpt-oss-120b", "llama-3.3-70b", "qwen3-235b-a22b")) {
      assertThat(r.options()).as("self-hosted %s", model)
          .anyMatch(o -> o.operatingModel().equals("self-hosted") && model.equals(o.model()));
      assertThat(r.options()).as("hosted API for %s", model)
          .anyMatch(o -> o.operatingModel().equals("hosted-api") && model.equals(o.model()));
    }
    // gpt-oss-120b in MXFP4 fits one H100, so a one-GPU replica is among its options
    assertThat(r.options()).anyMatch(o -> "gpt-oss-120b".equals(o.model()) && o.fleet().isPresent()
        && "mxfp4".equals(o.fleet().get().weightsDtype()) && o.fleet().get().tensorParallel() == 1);
    // ranked cheapest first
    for (int i = 1; i < r.options().size(); i++) {
      assertThat(r.options().get(i).usdPerMonth())
          .isGreaterThanOrEqualTo(r.options().get(i - 1).usdPerMonth());
    }
  }
}

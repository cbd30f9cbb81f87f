package io.serveplan.cost.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serveplan.hardware.Catalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceCatalogTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

  @Test
  void everyBuiltinEntryHasSourceAndAsOf() {
    PriceCatalog p = PriceCatalog.load(Optional.empty(), TODAY);
    assertThat(p.gpuPrices()).isNotEmpty().allSatisfy(g -> {
      assertThat(g.source()).isNotBlank();
      assertThat(g.asOf()).isNotBlank();
    });
    assertThat(p.apiPrices()).hasSizeGreaterThan(50).allSatisfy(a -> {
      assertThat(a.source()).isNotBlank();
      assertThat(a.asOf()).isNotBlank();
    });
  }

  @Test
  void gpuPricesNameCatalogGpusAndApiLinksNameCatalogModels() {
    PriceCatalog p = PriceCatalog.load(Optional.empty(), TODAY);
    Catalog c = Catalog.builtin();
    assertThat(p.gpuPrices()).allSatisfy(g -> assertThat(c.findGpu(g.gpu())).isPresent());
    assertThat(p.apiPrices().stream().filter(a -> a.model() != null))
        .allSatisfy(a -> assertThat(c.findModel(a.model())).as(a.id()).isPresent());
  }

  @Test
  void openModelHostsAreLinkedToTheModelTheyServe() {
    PriceCatalog p = PriceCatalog.load(Optional.empty(), TODAY);
    assertThat(p.apisServing("llama-3.1-8b"))
        .extracting(ApiPrice::provider)
        .contains("Together AI", "Fireworks AI", "Groq", "DeepInfra", "Cerebras");
    assertThat(p.api("deepinfra-llama-3.1-8b-instruct").inputUsdPerMTok()).isEqualTo(0.03);
  }

  @Test
  void undatedAndOldPricesAreStaleRecentOnesAreNot() {
    PriceCatalog p = PriceCatalog.load(Optional.empty(), TODAY);
    assertThat(find(p, "aws-p5-h100-sxm-on-demand").stale()).isTrue(); // undated
    assertThat(find(p, "lambda-h100-sxm-on-demand").stale()).isTrue(); // 2026-05-07: 199 days
    assertThat(find(p, "packet-h200-on-demand").stale()).isFalse(); // 2026-06
    PriceCatalog early = PriceCatalog.load(Optional.empty(), LocalDate.of(2026, 6, 1));
    assertThat(find(early, "lambda-h100-sxm-on-demand").stale()).isFalse();
  }

  @Test
  void cheapestOfferSkipsReferenceOnlyMarketRanges() {
    PriceCatalog p = PriceCatalog.load(Optional.empty(), TODAY);
    assertThat(p.cheapest("h100-sxm", PricingTier.ON_DEMAND).orElseThrow().id())
        .isEqualTo("runpod-h100-sxm-on-demand");
  }

  @Test
  void aReservedPriceAboveTheSameProvidersOnDemandPriceIsADataError(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("bad.yaml"), "gpu_prices:\n  - {id: aws-h200-1y, provider: AWS, gpu: h200, "
        + "tier: reserved-1y, usd_per_gpu_hour: 20.0, source: \"x\", as_of: \"2026-11-01\"}\n");
    assertThatThrownBy(() -> PriceCatalog.load(Optional.of(dir), LocalDate.of(2026, 11, 22)))
        .isInstanceOf(PriceException.class)
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining("gpu_prices[aws-h200-1y].usd_per_gpu_hour:").hasMessageContaining("capacity-block");
  }

  @Test
  void capacityBlocksAreTheirOwnTierAndNoBuiltInReservedPriceExceedsOnDemand() {
    PriceCatalog p = PriceCatalog.load(Optional.empty(), LocalDate.of(2026, 11, 22));
    assertThat(p.gpuPrices()).filteredOn(g -> g.id().contains("capacity-block")).isNotEmpty()
        .allMatch(g -> g.tier() == PricingTier.CAPACITY_BLOCK);
    assertThat(p.offers("h200", PricingTier.RESERVED_1Y)).isEmpty();
  }

  @Test
  void aUsersPriceReplacesEveryBuiltInOfferForItsGpuAndTier(@TempDir Path dir) throws IOException {
    PriceCatalog builtIn = PriceCatalog.load(Optional.empty(), LocalDate.of(2026, 11, 22));
    double cheapest = builtIn.cheapest("h100-sxm", PricingTier.ON_DEMAND).orElseThrow().usdPerGpuHour();
    Files.writeString(dir.resolve("mine.yaml"), "gpu_prices:\n  - {id: ours, provider: OurCloud, gpu: h100-sxm, "
        + "tier: on-demand, usd_per_gpu_hour: " + (cheapest + 2) + ", source: \"contract\", as_of: \"2026-11-01\"}\n");
    PriceCatalog mine = PriceCatalog.load(Optional.of(dir), LocalDate.of(2026, 11, 22));
    assertThat(mine.cheapest("h100-sxm", PricingTier.ON_DEMAND).orElseThrow().id()).isEqualTo("ours");
    assertThat(mine.userPrice("ours")).isTrue();
    // other tiers and GPUs keep the built-in offers
    assertThat(mine.offers("h100-sxm", PricingTier.SPOT)).isEqualTo(builtIn.offers("h100-sxm", PricingTier.SPOT));
  }

  @Test
  void userFileOverridesAndAddsEntries(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("mine.yaml"), """
        gpu_prices:
          - {id: lambda-h100-sxm-on-demand, provider: Lambda, gpu: h100-sxm, tier: on-demand,
             usd_per_gpu_hour: 2.10, source: "our contract", as_of: "2026-11-01"}
        api_prices:
          - {id: acme-llama, provider: Acme, name: Llama, class: open-host, model: llama-3.1-8b,
             input_usd_per_mtok: 0.01, output_usd_per_mtok: 0.02, source: quote, as_of: "2026-11-20"}
        assumptions:
          - {id: managed_platform_fee, value: 0.10, source: "our quote", as_of: "2026-11-01"}
        """);
    PriceCatalog p = PriceCatalog.load(Optional.of(dir), TODAY);
    assertThat(find(p, "lambda-h100-sxm-on-demand").usdPerGpuHour()).isEqualTo(2.10);
    assertThat(find(p, "lambda-h100-sxm-on-demand").stale()).isFalse();
    assertThat(p.api("acme-llama").serves("llama-3.1-8b")).isTrue();
    assertThat(p.assumption("managed_platform_fee", 0.25)).isEqualTo(0.10);
  }

  @Test
  void badFieldIsNamedWithFileEntryAndAllowedValues(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("bad.yaml"), """
        gpu_prices:
          - {id: x, provider: X, gpu: h100-sxm, tier: hourly, usd_per_gpu_hour: 1, source: s, as_of: undated}
        """);
    assertThatThrownBy(() -> PriceCatalog.load(Optional.of(dir), TODAY))
        .isInstanceOf(PriceException.class)
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining("gpu_prices[x].tier: unknown value 'hourly'; allowed: on-demand, spot, reserved-1y");
  }

  @Test
  void missingSourceNegativePriceAndBadDateAreRejected(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, "api_prices:\n  - {id: a, provider: A, name: A, class: open-host, input_usd_per_mtok: 1, output_usd_per_mtok: 1, as_of: undated}\n");
    assertThatThrownBy(() -> PriceCatalog.load(Optional.of(dir), TODAY)).hasMessageContaining("api_prices[a].source: required");
    Files.writeString(f, "gpu_prices:\n  - {id: g, provider: G, gpu: l4, tier: spot, usd_per_gpu_hour: -1, source: s, as_of: undated}\n");
    assertThatThrownBy(() -> PriceCatalog.load(Optional.of(dir), TODAY)).hasMessageContaining("gpu_prices[g].usd_per_gpu_hour: must be > 0, got -1");
    Files.writeString(f, "gpu_prices:\n  - {id: g, provider: G, gpu: l4, tier: spot, usd_per_gpu_hour: 1, source: s, as_of: last year}\n");
    assertThatThrownBy(() -> PriceCatalog.load(Optional.of(dir), TODAY)).hasMessageContaining("as_of").hasMessageContaining("YYYY-MM-DD");
    Files.writeString(f, "gpu_prices:\n  - {id: g, provider: G, gpu: l4, tier: spot, usd_per_gpu_hour: 1, source: s, as_of: undated, colour: red}\n");
    assertThatThrownBy(() -> PriceCatalog.load(Optional.of(dir), TODAY)).hasMessageContaining("gpu_prices[g].colour: unknown field; allowed:");
    Files.writeString(f, "gpus: []\n");
    assertThatThrownBy(() -> PriceCatalog.load(Optional.of(dir), TODAY)).hasMessageContaining("gpus: unknown field; allowed: gpu_prices, api_prices, assumptions");
  }

  private static GpuPrice find(PriceCatalog p, String id) {
    return p.gpuPrices().stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow();
  }
}

package io.serveplan.cost.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.serveplan.cost.price.ApiPrice;
import java.util.ArrayList;
import java.util.List;

/**
 * A workload's monthly bill on a hosted API. Input tokens that repeat a shared prefix are billed
 * at the cached-input price where the API has one ({@code cachedInputFraction} = shared prefix
 * tokens ÷ mean input tokens); with batch allowed and batch prices known, batch prices replace the
 * standard ones (the cached discount is then not stacked). Cache-write surcharges are not counted
 * (a shared prefix is written once per cache lifetime). Immutable.
 */
public record ApiBill(
    @JsonProperty("api") String apiId,
    String provider,
    String name,
    String model,
    @JsonProperty("usd_per_month") double usdPerMonth,
    @JsonProperty("usd_per_million_input_tokens") double usdPerMillionInputTokens,
    @JsonProperty("usd_per_million_output_tokens") double usdPerMillionOutputTokens,
    @JsonProperty("usd_per_million_tokens") double usdPerMillionTokens,
    List<String> discounts,
    @JsonProperty("as_of") String asOf,
    boolean stale) {

  public ApiBill {
    discounts = List.copyOf(discounts);
  }

  public static ApiBill of(
      ApiPrice p, Demand d, double cachedInputFraction, boolean allowBatch, double hoursPerMonth) {
    double in = d.monthlyInputTokens(hoursPerMonth);
    double out = d.monthlyOutputTokens(hoursPerMonth);
    List<String> discounts = new ArrayList<>();
    double inPrice = p.inputUsdPerMTok();
    double outPrice = p.outputUsdPerMTok();
    if (allowBatch && p.batchInputUsdPerMTok() != null && p.batchOutputUsdPerMTok() != null) {
      inPrice = p.batchInputUsdPerMTok();
      outPrice = p.batchOutputUsdPerMTok();
      discounts.add("batch");
    } else if (cachedInputFraction > 0 && p.cachedInputUsdPerMTok() != null) {
      double c = Math.min(1, cachedInputFraction);
      inPrice = (1 - c) * p.inputUsdPerMTok() + c * p.cachedInputUsdPerMTok();
      discounts.add(String.format(java.util.Locale.ROOT, "cached-input %.0f%%", c * 100));
    }
    double usd = (in * inPrice + out * outPrice) / 1e6;
    return new ApiBill(
        p.id(), p.provider(), p.name(), p.model(), usd, inPrice, outPrice, usd / (in + out) * 1e6,
        discounts, p.asOf(), p.stale());
  }
}

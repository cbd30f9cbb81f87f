package io.serveplan.cost.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The monthly token volume at which a self-hosted fleet and an API serving the same model cost the
 * same, for this workload's mix of input and output tokens. Immutable.
 *
 * <pre>
 *   API(V)          = V × apiUsdPerToken                              linear in volume
 *   selfHosted(V)   = max(floor, V × marginalUsdPerToken)             floor = smallest fleet, all month
 *   marginal        = gpus × usdPerGpuHour / (capacityTokensPerS × targetUtilization × 3600)
 *   break-even V    = floor / apiUsdPerToken      when marginal < apiUsdPerToken, else none
 * </pre>
 *
 * {@code monthlyTokens} is {@code null} when the API is cheaper at every volume.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BreakEven(
    @JsonProperty("monthly_tokens") Double monthlyTokens,
    @JsonProperty("self_hosted_option") String selfHostedOption,
    @JsonProperty("api") String apiId,
    @JsonProperty("api_usd_per_million_tokens") double apiUsdPerMillionTokens,
    @JsonProperty("self_hosted_floor_usd_per_month") double selfHostedFloorUsdPerMonth,
    @JsonProperty("self_hosted_usd_per_million_tokens_at_scale") double selfHostedUsdPerMillionTokensAtScale,
    String note,
    @JsonProperty("workload_monthly_tokens") Double workloadMonthlyTokens) {

  public static BreakEven of(
      String selfHostedOption, String apiId, double apiUsdPerMillionTokens, double floorUsdPerMonth,
      double marginalUsdPerMillionTokens) {
    if (marginalUsdPerMillionTokens >= apiUsdPerMillionTokens) {
      return new BreakEven(
          null, selfHostedOption, apiId, apiUsdPerMillionTokens, floorUsdPerMonth, marginalUsdPerMillionTokens,
          "the API is cheaper at every volume: even fully loaded, self-hosting costs more per token", null);
    }
    double v = floorUsdPerMonth / apiUsdPerMillionTokens * 1e6;
    return new BreakEven(
        v, selfHostedOption, apiId, apiUsdPerMillionTokens, floorUsdPerMonth, marginalUsdPerMillionTokens,
        "above this monthly volume the self-hosted fleet is cheaper than the API", null);
  }

  /** This break-even with the workload's own monthly token volume, for charts. */
  public BreakEven withWorkloadMonthlyTokens(double tokens) {
    return new BreakEven(monthlyTokens, selfHostedOption, apiId, apiUsdPerMillionTokens, selfHostedFloorUsdPerMonth,
        selfHostedUsdPerMillionTokensAtScale, note, tokens);
  }

  /** Marginal self-hosted USD per million tokens of a replica loaded to the target utilization. */
  public static double marginalUsdPerMillionTokens(
      int gpusPerReplica, double usdPerGpuHour, double capacityTokensPerS, double targetUtilization) {
    return gpusPerReplica * usdPerGpuHour / (capacityTokensPerS * targetUtilization * 3600.0) * 1e6;
  }
}

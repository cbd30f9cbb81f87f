package io.serveplan.cost.recommend;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * One way to serve the workload, with its monthly bill: a hosted API, or a configuration of model,
 * GPU, tensor parallelism, weight dtype and engine run as a serverless, managed or self-hosted
 * fleet. Keys follow docs/design.md's recommend answer; fields that do not apply (hardware of an API)
 * are null and left out; {@code provider} sells the GPU time or the tokens, {@code api} is the
 * API id of a hosted-api option. {@code capacityRps} and {@code capacityTokensPerS} are one replica's at
 * the SLO; {@code gpus} counts the GPUs at peak; {@code p95TtftMs} is the simulated p95 TTFT at the
 * load one replica carries at peak; {@code capacityCurve} holds the capacity search's probes;
 * {@code byTier} (self-hosted) the same fleet's hourly and monthly cost in every pricing tier with
 * an offer for the GPU; {@code range} the low/high of capacity, replicas and $ per month (from the
 * capacity search's statistics and the engine preset's stated efficiency range); {@code
 * overlapsWith} the ranks whose $ range overlaps this one's (their order is not settled); {@code
 * provisionalEngine} whether the preset rests on no published figure; {@code stale} whether its
 * price is stale; {@code commands} the engine launch command and the benchmark commands that check
 * the prediction on one replica.
 * Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"rank", "operating_model", "provider", "api", "model", "hardware", "gpus", "tensor_parallel", "weights_dtype",
    "engine", "replicas", "capacity_rps", "capacity_tokens_per_s", "slo_attainment", "usd_per_month",
    "usd_per_million_input_tokens", "usd_per_million_output_tokens", "usd_per_million_tokens", "range",
    "overlaps_with", "provisional_engine", "stale", "reasons"})
public record StackOption(
    int rank,
    @JsonProperty("operating_model") String operatingModel,
    String provider,
    String api,
    String model,
    String hardware,
    Integer gpus,
    @JsonProperty("tensor_parallel") Integer tensorParallel,
    @JsonProperty("weights_dtype") String weightsDtype,
    Map<String, Object> engine,
    Integer replicas,
    @JsonProperty("replicas_avg") Integer replicasAvg,
    @JsonProperty("capacity_rps") Double capacityRps,
    @JsonProperty("capacity_tokens_per_s") Double capacityTokensPerS,
    @JsonProperty("slo_attainment") Double sloAttainment,
    @JsonProperty("p95_ttft_ms") Double p95TtftMs,
    @JsonProperty("p95_tpot_ms") Double p95TpotMs,
    @JsonProperty("usd_per_month") double usdPerMonth,
    @JsonProperty("usd_per_hour_peak") Double usdPerHourPeak,
    @JsonProperty("usd_per_million_input_tokens") double usdPerMillionInputTokens,
    @JsonProperty("usd_per_million_output_tokens") double usdPerMillionOutputTokens,
    @JsonProperty("usd_per_million_tokens") double usdPerMillionTokens,
    Map<String, Object> price,
    List<String> reasons,
    @JsonProperty("capacity_curve") List<io.serveplan.cost.capacity.CapacityPoint> capacityCurve,
    @JsonProperty("by_tier") Map<String, Object> byTier,
    Map<String, Object> range,
    @JsonProperty("overlaps_with") List<Integer> overlapsWith,
    @JsonProperty("provisional_engine") Boolean provisionalEngine,
    boolean stale,
    Map<String, String> commands) {

  public StackOption {
    reasons = List.copyOf(reasons);
    capacityCurve = capacityCurve == null ? null : List.copyOf(capacityCurve);
    overlapsWith = overlapsWith == null ? null : List.copyOf(overlapsWith);
  }

  StackOption withRank(int r) {
    return new StackOption(r, operatingModel, provider, api, model, hardware, gpus, tensorParallel, weightsDtype, engine, replicas,
        replicasAvg, capacityRps, capacityTokensPerS, sloAttainment, p95TtftMs, p95TpotMs, usdPerMonth,
        usdPerHourPeak, usdPerMillionInputTokens, usdPerMillionOutputTokens, usdPerMillionTokens, price, reasons, capacityCurve, byTier,
        range, overlapsWith, provisionalEngine, stale, commands);
  }

  StackOption withReasons(List<String> r) {
    return new StackOption(rank, operatingModel, provider, api, model, hardware, gpus, tensorParallel, weightsDtype, engine, replicas,
        replicasAvg, capacityRps, capacityTokensPerS, sloAttainment, p95TtftMs, p95TpotMs, usdPerMonth,
        usdPerHourPeak, usdPerMillionInputTokens, usdPerMillionOutputTokens, usdPerMillionTokens, price, r, capacityCurve, byTier,
        range, overlapsWith, provisionalEngine, stale, commands);
  }

  StackOption withOverlaps(List<Integer> ranks) {
    return new StackOption(rank, operatingModel, provider, api, model, hardware, gpus, tensorParallel, weightsDtype, engine, replicas,
        replicasAvg, capacityRps, capacityTokensPerS, sloAttainment, p95TtftMs, p95TpotMs, usdPerMonth,
        usdPerHourPeak, usdPerMillionInputTokens, usdPerMillionOutputTokens, usdPerMillionTokens, price, reasons, capacityCurve, byTier,
        range, ranks, provisionalEngine, stale, commands);
  }

  StackOption withExtras(Map<String, Object> byTierOrNull, Map<String, Object> rangeOrNull, Boolean provisional,
      Map<String, String> cmds) {
    return new StackOption(rank, operatingModel, provider, api, model, hardware, gpus, tensorParallel, weightsDtype, engine, replicas,
        replicasAvg, capacityRps, capacityTokensPerS, sloAttainment, p95TtftMs, p95TpotMs, usdPerMonth,
        usdPerHourPeak, usdPerMillionInputTokens, usdPerMillionOutputTokens, usdPerMillionTokens, price, reasons, capacityCurve,
        byTierOrNull, rangeOrNull, overlapsWith, provisional, stale, cmds);
  }

  /** The low end of the $ per month range (the point value when there is no range). */
  public double usdPerMonthLow() {
    return range != null && range.get("usd_per_month_low") instanceof Number n ? n.doubleValue() : usdPerMonth;
  }

  public double usdPerMonthHigh() {
    return range != null && range.get("usd_per_month_high") instanceof Number n ? n.doubleValue() : usdPerMonth;
  }

  /** A short label: {@code self-hosted llama-3.1-8b on 2× h100-sxm (tp 1, fp8, vllm)}. */
  public String label() {
    if (hardware == null) {
      return operatingModel + " " + (api != null ? api : model);
    }
    return String.format(java.util.Locale.ROOT, "%s %s on %d× %s (tp %d, %s, %s)", operatingModel, model, gpus,
        hardware, tensorParallel, weightsDtype, engine.get("preset"));
  }
}

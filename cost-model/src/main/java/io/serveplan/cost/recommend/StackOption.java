package io.serveplan.cost.recommend;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One way to serve the workload, with its monthly bill: one record per operating model — a hosted
 * API ({@link HostedApiOption}) or a configuration of model, GPU, tensor parallelism, weight dtype and
 * engine run as a serverless ({@link ServerlessGpuOption}), managed ({@link ManagedOption}) or
 * self-hosted ({@link SelfHostedOption}) fleet. What every option has is its {@link Offer} (rank, who
 * sells it, the bill, reasons); the GPU options add their {@link GpuFleet}. Written as one flat object
 * with docs/design.md's recommend keys (fields that do not apply are left out). Immutable.
 */
public sealed interface StackOption permits HostedApiOption, GpuOption {

  /** {@code hosted-api}, {@code serverless-gpu}, {@code managed} or {@code self-hosted}. */
  String operatingModel();

  Offer offer();

  /** The GPU fleet of a serverless, managed or self-hosted option; empty for a hosted API. */
  Optional<GpuFleet> fleet();

  StackOption withOffer(Offer offer);

  /** A short label: {@code self-hosted llama-3.1-8b on 2× h100-sxm (tp 1, fp8, vllm)}. */
  String label();

  default int rank() {
    return offer().rank();
  }

  default String provider() {
    return offer().provider();
  }

  default String model() {
    return offer().model();
  }

  default double usdPerMonth() {
    return offer().usdPerMonth();
  }

  default double usdPerMillionInputTokens() {
    return offer().usdPerMillionInputTokens();
  }

  default double usdPerMillionOutputTokens() {
    return offer().usdPerMillionOutputTokens();
  }

  default double usdPerMillionTokens() {
    return offer().usdPerMillionTokens();
  }

  default List<String> reasons() {
    return offer().reasons();
  }

  default List<Integer> overlapsWith() {
    return offer().overlapsWith();
  }

  default boolean stale() {
    return offer().stale();
  }

  default Map<String, Object> price() {
    return offer().price();
  }

  /** The simulated p95 TTFT at the load one replica carries at peak; null for a hosted API (not simulated). */
  default Double p95TtftMs() {
    return fleet().map(GpuFleet::p95TtftMs).orElse(null);
  }

  /** The $ per month range (low/high of capacity, replicas and $), null without one. */
  default Map<String, Object> range() {
    return fleet().map(GpuFleet::range).orElse(null);
  }

  /** The low end of the $ per month range (the point value when there is no range). */
  default double usdPerMonthLow() {
    return range() != null && range().get("usd_per_month_low") instanceof Number n ? n.doubleValue() : usdPerMonth();
  }

  default double usdPerMonthHigh() {
    return range() != null && range().get("usd_per_month_high") instanceof Number n ? n.doubleValue() : usdPerMonth();
  }

  default StackOption withRank(int r) {
    return withOffer(offer().withRank(r));
  }

  default StackOption withReasons(List<String> r) {
    return withOffer(offer().withReasons(r));
  }

  default StackOption withOverlaps(List<Integer> ranks) {
    return withOffer(offer().withOverlaps(ranks));
  }

  /** The flat document the recommend answer writes (docs/design.md's keys, in their order). */
  @JsonValue
  default Map<String, Object> json() {
    return OptionJson.of(this);
  }
}

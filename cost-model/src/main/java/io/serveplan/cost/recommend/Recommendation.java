package io.serveplan.cost.recommend;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.serveplan.cost.fleet.ApiBill;
import io.serveplan.cost.fleet.BreakEven;
import io.serveplan.hardware.document.JsonCodec;
import java.util.List;
import java.util.Map;

/**
 * The answer to a workload sheet (docs/design.md): {@code options} ranked cheapest first (hosted APIs
 * and GPU fleets in one list), {@code break_even} between the cheapest self-hosted option whose
 * model some API serves and the cheapest such API (null when there is no such pair), the same for
 * each model in {@code break_even_by_model}, the {@code pareto}
 * frontier of monthly cost against p95 TTFT, every {@code api_comparison} bill (same-model hosts
 * and frontier references), the workload's {@code monthly_tokens}, input tokens' share of them and
 * its {@code slo}, the {@code assumptions} the numbers rest on, and what was
 * {@code excluded} and why. Immutable; serializes with Jackson.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"options", "break_even", "break_even_by_model", "pareto", "api_comparison", "monthly_tokens", "input_token_share", "slo",
    "assumptions", "excluded", "search"})
public record Recommendation(
    List<StackOption> options,
    @JsonProperty("break_even") BreakEven breakEven,
    @JsonProperty("break_even_by_model") List<BreakEven> breakEvenByModel,
    List<ParetoPoint> pareto,
    @JsonProperty("api_comparison") List<ApiBill> apiComparison,
    @JsonProperty("monthly_tokens") double monthlyTokens,
    @JsonProperty("input_token_share") double inputTokenShare,
    Map<String, Object> slo,
    Map<String, Object> assumptions,
    List<String> excluded,
    Map<String, Object> search) {

  public Recommendation {
    options = List.copyOf(options);
    breakEvenByModel = List.copyOf(breakEvenByModel);
    pareto = List.copyOf(pareto);
    apiComparison = List.copyOf(apiComparison);
    excluded = List.copyOf(excluded);
  }

  /** A non-dominated option: no other is both cheaper and faster to first token. */
  public record ParetoPoint(
      int rank, String option, @JsonProperty("usd_per_month") double usdPerMonth,
      @JsonProperty("p95_ttft_ms") double p95TtftMs) {}

  public String toJson() {
    return JsonCodec.write(this, JsonCodec.Keys.DECLARED);
  }
}

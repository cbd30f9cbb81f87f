package io.serveplan.reports;

import java.util.List;

/**
 * A recommendation as its report reads it: the options cheapest first, the break-even against the
 * cheapest hosted API, the Pareto frontier of cost and latency, the workload's monthly volume and
 * input share, and the SLO.
 */
public record RecommendationDocument(
    List<Option> options,
    BreakEven breakEven,
    List<ParetoPoint> pareto,
    Double monthlyTokens,
    Double inputTokenShare,
    Slo slo,
    String specText) implements ResultDocument {

  public RecommendationDocument {
    if (options == null) {
      throw new IllegalArgumentException("options: missing; a recommendation has them");
    }
    options = List.copyOf(options);
    pareto = pareto == null ? List.of() : List.copyOf(pareto);
    slo = Slo.orNone(slo);
  }

  @Override
  public Kind kind() {
    return Kind.RECOMMENDATION;
  }

  @Override
  public RecommendationDocument withSpecText(String text) {
    return new RecommendationDocument(options, breakEven, pareto, monthlyTokens, inputTokenShare, slo, text);
  }

  /** The workload's tokens per month: the recommendation's own figure, else the break-even's. */
  public double workloadMonthlyTokens() {
    if (monthlyTokens != null) {
      return monthlyTokens;
    }
    return breakEven == null || breakEven.workloadMonthlyTokens() == null ? 0 : breakEven.workloadMonthlyTokens();
  }

  /** The input tokens' share of all tokens (0.8 when the document does not say). */
  public double inputShare() {
    return inputTokenShare == null ? 0.8 : inputTokenShare;
  }

  /**
   * One way to serve the workload. Hosted APIs name a provider and an API id and have no hardware;
   * GPU options (self-hosted, managed, serverless) name hardware, GPUs and replicas.
   */
  public record Option(
      Integer rank,
      String operatingModel,
      String provider,
      String api,
      String model,
      String hardware,
      Integer gpus,
      Integer replicas,
      Double usdPerMonth,
      Double usdPerMillionInputTokens,
      Double usdPerMillionOutputTokens,
      Double capacityTokensPerS,
      Double p95TtftMs,
      List<String> reasons) {

    public Option {
      reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    public boolean hostedApi() {
      return "hosted-api".equals(operatingModel);
    }

    /** How charts and tables name it: {@code DeepInfra llama-3.1-8b}, {@code self-hosted: 2× h100-sxm llama-3.1-8b}. */
    public String label() {
      if (hostedApi()) {
        String who = provider != null ? provider : api != null ? api : hardware != null ? hardware : "api";
        return who + " " + model;
      }
      return operatingModel + ": " + (gpus == null ? 1 : gpus) + "× " + hardware + " " + model;
    }
  }

  /**
   * The monthly volume above which the cheapest self-hosted option costs less than the cheapest
   * API ({@code monthlyTokens} null: never, within the search), with both sides' prices.
   */
  public record BreakEven(
      Double monthlyTokens,
      Double workloadMonthlyTokens,
      String selfHostedOption,
      String api,
      Double apiUsdPerMillionTokens,
      Double selfHostedFloorUsdPerMonth,
      Double selfHostedUsdPerMillionTokensAtScale,
      String note) {}

  /** A point of the cost–latency frontier. */
  public record ParetoPoint(Integer rank, String option, Double usdPerMonth, Double p95TtftMs) {}
}

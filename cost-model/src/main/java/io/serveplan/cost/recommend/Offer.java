package io.serveplan.cost.recommend;

import java.util.List;
import java.util.Map;

/**
 * What every stack option has: its rank (1 = cheapest; 0 before ranking), who sells the GPU time or
 * the tokens ({@code provider}), the model, the monthly bill and its $ per million tokens, the price
 * it was billed at ({@code price}: the catalog entry as written), why it performs and costs as it
 * does, the ranks whose $ range overlaps this one's (null when none: their order is not settled) and
 * whether its price is stale. Immutable.
 */
public record Offer(
    int rank,
    String provider,
    String model,
    double usdPerMonth,
    double usdPerMillionInputTokens,
    double usdPerMillionOutputTokens,
    double usdPerMillionTokens,
    Map<String, Object> price,
    List<String> reasons,
    List<Integer> overlapsWith,
    boolean stale) {

  public Offer {
    reasons = List.copyOf(reasons);
    overlapsWith = overlapsWith == null ? null : List.copyOf(overlapsWith);
  }

  Offer withRank(int r) {
    return new Offer(r, provider, model, usdPerMonth, usdPerMillionInputTokens, usdPerMillionOutputTokens,
        usdPerMillionTokens, price, reasons, overlapsWith, stale);
  }

  Offer withReasons(List<String> r) {
    return new Offer(rank, provider, model, usdPerMonth, usdPerMillionInputTokens, usdPerMillionOutputTokens,
        usdPerMillionTokens, price, r, overlapsWith, stale);
  }

  Offer withOverlaps(List<Integer> ranks) {
    return new Offer(rank, provider, model, usdPerMonth, usdPerMillionInputTokens, usdPerMillionOutputTokens,
        usdPerMillionTokens, price, reasons, ranks, stale);
  }
}

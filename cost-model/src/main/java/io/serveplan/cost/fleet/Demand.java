package io.serveplan.cost.fleet;

/**
 * The load a fleet must serve: average and peak request rates (requests per second), how many
 * hours a day the peak lasts, and the mean tokens of a request. {@code avgRps} is the daily
 * average, so a month's traffic is {@code avgRps × 3600 × hoursPerMonth} requests. Immutable.
 */
public record Demand(
    double avgRps, double peakRps, double peakHoursPerDay, double meanInputTokens, double meanOutputTokens) {

  public Demand {
    if (!(avgRps > 0)) {
      throw new IllegalArgumentException("avgRps must be > 0, got " + avgRps);
    }
    if (peakRps < avgRps) {
      throw new IllegalArgumentException("peakRps " + peakRps + " must be >= avgRps " + avgRps);
    }
    if (peakHoursPerDay < 0 || peakHoursPerDay > 24) {
      throw new IllegalArgumentException("peakHoursPerDay must be in [0, 24], got " + peakHoursPerDay);
    }
  }

  public double monthlyRequests(double hoursPerMonth) {
    return avgRps * 3600.0 * hoursPerMonth;
  }

  public double monthlyInputTokens(double hoursPerMonth) {
    return monthlyRequests(hoursPerMonth) * meanInputTokens;
  }

  public double monthlyOutputTokens(double hoursPerMonth) {
    return monthlyRequests(hoursPerMonth) * meanOutputTokens;
  }

  public double monthlyTokens(double hoursPerMonth) {
    return monthlyInputTokens(hoursPerMonth) + monthlyOutputTokens(hoursPerMonth);
  }

  /** Input tokens' share of all tokens. */
  public double inputTokenShare() {
    return meanInputTokens / (meanInputTokens + meanOutputTokens);
  }

  /** The same traffic shape scaled by {@code factor} (rates only). */
  public Demand scaled(double factor) {
    return new Demand(avgRps * factor, peakRps * factor, peakHoursPerDay, meanInputTokens, meanOutputTokens);
  }
}

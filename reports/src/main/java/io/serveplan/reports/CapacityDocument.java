package io.serveplan.reports;

import java.util.Comparator;
import java.util.List;

/**
 * A capacity curve as its report reads it: latencies (and, for a rate sweep, the rate achieved and
 * the goodput) at each offered rate, with the capacity found ({@code maxRps}, the highest rate
 * that holds the SLO), and for a sweep the knee and the service rate.
 */
public record CapacityDocument(
    String configuration,
    List<Point> curve,
    Double maxRps,
    Double kneeRps,
    Double serviceRps,
    Slo slo,
    String specText) implements ResultDocument {

  public CapacityDocument {
    if (curve == null) {
      throw new IllegalArgumentException("curve: missing; a capacity curve has it");
    }
    for (int i = 0; i < curve.size(); i++) {
      if (!(curve.get(i).rps() > 0)) {
        throw new IllegalArgumentException("curve[" + i + "].rps: missing or not > 0; every point is an offered rate"
            + " in requests/s");
      }
    }
    curve = curve.stream().sorted(Comparator.comparingDouble(Point::rps)).toList();
    slo = Slo.orNone(slo);
  }

  @Override
  public Kind kind() {
    return Kind.CAPACITY;
  }

  @Override
  public CapacityDocument withSpecText(String text) {
    return new CapacityDocument(configuration, curve, maxRps, kneeRps, serviceRps, slo, text);
  }

  /** True when the curve has the rate each point achieved (a rate sweep's curve). */
  public boolean hasAchievedRates() {
    return curve.stream().anyMatch(p -> p.achievedRps() != null);
  }

  /**
   * One offered rate. Latencies and rates are null where not measured: a rate above the service
   * rate may be failed without a simulation ({@code requests} 0).
   */
  public record Point(
      double rps,
      Double p95TtftMs,
      Double p95TpotMs,
      Double achievedRps,
      Double goodputRps,
      Integer requests) {

    /** Whether this rate was simulated (has latencies). */
    public boolean simulated() {
      return p95TtftMs != null && (requests == null || requests > 0);
    }
  }
}

package io.serveplan.cost.capacity;

/**
 * How a capacity search probes. {@code attainment} is the fraction of requests that must meet both
 * the TTFT and the TPOT target (the SLO of the spec searched); a probe first simulates {@code
 * requestsPerProbe} Poisson arrivals with the fixed {@code seed} (the same arrival pattern, scaled,
 * at every rate) and doubles the count, up to {@code maxRequestsPerProbe}, while its confidence
 * interval still straddles the target; {@code confidence} is that interval's two-sided level;
 * bisection stops when the bracket is within {@code relativeTolerance}; {@code initialRps} is the
 * first rate tried (0: start at 1 request/s); no rate above {@code maxRps} is tried. Immutable.
 */
public record CapacityOptions(
    double attainment, int requestsPerProbe, int maxRequestsPerProbe, long seed, double relativeTolerance,
    double initialRps, double maxRps, double confidence) {

  public CapacityOptions {
    if (!(attainment > 0 && attainment <= 1)) {
      throw new IllegalArgumentException("attainment must be in (0, 1], got " + attainment);
    }
    if (requestsPerProbe < 100) {
      throw new IllegalArgumentException("requestsPerProbe must be >= 100, got " + requestsPerProbe);
    }
    if (maxRequestsPerProbe < requestsPerProbe) {
      throw new IllegalArgumentException("maxRequestsPerProbe must be >= requestsPerProbe (" + requestsPerProbe
          + "), got " + maxRequestsPerProbe);
    }
    if (!(relativeTolerance > 0 && relativeTolerance < 1)) {
      throw new IllegalArgumentException("relativeTolerance must be in (0, 1), got " + relativeTolerance);
    }
    if (!(maxRps > 0)) {
      throw new IllegalArgumentException("maxRps must be > 0, got " + maxRps);
    }
    if (!(confidence > 0.5 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0.5, 1), got " + confidence);
    }
  }

  public static CapacityOptions defaults() {
    return new CapacityOptions(0.95, 1500, 8000, 42, 0.03, 0, 5000, 0.95);
  }

  public CapacityOptions withAttainment(double a) {
    return new CapacityOptions(a, requestsPerProbe, maxRequestsPerProbe, seed, relativeTolerance, initialRps, maxRps,
        confidence);
  }

  public CapacityOptions withInitialRps(double r) {
    return new CapacityOptions(attainment, requestsPerProbe, maxRequestsPerProbe, seed, relativeTolerance, r, maxRps,
        confidence);
  }

  /** Probes start at {@code n} requests and grow to at most {@code max}. */
  public CapacityOptions withRequestsPerProbe(int n, int max) {
    return new CapacityOptions(attainment, n, max, seed, relativeTolerance, initialRps, maxRps, confidence);
  }

  public CapacityOptions withRelativeTolerance(double t) {
    return new CapacityOptions(attainment, requestsPerProbe, maxRequestsPerProbe, seed, t, initialRps, maxRps,
        confidence);
  }
}

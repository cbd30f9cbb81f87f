package io.serveplan.cost.capacity;

/**
 * How a capacity search probes. {@code attainment} is the fraction of requests that must meet both
 * the TTFT and the TPOT target (the SLO of the spec searched); each probe simulates {@code
 * requestsPerProbe} Poisson arrivals with the fixed {@code seed} (the same arrival pattern, scaled,
 * at every rate, so attainment falls monotonically with rate); bisection stops when the bracket is
 * within {@code relativeTolerance}; {@code initialRps} is the first rate tried (0: start at 1
 * request/s); no rate above {@code maxRps} is tried. Immutable.
 */
public record CapacityOptions(
    double attainment, int requestsPerProbe, long seed, double relativeTolerance, double initialRps, double maxRps) {

  public CapacityOptions {
    if (!(attainment > 0 && attainment <= 1)) {
      throw new IllegalArgumentException("attainment must be in (0, 1], got " + attainment);
    }
    if (requestsPerProbe < 10) {
      throw new IllegalArgumentException("requestsPerProbe must be >= 10, got " + requestsPerProbe);
    }
    if (!(relativeTolerance > 0 && relativeTolerance < 1)) {
      throw new IllegalArgumentException("relativeTolerance must be in (0, 1), got " + relativeTolerance);
    }
    if (!(maxRps > 0)) {
      throw new IllegalArgumentException("maxRps must be > 0, got " + maxRps);
    }
  }

  public static CapacityOptions defaults() {
    return new CapacityOptions(0.95, 400, 42, 0.04, 0, 5000);
  }

  public CapacityOptions withAttainment(double a) {
    return new CapacityOptions(a, requestsPerProbe, seed, relativeTolerance, initialRps, maxRps);
  }

  public CapacityOptions withInitialRps(double r) {
    return new CapacityOptions(attainment, requestsPerProbe, seed, relativeTolerance, r, maxRps);
  }

  public CapacityOptions withRequestsPerProbe(int n) {
    return new CapacityOptions(attainment, n, seed, relativeTolerance, initialRps, maxRps);
  }
}

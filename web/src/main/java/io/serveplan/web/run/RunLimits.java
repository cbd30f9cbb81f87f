package io.serveplan.web.run;

/**
 * The most one submitted simulation may ask for.
 *
 * @param maxRequests largest {@code workload.num_requests}
 * @param maxSimulatedSeconds longest simulated duration (arrivals over rate, for open-loop arrivals)
 */
public record RunLimits(long maxRequests, long maxSimulatedSeconds) {
  public RunLimits {
    if (maxRequests < 1 || maxSimulatedSeconds < 1) {
      throw new IllegalArgumentException("run limits must be positive, got " + maxRequests + " requests, "
          + maxSimulatedSeconds + " s");
    }
  }
}

package io.serveplan.cost.capacity;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.serveplan.simulator.result.ResultMetrics;
import java.util.List;

/**
 * The highest arrival rate one replica of a configuration holds within its SLO in steady state
 * ({@code maxRps}, requests/s: the highest probed rate whose attainment reaches the target at the
 * search's confidence; 0 when even a lone request misses it), the tokens per second (input +
 * output) it delivers there, the attainment measured at that rate, the statistical range of the
 * capacity ({@code maxRpsLow} = {@code maxRps}; {@code maxRpsHigh} the lowest probed rate shown to
 * fail), the service rate a saturated replica completes ({@code serviceRps}: offered rates above it
 * fail without simulation), every probe sorted by rate (for charts), and the simulator's metrics at
 * that rate (null when infeasible). Immutable.
 */
public record Capacity(
    @JsonProperty("max_rps") double maxRps,
    @JsonProperty("tokens_per_sec") double tokensPerSec,
    @JsonProperty("slo_attainment") double sloAttainment,
    @JsonProperty("max_rps_low") double maxRpsLow,
    @JsonProperty("max_rps_high") double maxRpsHigh,
    @JsonProperty("service_rps") double serviceRps,
    List<CapacityPoint> curve,
    @JsonIgnore ResultMetrics metricsAtCapacity) {

  /** No rate meets the SLO. */
  public static Capacity none(double attainment, double serviceRps, List<CapacityPoint> curve) {
    return new Capacity(0, 0, attainment, 0, 0, serviceRps, curve, null);
  }

  public Capacity {
    curve = List.copyOf(curve);
  }

  public boolean feasible() {
    return maxRps > 0;
  }

  /** p95 TTFT interpolated on the curve at {@code rps} (clamped to the probed range). */
  public double p95TtftMsAt(double rps) {
    return interpolate(rps, true);
  }

  public double p95TpotMsAt(double rps) {
    return interpolate(rps, false);
  }

  private double interpolate(double rps, boolean ttft) {
    // probes failed without simulation (above the service rate) have no latencies
    List<CapacityPoint> measured = curve.stream().filter(p -> p.p95TtftMs() != null).toList();
    if (measured.isEmpty()) {
      return Double.NaN;
    }
    CapacityPoint prev = measured.get(0);
    if (rps <= prev.rps()) {
      return ttft ? prev.p95TtftMs() : prev.p95TpotMs();
    }
    for (CapacityPoint p : measured) {
      if (p.rps() >= rps) {
        double t = (rps - prev.rps()) / (p.rps() - prev.rps());
        double a = ttft ? prev.p95TtftMs() : prev.p95TpotMs();
        double b = ttft ? p.p95TtftMs() : p.p95TpotMs();
        return a + t * (b - a);
      }
      prev = p;
    }
    return ttft ? prev.p95TtftMs() : prev.p95TpotMs();
  }
}

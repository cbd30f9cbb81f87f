package io.serveplan.cost.capacity;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The highest arrival rate one replica of a configuration holds within its SLO ({@code maxRps},
 * requests/s; 0 when even a lone request misses it), the tokens per second (input + output) it
 * delivers there, the attainment measured at that rate, every probe sorted by rate (for charts),
 * and the simulator's metrics at that rate (null when infeasible). Immutable.
 */
public record Capacity(
    @JsonProperty("max_rps") double maxRps,
    @JsonProperty("tokens_per_sec") double tokensPerSec,
    @JsonProperty("slo_attainment") double sloAttainment,
    List<CapacityPoint> curve,
    @JsonIgnore Map<String, Object> metricsAtCapacity) {

  public Capacity {
    curve = List.copyOf(curve);
    metricsAtCapacity = metricsAtCapacity == null ? null : Map.copyOf(metricsAtCapacity);
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
    if (curve.isEmpty()) {
      return Double.NaN;
    }
    CapacityPoint prev = curve.get(0);
    if (rps <= prev.rps()) {
      return ttft ? prev.p95TtftMs() : prev.p95TpotMs();
    }
    for (CapacityPoint p : curve) {
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

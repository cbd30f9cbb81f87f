package io.serveplan.cost.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A fleet sized for a demand and its bill. Replicas are {@code gpusPerReplica} GPUs each
 * (tensor parallel); {@code replicasAvg} serves the average rate, {@code replicasPeak} the peak,
 * both at the target utilization of the replica's SLO capacity. Costs are USD; token prices are
 * USD per million tokens. Immutable.
 *
 * <pre>
 *   replicas(r)      = max(minReplicas, ceil(r / (capacityRps × targetUtilization)))
 *   GPU-hours / day  = gpus × (24 × replicasAvg + H × (replicasPeak − replicasAvg))   scaling down, where
 *                      H = min(24, max(minBillingHours, h + scaleUpLeadHours)), h = peak hours
 *                    = gpus × 24 × replicasPeak                              otherwise
 *   usd / month      = GPU-hours / day ÷ 24 × hoursPerMonth × usdPerGpuHour + ops
 *   usd / M input    = usd / month × inputShare ÷ input tokens / month × 1e6  (output alike)
 * </pre>
 *
 * {@code inputShare} is the fraction of GPU time spent on input tokens (prefill), from {@link
 * GpuTimeSplit}; the blended price divides by all tokens.
 */
public record FleetCost(
    @JsonProperty("gpus_per_replica") int gpusPerReplica,
    @JsonProperty("replicas_avg") int replicasAvg,
    @JsonProperty("replicas_peak") int replicasPeak,
    @JsonProperty("gpu_hours_per_month") double gpuHoursPerMonth,
    @JsonProperty("usd_per_gpu_hour") double usdPerGpuHour,
    @JsonProperty("usd_per_hour_peak") double usdPerHourPeak,
    @JsonProperty("usd_per_month") double usdPerMonth,
    @JsonProperty("input_cost_share") double inputCostShare,
    @JsonProperty("usd_per_million_input_tokens") double usdPerMillionInputTokens,
    @JsonProperty("usd_per_million_output_tokens") double usdPerMillionOutputTokens,
    @JsonProperty("usd_per_million_tokens") double usdPerMillionTokens) {

  /** Replicas needed to serve {@code rps} at the target utilization. */
  public static int replicas(double rps, double capacityRps, FleetOptions o) {
    if (!(capacityRps > 0)) {
      throw new IllegalArgumentException("capacityRps must be > 0, got " + capacityRps);
    }
    // NOTE: a tiny epsilon keeps 7.0000000001 from rounding up to 8 replicas.
    int n = (int) Math.ceil(rps / (capacityRps * o.targetUtilization()) - 1e-9);
    return Math.max(o.minReplicas(), n);
  }

  /**
   * Sizes and prices a fleet of dedicated GPUs (self-hosted, or managed with its platform price).
   *
   * @param capacityRps one replica's highest rate within the SLO
   * @param inputShare fraction of GPU time spent on input tokens, in [0, 1]
   */
  public static FleetCost dedicated(
      Demand d, double capacityRps, int gpusPerReplica, double usdPerGpuHour, double inputShare, FleetOptions o) {
    int avg = replicas(d.avgRps(), capacityRps, o);
    int peak = replicas(d.peakRps(), capacityRps, o);
    double h = d.peakHoursPerDay();
    double replicaHoursPerDay = o.scaleDown() ? 24.0 * avg + o.peakReplicaHours(h) * (peak - avg) : 24.0 * peak;
    double gpuHoursPerMonth = gpusPerReplica * replicaHoursPerDay / 24.0 * o.hoursPerMonth();
    double usdPerMonth = gpuHoursPerMonth * usdPerGpuHour + o.opsUsdPerMonth();
    return priced(d, gpusPerReplica, avg, peak, gpuHoursPerMonth, usdPerGpuHour, usdPerMonth, inputShare, o);
  }

  static FleetCost priced(
      Demand d, int gpus, int avg, int peak, double gpuHoursPerMonth, double usdPerGpuHour,
      double usdPerMonth, double inputShare, FleetOptions o) {
    if (inputShare < 0 || inputShare > 1) {
      throw new IllegalArgumentException("inputShare must be in [0, 1], got " + inputShare);
    }
    double in = d.monthlyInputTokens(o.hoursPerMonth());
    double out = d.monthlyOutputTokens(o.hoursPerMonth());
    return new FleetCost(
        gpus,
        avg,
        peak,
        gpuHoursPerMonth,
        usdPerGpuHour,
        gpus * peak * usdPerGpuHour,
        usdPerMonth,
        inputShare,
        in > 0 ? usdPerMonth * inputShare / in * 1e6 : 0,
        out > 0 ? usdPerMonth * (1 - inputShare) / out * 1e6 : 0,
        usdPerMonth / (in + out) * 1e6);
  }
}

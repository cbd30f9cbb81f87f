package io.serveplan.cost.recommend;

import io.serveplan.cost.capacity.CapacityPoint;
import java.util.List;
import java.util.Map;

/**
 * The GPU fleet of a serverless, managed or self-hosted option: the GPU ({@code hardware}), the GPUs
 * at peak ({@code gpus}), tensor parallelism, weight dtype, the engine settings, the replicas at peak
 * and on average, one replica's capacity at the SLO ({@code capacityRps}, {@code capacityTokensPerS})
 * and the attainment there, the simulated p95 TTFT and TPOT at the load one replica carries at peak,
 * the fleet's $ per hour at peak, the capacity search's probes, the low/high of capacity, replicas
 * and $ per month ({@code range}: from the search's statistics and the engine preset's stated
 * efficiency range, or a calibration profile's fit), whether the preset rests on no published figure,
 * where the timing came from ({@code timing}: origin {@code preset} or {@code calibration-profile},
 * its source, and the stated relative range of capacity), and the engine launch command
 * and benchmark commands that check the prediction on one replica. Immutable.
 */
public record GpuFleet(
    String hardware,
    int gpus,
    int tensorParallel,
    String weightsDtype,
    Map<String, Object> engine,
    int replicas,
    int replicasAvg,
    double capacityRps,
    double capacityTokensPerS,
    double sloAttainment,
    double p95TtftMs,
    double p95TpotMs,
    double usdPerHourPeak,
    List<CapacityPoint> capacityCurve,
    Map<String, Object> range,
    boolean provisionalEngine,
    Map<String, Object> timing,
    Map<String, String> commands) {

  public GpuFleet {
    capacityCurve = List.copyOf(capacityCurve);
  }

  /** The same fleet at another SLO attainment (serverless: cold starts lower it). */
  GpuFleet withSloAttainment(double attainment) {
    return new GpuFleet(hardware, gpus, tensorParallel, weightsDtype, engine, replicas, replicasAvg, capacityRps,
        capacityTokensPerS, attainment, p95TtftMs, p95TpotMs, usdPerHourPeak, capacityCurve, range, provisionalEngine,
        timing, commands);
  }
}

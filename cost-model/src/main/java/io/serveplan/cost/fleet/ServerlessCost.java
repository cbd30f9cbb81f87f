package io.serveplan.cost.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Serverless GPU: billed per second of active container time, containers scale to zero after
 * {@code scaledownWindowS} idle seconds, and a request that finds no warm container waits a cold
 * start. Immutable.
 *
 * <pre>
 *   load(r)          = r / (capacityRps × targetUtilization)         containers' worth of work
 *   warm(r)          = 1 − exp(−r × window)                          P(a request came in the last window)
 *   containers(r)    = ceil(load(r))            when load(r) > 1
 *                    = max(load(r), warm(r))    otherwise (one container, warm part of the time)
 *   coldFraction     = exp(−avgRps × window)                         requests that wait a cold start
 *   usd / month      = gpus × (h × containers(peak) + (24 − h) × containers(avg)) / 24 × hours × price
 * </pre>
 *
 * Arrivals are taken as Poisson; scale-up cold starts of extra containers under rising load are
 * not counted.
 */
public record ServerlessCost(
    FleetCost fleet,
    @JsonProperty("cold_start_s") double coldStartS,
    @JsonProperty("cold_request_fraction") double coldRequestFraction) {

  static double containers(double rps, double capacityRps, FleetOptions o, double windowS) {
    double load = rps / (capacityRps * o.targetUtilization());
    if (load > 1) {
      return Math.ceil(load - 1e-9);
    }
    return Math.max(load, 1 - Math.exp(-rps * windowS));
  }

  /**
   * @param coldStartS container start plus weights load, seconds
   */
  public static ServerlessCost of(
      Demand d, double capacityRps, int gpusPerReplica, double usdPerGpuHour, double windowS,
      double coldStartS, double inputShare, FleetOptions o) {
    double avg = containers(d.avgRps(), capacityRps, o, windowS);
    double peak = containers(d.peakRps(), capacityRps, o, windowS);
    double h = d.peakHoursPerDay();
    double gpuHoursPerMonth = gpusPerReplica * (h * peak + (24 - h) * avg) / 24.0 * o.hoursPerMonth();
    double usd = gpuHoursPerMonth * usdPerGpuHour;
    FleetCost f =
        FleetCost.priced(
            d, gpusPerReplica, (int) Math.ceil(avg), (int) Math.ceil(peak), gpuHoursPerMonth,
            usdPerGpuHour, usd, inputShare, o);
    return new ServerlessCost(f, coldStartS, Math.exp(-d.avgRps() * windowS));
  }
}

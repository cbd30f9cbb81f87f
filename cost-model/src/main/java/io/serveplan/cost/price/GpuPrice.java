package io.serveplan.cost.price;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * One offer of GPU time: a provider's price per GPU-hour for a catalog GPU in a pricing tier.
 * Serverless offers carry the assumed {@code coldStartS} and {@code scaledownWindowS}.
 * {@code referenceOnly} entries (market ranges) are shown, never picked. {@code stale} is true when
 * {@code asOf} is undated or older than the catalog's staleness limit. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GpuPrice(
    String id,
    String provider,
    String gpu,
    @JsonProperty("tier") String tierId,
    @JsonProperty("usd_per_gpu_hour") double usdPerGpuHour,
    @JsonProperty("usd_per_gpu_hour_range") List<Double> usdPerGpuHourRange,
    String instance,
    @JsonProperty("gpus_per_instance") int gpusPerInstance,
    String region,
    @JsonProperty("cold_start_s") Double coldStartS,
    @JsonProperty("scaledown_window_s") Double scaledownWindowS,
    @JsonProperty("reference_only") boolean referenceOnly,
    String source,
    @JsonProperty("as_of") String asOf,
    boolean stale,
    String notes) {

  public GpuPrice {
    Objects.requireNonNull(id, "id");
    usdPerGpuHourRange = usdPerGpuHourRange == null ? null : List.copyOf(usdPerGpuHourRange);
  }

  public PricingTier tier() {
    return PricingTier.byId(tierId);
  }

  public double usdPerGpuSecond() {
    return usdPerGpuHour / 3600.0;
  }
}

package io.serveplan.cost.recommend;

import java.util.Map;

/**
 * GPUs run by the team itself, in the sheet's pricing tier; {@code byTier} is the same fleet's hourly
 * and monthly cost in every pricing tier with an offer for the GPU (tier id → price, usd_per_gpu_hour,
 * usd_per_hour_peak, usd_per_month, stale).
 */
public record SelfHostedOption(Offer offer, GpuFleet gpuFleet, Map<String, Object> byTier) implements GpuOption {

  @Override
  public String operatingModel() {
    return "self-hosted";
  }

  @Override
  public SelfHostedOption withOffer(Offer o) {
    return new SelfHostedOption(o, gpuFleet, byTier);
  }
}

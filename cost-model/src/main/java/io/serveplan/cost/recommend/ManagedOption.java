package io.serveplan.cost.recommend;

/** A dedicated fleet on a managed inference platform: GPU hours plus the platform's fee, no scale-down. */
public record ManagedOption(Offer offer, GpuFleet gpuFleet) implements GpuOption {

  @Override
  public String operatingModel() {
    return "managed";
  }

  @Override
  public ManagedOption withOffer(Offer o) {
    return new ManagedOption(o, gpuFleet);
  }
}

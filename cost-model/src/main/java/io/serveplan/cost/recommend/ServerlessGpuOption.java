package io.serveplan.cost.recommend;

/**
 * GPUs rented per second from a serverless platform that scales to zero: billed while replicas run,
 * with cold starts (their share of requests lowers {@code gpuFleet.sloAttainment}).
 */
public record ServerlessGpuOption(Offer offer, GpuFleet gpuFleet) implements GpuOption {

  @Override
  public String operatingModel() {
    return "serverless-gpu";
  }

  @Override
  public ServerlessGpuOption withOffer(Offer o) {
    return new ServerlessGpuOption(o, gpuFleet);
  }
}

package io.serveplan.cost.recommend;

import java.util.Optional;

/** The workload's tokens bought from a hosted API ({@code api}: the price catalog's API id); its latency is not simulated. */
public record HostedApiOption(Offer offer, String api) implements StackOption {

  @Override
  public String operatingModel() {
    return "hosted-api";
  }

  @Override
  public Optional<GpuFleet> fleet() {
    return Optional.empty();
  }

  @Override
  public HostedApiOption withOffer(Offer o) {
    return new HostedApiOption(o, api);
  }

  @Override
  public String label() {
    return operatingModel() + " " + (api != null ? api : model());
  }
}

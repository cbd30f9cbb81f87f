package io.serveplan.cost.recommend;

import java.util.Optional;

/** A stack option that runs the model on GPUs: serverless, managed or self-hosted. */
public sealed interface GpuOption extends StackOption permits ServerlessGpuOption, ManagedOption, SelfHostedOption {

  /** The fleet (never empty for a GPU option). */
  GpuFleet gpuFleet();

  @Override
  default Optional<GpuFleet> fleet() {
    return Optional.of(gpuFleet());
  }

  @Override
  default String label() {
    GpuFleet f = gpuFleet();
    return String.format(java.util.Locale.ROOT, "%s %s on %d× %s (tp %d, %s, %s)", operatingModel(), model(), f.gpus(),
        f.hardware(), f.tensorParallel(), f.weightsDtype(), f.engine().get("preset"));
  }
}

package io.serveplan.simulator;

import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.plan.RunPlan;
import io.serveplan.simulator.plan.RunPlanResolver;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.workload.Workload;

/**
 * Runs a what-if spec: resolves it into a {@link RunPlan} ({@link RunPlanResolver}: catalog ids,
 * hardware, engine, memory plan, execution-time model from the engine preset or the calibration
 * profile the spec names), generates the workload and drives one shared scheduler per replica
 * with a discrete-event clock. Stateless; each call owns its run.
 */
public final class Simulation {

  private Simulation() {}

  public static SimulationResult run(WhatIfSpec spec, Catalog catalog) {
    return run(spec, catalog, SimulationOptions.defaults());
  }

  /**
   * @throws SpecException naming the field for unknown ids, configurations that do not fit, and
   *     runs larger than the options' limits
   */
  public static SimulationResult run(WhatIfSpec spec, Catalog catalog, SimulationOptions options) {
    return run(new RunPlanResolver(catalog, options.calibration()).resolve(spec), options);
  }

  /**
   * Runs a plan already resolved (the options' calibration resolver is not consulted again).
   *
   * @throws SpecException for runs larger than the options' limits
   */
  public static SimulationResult run(RunPlan plan, SimulationOptions options) {
    Workload workload = plan.workload(options.maxRequests());
    checkDuration(workload, options);
    return new SimulationRun(plan.forWorkload(workload), workload, options).run();
  }

  private static void checkDuration(Workload w, SimulationOptions options) {
    long last = 0;
    for (int i = 0; i < w.size(); i++) {
      last = Math.max(last, w.arrivalNs(i));
    }
    if (last / 1e9 > options.maxSimulatedSeconds()) {
      throw new SpecException("workload", String.format(java.util.Locale.ROOT,
          "arrivals span %.0f s of simulated time, over this run's limit of %d s (lower "
              + "num_requests, raise rate or time_scale, or raise the limit, e.g. simulate "
              + "--max-simulated-seconds)", last / 1e9, options.maxSimulatedSeconds()));
    }
  }
}

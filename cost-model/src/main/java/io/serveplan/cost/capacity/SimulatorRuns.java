package io.serveplan.cost.capacity;

import io.serveplan.simulator.Simulation;
import io.serveplan.simulator.SimulationOptions;

/** The simulator as a capacity probe: per-request summaries kept, ITL lists not (pure decode stays fast). */
final class SimulatorRuns {

  /** Low rates need a long simulated span to hold enough requests. */
  private static final long MAX_SIMULATED_SECONDS = 30L * 24 * 3600;

  private SimulatorRuns() {}

  static ProbeSimulator simulator() {
    SimulationOptions options = SimulationOptions.defaults().withRequestSummaries()
        .withLimits(SimulationOptions.DEFAULT_MAX_REQUESTS, MAX_SIMULATED_SECONDS);
    return plan -> Simulation.run(plan, options);
  }
}
